public import GRDB
import Synchronization

/// Group commit: many concurrent writes share one transaction, and so one fsync.
///
/// With `synchronous=FULL` every commit waits for the disk; on the development machines that
/// is about 4 ms, i.e. some 260 commits per second however fast the code is. Requests that
/// arrive while a commit is in flight are queued; the next transaction runs each of them in
/// its own savepoint (a failing one rolls back alone and gets its error), commits once, and
/// only then answers them all. An acknowledged write is therefore still on disk before its
/// caller hears of it, as with one transaction per write.
public final class GroupCommit: Sendable {
    private struct Job: Sendable {
        let work: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct State {
        var pending: [Job] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())
    /// At most this many writes share a transaction (bounds the time one batch holds the writer).
    private let maxBatch: Int

    public init(pool: DatabasePool, maxBatch: Int = 256) {
        self.pool = pool
        self.maxBatch = maxBatch
    }

    /// Runs `work` in a savepoint of the next group transaction; returns once it is committed.
    /// `work` runs in the writer's own task: read task-locals (the caller, the request's
    /// idempotency key) before calling this, not inside `work`.
    public func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let startDraining = self.state.withLock { state in
                state.pending.append(Job(work: { db in try work(db) }, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDraining {
                // Detached: the writes of a batch belong to many callers, so none of their
                // task-locals (request ids, principals) may leak into it.
                Task.detached { await self.drain() }
            }
        }
        return value as! T
    }

    private func drain() async {
        while true {
            let jobs: [Job] = self.state.withLock { state in
                let batch = Array(state.pending.prefix(self.maxBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if jobs.isEmpty { return }
            do {
                let results = try await self.pool.write { db -> [Result<any Sendable, any Error>] in
                    var results: [Result<any Sendable, any Error>] = []
                    results.reserveCapacity(jobs.count)
                    for job in jobs {
                        var result: Result<any Sendable, any Error> = .failure(CancellationError())
                        try db.inSavepoint {
                            do {
                                result = .success(try job.work(db))
                                return .commit
                            } catch {
                                result = .failure(error)
                                return .rollback
                            }
                        }
                        results.append(result)
                    }
                    return results
                }
                for (job, result) in zip(jobs, results) {
                    job.continuation.resume(with: result)
                }
            } catch {
                // The commit itself failed: nothing of the batch is written.
                for job in jobs { job.continuation.resume(throwing: error) }
            }
        }
    }
}
