public import AuthKit
public import GRDB
public import GraduateProto
import SwiftProtobuf

/// The durable side of `RevokedSessions`: the `revoked_session` table of every service's
/// database, written in the transaction that revokes (accounts) or applies the revocation
/// event (everyone else), and read back at start, so a restart forgets no revocation.
public enum SessionRevocations {
    /// The accounts service's event (payload `SessionsRevoked`, aggregate "account").
    public static let eventType = "account.sessions.revoked"

    /// Stores the revocation and, once the transaction commits, tells `list`.
    public static func record(_ sessionIDs: [String], until: Int64, into list: RevokedSessions, in db: Database) throws {
        let ids = sessionIDs.filter { !$0.isEmpty }
        guard !ids.isEmpty else { return }
        for id in ids {
            try db.execute(
                sql: """
                    INSERT INTO revoked_session (session_id, until_ms) VALUES (?, ?)
                    ON CONFLICT (session_id) DO UPDATE SET until_ms = max(until_ms, excluded.until_ms)
                    """,
                arguments: [id, until]
            )
        }
        db.afterNextTransaction { _ in list.revoke(ids, until: until) }
    }

    /// Applies the accounts service's revocation event, if `event` is one (an inbox's apply).
    public static func apply(_ event: Event, into list: RevokedSessions, in db: Database) throws {
        guard event.type == Self.eventType else { return }
        let revoked = try Graduate_Events_V1_SessionsRevoked(serializedBytes: event.payload)
        try Self.record(revoked.sessionIds, until: revoked.untilMs, into: list, in: db)
    }

    /// The list as the database remembers it, the expired forgotten (at a service's start).
    public static func load(from pool: DatabasePool, now: Int64 = nowMilliseconds()) async throws -> RevokedSessions {
        let rows = try await pool.write { db -> [Row] in
            try db.execute(sql: "DELETE FROM revoked_session WHERE until_ms <= ?", arguments: [now])
            return try Row.fetchAll(db, sql: "SELECT session_id, until_ms FROM revoked_session")
        }
        let list = RevokedSessions()
        for row in rows { list.revoke([row["session_id"] as String], until: row["until_ms"]) }
        return list
    }
}
