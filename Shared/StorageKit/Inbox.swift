public import GRDB
public import GRPCCore
public import GraduateProto
public import Logging

/// The subscriber side of events: remembers every applied event id, so an event delivered
/// twice (a relay restarted after the subscriber applied it, say) changes nothing the
/// second time.
public enum Inbox {
    /// Applies `event` with `apply` inside the current transaction unless it was applied
    /// before. Returns whether it was applied now.
    @discardableResult
    public static func applyOnce(
        _ event: Event,
        in db: Database,
        apply: (Event, Database) throws -> Void
    ) throws -> Bool {
        try db.executeCached(
            sql: "INSERT OR IGNORE INTO inbox_event (id, source, type, applied_at_ms) VALUES (?, ?, ?, ?)",
            arguments: [event.id, event.source, event.type, nowMilliseconds()]
        )
        guard db.changesCount == 1 else { return false }
        try apply(event, db)
        return true
    }
}

/// `graduate.events.v1.EventSink` for a service that consumes events: each event is applied
/// together with its inbox row; delivery stops at the first event that fails, and only those
/// before it are acknowledged, so order per aggregate holds.
public struct InboxEventSink: Graduate_Events_V1_EventSink.SimpleServiceProtocol {
    public typealias Apply = @Sendable (Event, Database) throws -> Void

    private let pool: DatabasePool
    private let apply: Apply
    private let logger: Logger

    public init(pool: DatabasePool, logger: Logger, apply: @escaping Apply) {
        self.pool = pool
        self.apply = apply
        self.logger = logger
    }

    public func deliver(
        request: Graduate_Events_V1_DeliverRequest,
        context: ServerContext
    ) async throws -> Graduate_Events_V1_DeliverResponse {
        var response = Graduate_Events_V1_DeliverResponse()
        // The whole batch in one transaction (one fsync, not one per event: a roster import
        // is thousands of events). If any event fails, nothing of the batch is kept and the
        // events are applied one by one, to acknowledge those before the failing one.
        do {
            try await self.pool.write { db in
                for event in request.events {
                    _ = try Inbox.applyOnce(event, in: db, apply: self.apply)
                }
            }
            response.acknowledgedIds = request.events.map(\.id)
            return response
        } catch {
            self.logger.warning("event batch not applied, retrying one by one", metadata: ["error": "\(error)"])
        }
        for event in request.events {
            do {
                try await self.pool.write { db in
                    _ = try Inbox.applyOnce(event, in: db, apply: self.apply)
                }
                response.acknowledgedIds.append(event.id)
            } catch {
                self.logger.error(
                    "event not applied",
                    metadata: ["event": "\(event.id)", "type": "\(event.type)", "error": "\(error)"]
                )
                break
            }
        }
        return response
    }
}
