import AuthKit
import Foundation
import GRDB
import GraduateProto
import StorageKit
import SwiftProtobuf

/// Sessions: a sign-in and the refresh tokens it rotates through. Ending one — signing out,
/// a stolen refresh token used again, the account disabled or its password reset or changed —
/// revokes its refresh tokens and, through `account.sessions.revoked`, the access tokens it
/// issued, in every service within the relay's delay (this service at once).
extension AccountsService {
    enum SessionEnd: String {
        case signedOut
        case refreshTokenReused
        case accountDisabled
        case passwordReset
        case passwordChanged
        case apiKeyRevoked
    }

    /// A new session's id (unguessable, like every id).
    static func newSessionID() -> String { UUID().uuidString.lowercased() }

    /// The sessions of the account that may still have a live access token: an unrevoked
    /// refresh token, or one revoked within an access token's lifetime.
    func liveSessions(of accountID: String, except kept: String? = nil, in db: Database) throws -> [String] {
        let horizon = nowMilliseconds() - self.accessTokenMilliseconds
        return try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT session_id FROM refresh_token
                WHERE account_id = ? AND (revoked_at_ms IS NULL OR revoked_at_ms > ?) AND session_id IS NOT ?
                """,
            arguments: [accountID, horizon, kept]
        )
    }

    /// Ends the sessions: their refresh tokens revoked, their access tokens refused from the
    /// commit on, here and (by the event, in this transaction) everywhere else.
    func endSessions(
        _ sessionIDs: [String], of accountID: String, because reason: SessionEnd,
        tokensLiveFor lifetime: Int64? = nil, in db: Database
    ) throws {
        guard !sessionIDs.isEmpty else { return }
        let now = nowMilliseconds()
        for id in sessionIDs {
            try db.execute(
                sql: "UPDATE refresh_token SET revoked_at_ms = ? WHERE session_id = ? AND revoked_at_ms IS NULL", arguments: [now, id]
            )
        }
        let until = now + (lifetime ?? self.accessTokenMilliseconds)
        try SessionRevocations.record(sessionIDs, until: until, into: self.revokedSessions, in: db)
        var event = Graduate_Events_V1_SessionsRevoked()
        event.accountID = accountID
        event.sessionIds = sessionIDs
        event.untilMs = until
        event.reason = reason.rawValue
        _ = try self.outbox.append(
            type: SessionRevocations.eventType, aggregateType: "account", aggregateID: accountID,
            payload: try event.serializedBytes(), in: db
        )
    }

    /// Ends every session of the account that may still be live (but `kept`).
    func endAllSessions(of accountID: String, except kept: String? = nil, because reason: SessionEnd, in db: Database) throws {
        try self.endSessions(try self.liveSessions(of: accountID, except: kept, in: db), of: accountID, because: reason, in: db)
    }

    var accessTokenMilliseconds: Int64 { self.settings.accessTokenLifetime.milliseconds }
}
