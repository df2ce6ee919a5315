import AccountsService
import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import StorageKit
import SwiftProtobuf
import Testing
import TransportTestSupport

/// Ending a session ends its access tokens too, not only its refresh token: here at once, and
/// in the other services by the `account.sessions.revoked` event written in the same commit.
@Suite("Sessions over TCP")
struct SessionTests {
    private static func refresh(_ harness: AccountsHarness, _ token: String) async throws -> Graduate_Accounts_V1_SignInResponse {
        var request = Graduate_Accounts_V1_RefreshRequest()
        request.refreshToken = token
        return try await harness.client.refresh(request)
    }

    private static func signOut(_ harness: AccountsHarness, _ token: String) async throws {
        var request = Graduate_Accounts_V1_SignOutRequest()
        request.refreshToken = token
        _ = try await harness.client.signOut(request)
    }

    private static func whoAmI(_ harness: AccountsHarness, _ session: Graduate_Accounts_V1_SignInResponse) async -> RPCError.Code? {
        await rpcCode { _ = try await harness.client.getMyAccount(.init(), metadata: .bearer(session.accessToken)) }
    }

    /// The revocation events in the outbox, oldest first.
    private static func revocations(_ harness: AccountsHarness) async throws -> [Graduate_Events_V1_SessionsRevoked] {
        try await harness.pool.read { db in
            try Data.fetchAll(db, sql: "SELECT payload FROM outbox_event WHERE type = ? ORDER BY seq", arguments: [SessionRevocations.eventType])
        }.map { try Graduate_Events_V1_SessionsRevoked(serializedBytes: $0) }
    }

    @Test("signing out ends the access token at once and tells the other services; another session goes on")
    func signOutEndsAccessToken() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let phone = try await harness.signIn(.staff, school: "10001", "admin", school.password)
            let laptop = try await harness.signIn(.staff, school: "10001", "admin", school.password)
            #expect(await Self.whoAmI(harness, phone) == nil)
            let before = try await Self.revocations(harness).count
            try await Self.signOut(harness, phone.refreshToken)
            #expect(await Self.whoAmI(harness, phone) == .unauthenticated)
            #expect(await Self.whoAmI(harness, laptop) == nil)
            let events = try await Self.revocations(harness)
            #expect(events.count == before + 1)
            #expect(events.last?.reason == "signedOut" && events.last?.sessionIds.count == 1)
            #expect((events.last?.untilMs ?? 0) > nowMilliseconds() + 14 * 60 * 1000)
            // Signing out twice changes nothing and says nothing.
            try await Self.signOut(harness, phone.refreshToken)
            #expect(try await Self.revocations(harness).count == before + 1)
        }
    }

    @Test("a rotated refresh token used again ends the whole session: the thief's and the owner's tokens alike")
    func reusedRefreshTokenEndsSession() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let first = try await harness.signIn(.staff, school: "10001", "admin", school.password)
            let other = try await harness.signIn(.staff, school: "10001", "admin", school.password)
            let owner = try await Self.refresh(harness, first.refreshToken)
            #expect(await Self.whoAmI(harness, owner) == nil)
            // The copied first token, replayed.
            #expect(await rpcCode { _ = try await Self.refresh(harness, first.refreshToken) } == .unauthenticated)
            #expect(await rpcCode { _ = try await Self.refresh(harness, owner.refreshToken) } == .unauthenticated)
            #expect(await Self.whoAmI(harness, owner) == .unauthenticated)
            #expect(await Self.whoAmI(harness, first) == .unauthenticated)
            #expect(try await Self.revocations(harness).last?.reason == "refreshTokenReused")
            // Only that session: the one signed in beside it still works and refreshes.
            #expect(await Self.whoAmI(harness, other) == nil)
            _ = try await Self.refresh(harness, other.refreshToken)
            // Replaying it again adds nothing: the session is already over.
            let count = try await Self.revocations(harness).count
            #expect(await rpcCode { _ = try await Self.refresh(harness, first.refreshToken) } == .unauthenticated)
            #expect(try await Self.revocations(harness).count == count)
        }
    }

    @Test("disabling an account or resetting its password ends every session's access tokens")
    func disableAndResetEndSessions() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let made = try await harness.makeSchoolOperator("operator1", displayName: "王老师", as: school.admin)
            let changed = try await harness.firstSignIn(school: "10001", "operator1", made.initialPassword)
            let sessions = [
                try await harness.signIn(.staff, school: "10001", "operator1", changed.password),
                try await harness.signIn(.staff, school: "10001", "operator1", changed.password),
            ]
            // The access token is tried on a method that does not itself look at the account.
            let listDepartments: (Graduate_Accounts_V1_SignInResponse) async -> RPCError.Code? = { session in
                await rpcCode { _ = try await harness.client.listDepartments(.init(), metadata: .bearer(session.accessToken)) }
            }
            #expect(await listDepartments(sessions[0]) == nil)
            var disable = Graduate_Accounts_V1_SetStaffAccountEnabledRequest()
            disable.accountID = made.account.id
            disable.enabled = false
            _ = try await harness.client.setStaffAccountEnabled(disable, metadata: school.admin)
            for session in sessions { #expect(await listDepartments(session) == .unauthenticated) }
            #expect(await rpcCode { _ = try await harness.client.listDepartments(.init(), metadata: changed.admin) } == .unauthenticated)
            // Four: the first sign-in on the initial password, the one after changing it, and these two.
            let disabled = try #require(try await Self.revocations(harness).last)
            #expect(disabled.reason == "accountDisabled" && disabled.accountID == made.account.id && disabled.sessionIds.count == 4)

            disable.enabled = true
            _ = try await harness.client.setStaffAccountEnabled(disable, metadata: school.admin)
            let again = try await harness.signIn(.staff, school: "10001", "operator1", changed.password)
            #expect(await listDepartments(again) == nil)
            var reset = Graduate_Accounts_V1_ResetStaffPasswordRequest()
            reset.accountID = made.account.id
            _ = try await harness.client.resetStaffPassword(reset, metadata: school.admin)
            #expect(await listDepartments(again) == .unauthenticated)
            #expect(try await Self.revocations(harness).last?.reason == "passwordReset")
            // Not one's own: that is a password change, knowing the current one.
            let me = try await harness.client.getMyAccount(.init(), metadata: school.admin)
            reset.accountID = me.id
            #expect(await rpcCode { _ = try await harness.client.resetStaffPassword(reset, metadata: school.admin) } == .failedPrecondition)
            #expect(await rpcCode { _ = try await harness.client.listDepartments(.init(), metadata: school.admin) } == nil)
        }
    }

    @Test("changing one's password signs out the other sessions, not this one")
    func passwordChangeEndsOtherSessions() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let here = try await harness.signIn(.staff, school: "10001", "admin", school.password)
            let elsewhere = try await harness.signIn(.staff, school: "10001", "admin", school.password)
            var change = Graduate_Accounts_V1_ChangePasswordRequest()
            change.oldPassword = school.password
            change.newPassword = "Another-Pass-2025"
            _ = try await harness.client.changePassword(change, metadata: .bearer(here.accessToken))
            #expect(await Self.whoAmI(harness, here) == nil)
            #expect(await Self.whoAmI(harness, elsewhere) == .unauthenticated)
            #expect(await rpcCode { _ = try await Self.refresh(harness, elsewhere.refreshToken) } == .unauthenticated)
            _ = try await Self.refresh(harness, here.refreshToken)
            #expect(try await Self.revocations(harness).last?.reason == "passwordChanged")
        }
    }

    @Test("revocations survive a restart: the list is read back from the database, the expired forgotten")
    func revocationsSurviveRestart() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let session = try await harness.signIn(.staff, school: "10001", "admin", school.password)
            try await Self.signOut(harness, session.refreshToken)
            let sessionID = try #require(try await Self.revocations(harness).last?.sessionIds.first)
            #expect(try await SessionRevocations.load(from: harness.pool).isRevoked(sessionID))
            // After the tokens would have expired anyway, the row goes.
            let later = nowMilliseconds() + 16 * 60 * 1000
            #expect(try await !SessionRevocations.load(from: harness.pool, now: later).isRevoked(sessionID))
            #expect(try await harness.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM revoked_session") } == 0)
        }
    }
}
