import Foundation
import GRDB
import StorageKit
import Synchronization
import Testing

/// Group commit: concurrent writes share transactions, each is answered only after its
/// transaction committed, and a failing write rolls back alone.
@Suite("Group commit")
struct GroupCommitTests {
    final class CommitCounter: TransactionObserver, @unchecked Sendable {
        let commits = Atomic<Int>(0)
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { self.commits.add(1, ordering: .relaxed) }
        func databaseDidRollback(_ db: Database) {}
    }

    func pool(_ directory: borrowing TemporaryDirectory) throws -> DatabasePool {
        let pool = try ServiceDatabase.open(path: directory.file("g.sqlite"), synchronous: .full, migrator: Migrations.migrator { migrator in
            migrator.registerMigration("t") { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)") }
        })
        return pool
    }

    @Test("100 concurrent writes: all committed and answered, in far fewer transactions")
    func batches() async throws {
        let directory = try TemporaryDirectory()
        let pool = try self.pool(directory)
        let counter = CommitCounter()
        try await pool.write { db in db.add(transactionObserver: counter, extent: .databaseLifetime) }
        let writer = GroupCommit(pool: pool)
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            // The first write holds the writer a moment, so the others queue up behind it.
            group.addTask {
                try await writer.write { db in
                    Thread.sleep(forTimeInterval: 0.2)
                    try db.execute(sql: "INSERT INTO t (v) VALUES ('first')")
                    return db.lastInsertedRowID
                }
            }
            try await Task.sleep(for: .milliseconds(20))
            for index in 0..<99 {
                group.addTask {
                    try await writer.write { db in
                        try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: ["v\(index)"])
                        return db.lastInsertedRowID
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(Set(ids).count == 100)
        // Answered only after commit: a separate reader sees every row.
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 100)
        #expect(counter.commits.load(ordering: .relaxed) < 20)
    }

    @Test("a failing write rolls back alone; the others in its transaction commit")
    func failureIsolated() async throws {
        let directory = try TemporaryDirectory()
        let pool = try self.pool(directory)
        let writer = GroupCommit(pool: pool)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for (index, value) in ["a", "b", "a", "c"].enumerated() {
                group.addTask {
                    do {
                        try await writer.write { db in
                            try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: ["x-\(index)"])
                            try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: [value])
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 3)
        // Four first inserts ran; the failing write's was rolled back with it.
        let values = try await pool.read { db in try String.fetchAll(db, sql: "SELECT v FROM t ORDER BY v") }
        #expect(values.filter { !$0.hasPrefix("x-") } == ["a", "b", "c"])
        #expect(values.filter { $0.hasPrefix("x-") }.count == 3)
    }
}
