public import Foundation
public import GRDB
public import GraduateProto
import Synchronization

public typealias Event = Graduate_Events_V1_Event

/// The transactional outbox: a service records the events a change causes inside the same
/// `write` as the change, so both commit or neither does. The relay delivers them later.
public struct Outbox: Sendable {
    /// The name of the producing service, stamped on every event.
    public let source: String
    /// Who receives events; each gets its own queue.
    public let subscribers: [String]
    /// Rings after each commit that appended events.
    public let signal: OutboxSignal

    public init(source: String, subscribers: [String], signal: OutboxSignal = OutboxSignal()) {
        self.source = source
        self.subscribers = subscribers
        self.signal = signal
    }

    /// Queues, for every configured subscriber the database has not seen before, all the
    /// events recorded so far: a service that starts subscribing later still receives the
    /// whole history (the roster, say), in order. Call once at start-up, before the relay.
    public func registerSubscribers(in pool: DatabasePool) async throws {
        let subscribers = self.subscribers
        try await pool.write { db in
            for subscriber in subscribers {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM outbox_subscriber WHERE name = ?", arguments: [subscriber]) != true else {
                    continue
                }
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO outbox_pending (subscriber, seq, aggregate_key)
                        SELECT ?, seq, aggregate_type || '/' || aggregate_id FROM outbox_event
                        """,
                    arguments: [subscriber]
                )
                try db.execute(
                    sql: "INSERT INTO outbox_subscriber (name, registered_at_ms) VALUES (?, ?)", arguments: [subscriber, nowMilliseconds()]
                )
            }
        }
        self.signal.notify()
    }

    /// Records an event in the current transaction. The relay is woken once it commits.
    @discardableResult
    public func append(
        type: String,
        aggregateType: String,
        aggregateID: String,
        payload: Data,
        in db: Database
    ) throws -> Event {
        var event = Event()
        // Time-ordered: the outbox's id index grows at its end (a 20,000-event import).
        event.id = TimeOrderedID.make()
        event.source = self.source
        event.type = type
        event.aggregateType = aggregateType
        event.aggregateID = aggregateID
        event.payload = payload
        event.occurredAtMs = nowMilliseconds()
        // Cached statements: a 20,000-row roster import appends 20,000 events in one transaction.
        try db.executeCached(
            sql: """
                INSERT INTO outbox_event (id, aggregate_type, aggregate_id, type, payload, occurred_at_ms)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [event.id, event.aggregateType, event.aggregateID, event.type, event.payload, event.occurredAtMs]
        )
        let seq = db.lastInsertedRowID
        event.sequence = UInt64(seq)
        let aggregateKey = "\(aggregateType)/\(aggregateID)"
        for subscriber in self.subscribers {
            try db.executeCached(
                sql: "INSERT INTO outbox_pending (subscriber, seq, aggregate_key) VALUES (?, ?, ?)",
                arguments: [subscriber, seq, aggregateKey]
            )
        }
        self.signal.notifyAfterCommit(of: db)
        return event
    }
}

/// Wakes the relays when new events have committed, so delivery does not wait for a poll.
/// A generation counter lets each relay see every notification, however many relays wait.
public final class OutboxSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Connections whose open transaction already rings once it ends. GRDB keeps every
    /// `afterNextTransaction` as a transaction observer that each later statement of the
    /// transaction consults, so one per event made a 20,000-event import quadratic (123 s).
    private let armed = Mutex(Set<ObjectIdentifier>())

    public init() {}

    /// Rings once the current transaction of `db` commits (nothing to deliver if it rolls
    /// back), however many events it appends.
    public func notifyAfterCommit(of db: Database) {
        let connection = ObjectIdentifier(db)
        guard self.armed.withLock({ $0.insert(connection).inserted }) else { return }
        db.afterNextTransaction(
            onCommit: { _ in
                self.armed.withLock { _ = $0.remove(connection) }
                self.notify()
            },
            onRollback: { _ in self.armed.withLock { _ = $0.remove(connection) } }
        )
    }

    public var generation: UInt64 { self.state.withLock { $0.generation } }

    public func notify() {
        let waiters = self.state.withLock { state in
            state.generation += 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the generation has moved past `seen`, or after `timeout`.
    func wait(after seen: UInt64, timeout: Duration) async {
        let id = self.state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.release(id)
            }
            await withCheckedContinuation { continuation in
                let ready = self.state.withLock { state -> Bool in
                    if state.generation != seen || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
            group.cancelAll()
        }
    }

    private func release(_ id: UInt64) {
        self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
    }
}
