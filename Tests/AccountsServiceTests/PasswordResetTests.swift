@testable import AccountsService
import GRDB
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import Testing
import TransportTestSupport

/// Passwords people forget (issue 13): a graduate sets a new one by the roster identity of
/// activation, always with a captcha; an employer asks the platform operator, who resets it;
/// every reset ends the account's sessions and is recorded.
@Suite("Password resets")
struct PasswordResetTests {
    static func reset(password: String = "NewPass2025", candidate: String = "24110101150001", captcha: String? = nil)
        -> Graduate_Accounts_V1_ResetGraduatePasswordRequest {
        var request = Graduate_Accounts_V1_ResetGraduatePasswordRequest()
        request.schoolCode = "10001"
        request.idNumber = RosterFixture.idNumber(1)
        request.name = "张三"
        request.candidateNumber = candidate
        request.password = password
        if let captcha { request.captchaID = captcha; request.captchaAnswer = "ACE34" }
        return request
    }

    static func kinds(_ harness: AccountsHarness) async throws -> [String] {
        try await harness.pool.read { db in try String.fetchAll(db, sql: "SELECT kind FROM password_reset ORDER BY at_ms, kind") }
    }

    @Test("a graduate's 忘记密码: captcha always, the roster identity, the old password and sessions end, recorded; not before activation")
    func graduate() async throws {
        try await AccountsHarness.run(settings: AttackTests.settings(clock: TestClock())) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(RosterFixture.csv([RosterFixture.row(name: "张三", idNumber: RosterFixture.idNumber(1), studentNumber: "S1")]), as: school.admin)
            // Not activated yet: nothing to reset.
            let early = try await harness.client.createCaptcha(.init()).captchaID
            var refusal: RPCError?
            do { _ = try await harness.client.resetGraduatePassword(Self.reset(captcha: early)) } catch let error as RPCError { refusal = error }
            #expect(refusal?.message == "账号尚未激活，请先激活毕业生账号")

            var activation = AttackTests.activation(candidate: "24110101150001")
            activation.password = "OldPass2024"
            let first = try await harness.client.activateGraduate(activation)
            // No captcha: refused before anything is compared.
            #expect(await rpcCode { _ = try await harness.client.resetGraduatePassword(Self.reset()) } == .failedPrecondition)
            // A wrong 考生号 gets the one answer activation gives.
            let wrong = try await harness.client.createCaptcha(.init()).captchaID
            do { _ = try await harness.client.resetGraduatePassword(Self.reset(candidate: "24110101159999", captcha: wrong)) } catch let error as RPCError { refusal = error }
            #expect(refusal?.message == AccountsService.activationMismatch)

            let captcha = try await harness.client.createCaptcha(.init()).captchaID
            let session = try await harness.client.resetGraduatePassword(Self.reset(captcha: captcha))
            #expect(session.displayName == "张三" && !session.mustChangePassword)
            #expect(await rpcCode { _ = try await harness.signIn(.graduate, RosterFixture.idNumber(1), "OldPass2024") } == .unauthenticated)
            #expect(try await harness.signIn(.graduate, RosterFixture.idNumber(1), "NewPass2025").displayName == "张三")
            var refresh = Graduate_Accounts_V1_RefreshRequest()
            refresh.refreshToken = first.refreshToken
            #expect(await rpcCode { _ = try await harness.client.refresh(refresh) } == .unauthenticated)
            #expect(try await Self.kinds(harness) == ["graduateSelfService"])
        }
    }

    @Test("the platform operator resets an employer's password: a new initial one, changed at the next sign-in; only the operator; recorded")
    func employer() async throws {
        try await AccountsHarness.run { harness in
            let registered = try await harness.register(EmployerSamples.registration())
            let operatorToken = try await harness.operatorToken()
            var approve = Graduate_Accounts_V1_ApproveEmployerRequest()
            approve.employerID = registered.id
            _ = try await harness.employers.approve(approve, metadata: operatorToken)
            var request = Graduate_Accounts_V1_ResetEmployerPasswordRequest()
            request.employerID = registered.id
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            #expect(await rpcCode { _ = try await harness.employers.resetPassword(request, metadata: school.admin) } == .permissionDenied)
            let reset = try await harness.employers.resetPassword(request, metadata: operatorToken)
            let signedIn = try await harness.signIn(.employer, registered.creditCode, reset.initialPassword)
            #expect(signedIn.mustChangePassword)
            request.employerID = "no-such-employer"
            #expect(await rpcCode { _ = try await harness.employers.resetPassword(request, metadata: operatorToken) } == .notFound)
            let recorded = try await harness.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT kind, reset_by_name FROM password_reset")
            }
            #expect(recorded.map { "\($0["kind"] as String) \($0["reset_by_name"] as String)" }.count == 1)
            #expect(recorded.first?["kind"] as String? == "employerByOperator")
        }
    }
}
