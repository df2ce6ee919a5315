import Foundation
public import GRDB
public import GRPCCore
public import GraduateProto
public import Logging
public import RPCTransport
public import ServiceLifecycle

/// Where one subscriber's events go: a function that delivers a batch, in order, and
/// returns the ids the subscriber has applied (a prefix of the batch).
public struct OutboxSubscriber: Sendable {
    public var name: String
    public var deliver: @Sendable ([Event]) async throws -> [String]

    public init(name: String, deliver: @escaping @Sendable ([Event]) async throws -> [String]) {
        self.name = name
        self.deliver = deliver
    }

    /// A subscriber reached through its `graduate.events.v1.EventSink/Deliver` RPC.
    /// `metadata` is asked for each batch (a fresh service token, say).
    public static func rpc<Transport: ClientTransport>(
        name: String,
        client: GRPCClient<Transport>,
        metadata: @escaping @Sendable () async throws -> Metadata = { [:] },
        timeout: Duration = .seconds(30)
    ) -> OutboxSubscriber {
        let sink = Graduate_Events_V1_EventSink.Client(wrapping: client)
        return OutboxSubscriber(name: name) { events in
            var request = Graduate_Events_V1_DeliverRequest()
            request.events = events
            var options = CallOptions.defaults
            options.timeout = timeout
            return try await sink.deliver(request, metadata: try await metadata(), options: options).acknowledgedIds
        }
    }
}

/// Delivers the outbox to every subscriber: in order per aggregate, in batches, retrying
/// with backoff until acknowledged. Acknowledged events leave the queue only after the
/// subscriber said so, so a relay killed at any point re-sends on restart and nothing is
/// lost; the subscriber's inbox makes the repeats harmless.
public struct OutboxRelay: Service {
    public struct Settings: Sendable {
        public var batchSize = 256
        /// How often the queue is checked even without a wake-up (events committed by another
        /// process, or a failed event whose backoff has passed).
        public var pollInterval: Duration = .seconds(1)
        public var backoff = ReconnectBackoff()

        public init() {}
    }

    private let pool: DatabasePool
    private let outbox: Outbox
    private let subscribers: [OutboxSubscriber]
    private let settings: Settings
    private let logger: Logger

    public init(
        pool: DatabasePool,
        outbox: Outbox,
        subscribers: [OutboxSubscriber],
        settings: Settings = Settings(),
        logger: Logger
    ) {
        self.pool = pool
        self.outbox = outbox
        self.subscribers = subscribers
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        guard !self.subscribers.isEmpty else {
            // Nothing to deliver yet; a lifecycle service must still run until shutdown.
            try? await gracefulShutdown()
            return
        }
        // On shutdown a delivery in flight is abandoned: its events stay queued and are
        // re-sent by the next start (the subscriber's inbox drops the repeats).
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for subscriber in self.subscribers {
                    group.addTask { await self.relay(to: subscriber) }
                }
            }
        }
    }

    private func relay(to subscriber: OutboxSubscriber) async {
        var failures = 0
        while !Task.isCancelled {
            let seen = self.outbox.signal.generation
            do {
                let batch = try await OutboxQueue.nextBatch(
                    for: subscriber.name,
                    source: self.outbox.source,
                    limit: self.settings.batchSize,
                    in: self.pool
                )
                if batch.isEmpty {
                    await self.outbox.signal.wait(after: seen, timeout: self.settings.pollInterval)
                    continue
                }
                let acknowledged = try await subscriber.deliver(batch)
                try await OutboxQueue.settle(
                    batch,
                    acknowledged: acknowledged,
                    subscriber: subscriber.name,
                    backoff: self.settings.backoff,
                    in: self.pool
                )
                failures = 0
            } catch {
                failures += 1
                let delay = self.settings.backoff.delay(attempt: failures - 1)
                self.logger.warning(
                    "event delivery failed; will retry",
                    metadata: ["subscriber": "\(subscriber.name)", "error": "\(error)", "retryInMs": "\(Int(delay.seconds * 1000))"]
                )
                try? await Task.sleep(for: delay)
            }
        }
    }
}

/// The queries of the outbox queue, apart from the relay loop so tests can drive them.
public enum OutboxQueue {
    /// The next events for `subscriber`, oldest first, skipping every aggregate whose
    /// oldest pending event is waiting out a retry backoff (order per aggregate holds).
    /// Those are found through the partial index of the events in backoff, named: without
    /// statistics SQLite would take the primary key and read every pending row per batch.
    public static func nextBatch(
        for subscriber: String,
        source: String,
        limit: Int,
        in pool: DatabasePool
    ) async throws -> [Event] {
        let now = nowMilliseconds()
        return try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.seq, e.id, e.aggregate_type, e.aggregate_id, e.type, e.payload, e.occurred_at_ms
                    FROM outbox_pending p JOIN outbox_event e ON e.seq = p.seq
                    WHERE p.subscriber = ?
                      AND p.aggregate_key NOT IN (
                          SELECT aggregate_key FROM outbox_pending INDEXED BY outbox_pending_backoff
                          WHERE subscriber = ? AND next_attempt_at_ms > 0 AND next_attempt_at_ms > ?)
                    ORDER BY p.seq
                    LIMIT ?
                    """,
                arguments: [subscriber, subscriber, now, limit]
            )
            return rows.map { row in
                var event = Event()
                event.sequence = UInt64(row["seq"] as Int64)
                event.id = row["id"]
                event.aggregateType = row["aggregate_type"]
                event.aggregateID = row["aggregate_id"]
                event.type = row["type"]
                event.payload = row["payload"]
                event.occurredAtMs = row["occurred_at_ms"]
                event.source = source
                return event
            }
        }
    }

    /// Removes the acknowledged events from the subscriber's queue; the first event it did
    /// not acknowledge is what failed, and waits out a backoff before it (and its aggregate)
    /// is tried again. Events after it in the batch were not tried and stay as they are.
    public static func settle(
        _ batch: [Event],
        acknowledged: [String],
        subscriber: String,
        backoff: ReconnectBackoff,
        in pool: DatabasePool
    ) async throws {
        let acknowledgedSet = Set(acknowledged)
        let failed = batch.first { !acknowledgedSet.contains($0.id) }
        try await pool.write { db in
            for event in batch where acknowledgedSet.contains(event.id) {
                try db.executeCached(
                    sql: "DELETE FROM outbox_pending WHERE subscriber = ? AND seq = ?",
                    arguments: [subscriber, Int64(event.sequence)]
                )
            }
            if let failed {
                let attempts = try Int.fetchOne(
                    db,
                    sql: "SELECT attempts FROM outbox_pending WHERE subscriber = ? AND seq = ?",
                    arguments: [subscriber, Int64(failed.sequence)]
                ) ?? 0
                let delay = backoff.delay(attempt: attempts)
                try db.execute(
                    sql: """
                        UPDATE outbox_pending SET attempts = attempts + 1, next_attempt_at_ms = ?, last_error = ?
                        WHERE subscriber = ? AND seq = ?
                        """,
                    arguments: [
                        nowMilliseconds() + Int64(delay.seconds * 1000),
                        "not acknowledged by \(subscriber)",
                        subscriber,
                        Int64(failed.sequence),
                    ]
                )
            }
        }
    }

    /// Events not yet acknowledged, per subscriber (for health and tests).
    public static func pendingCount(for subscriber: String, in pool: DatabasePool) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_pending WHERE subscriber = ?", arguments: [subscriber]) ?? 0
        }
    }
}
