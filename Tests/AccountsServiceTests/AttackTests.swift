@testable import AccountsService
import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import ServiceKit
import Synchronization
import Testing
import TransportTestSupport

/// Counts what the service reports through a hook.
final class CallCounter: Sendable {
    private let count = Mutex(0)
    var value: Int { self.count.withLock { $0 } }
    func increment() { self.count.withLock { $0 += 1 } }
}

/// The findings of the outside security test (issue 11), each attack performed against the
/// service and now failing.
@Suite("Attacks on sign-in and activation")
struct AttackTests {
    static func settings() -> AccountsService.Settings {
        var settings = AccountsService.Settings()
        settings.makeCaptchaAnswer = { "ACE34" }
        return settings
    }

    /// A sign-in that answers the captcha whenever one may be needed, as an attacker with a
    /// working captcha solver would.
    static func signIn(
        _ harness: AccountsHarness,
        kind: Graduate_Accounts_V1_AccountKind = .staff,
        school: String = "10001",
        _ identifier: String,
        _ password: String
    ) async -> Result<Graduate_Accounts_V1_SignInResponse, RPCError> {
        do {
            var request = Graduate_Accounts_V1_SignInRequest()
            request.kind = kind
            request.schoolCode = school
            request.identifier = identifier
            request.password = password
            request.captchaID = try await harness.client.createCaptcha(.init()).captchaID
            request.captchaAnswer = "ACE34"
            return .success(try await harness.client.signIn(request))
        } catch let error as RPCError {
            return .failure(error)
        } catch {
            return .failure(RPCError(code: .unknown, message: "\(error)"))
        }
    }

    // MARK: 4. Sign-in timing tells which accounts exist

    @Test("every sign-in attempt costs exactly one scrypt check: unknown account, wrong kind, disabled, wrong password, success")
    func onePasswordCheckPerAttempt() async throws {
        let hasher = PasswordHasher()
        let dummy = try #require(PasswordHasher.parse(hasher.unknownAccountHash))
        #expect(dummy.rounds == hasher.rounds && dummy.blockSize == hasher.blockSize && dummy.parallelism == hasher.parallelism)
        #expect(dummy.salt.count == 16 && dummy.key.count == 32)
        #expect(!PasswordHasher.verify("", against: PasswordHasher.forTests.unknownAccountHash))

        let checks = CallCounter()
        var settings = Self.settings()
        settings.passwordChecked = { checks.increment() }
        try await AccountsHarness.run(settings: settings) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            var account = Graduate_Accounts_V1_CreateStaffAccountRequest()
            account.username = "operator1"
            account.displayName = "操作员"
            account.role = .schoolOperator
            account.modules = [.esigning]
            let made = try await harness.client.createStaffAccount(account, metadata: school.admin)
            var disable = Graduate_Accounts_V1_SetStaffAccountEnabledRequest()
            disable.accountID = made.account.id
            disable.enabled = false
            _ = try await harness.client.setStaffAccountEnabled(disable, metadata: school.admin)

            let attempts: [(String, RPCError.Code?, () async -> RPCError.Code?)] = [
                ("unknown username", .unauthenticated, { await Self.signIn(harness, "nobody", "Password-2024").code }),
                ("unknown school", .unauthenticated, { await Self.signIn(harness, school: "19999", "admin", school.password).code }),
                ("the operator's name as staff", .unauthenticated, { await Self.signIn(harness, "operator", harness.operatorPassword).code }),
                ("unknown employer", .unauthenticated, { await Self.signIn(harness, kind: .employer, school: "", "91110108MA01DEMA1B", "x").code }),
                ("unknown graduate", .unauthenticated, { await Self.signIn(harness, kind: .graduate, school: "", RosterFixture.idNumber(5), "x").code }),
                ("wrong password", .unauthenticated, { await Self.signIn(harness, "admin", "wrong-password").code }),
                ("disabled account", .permissionDenied, { await Self.signIn(harness, "operator1", made.initialPassword).code }),
                ("disabled, wrong password", .unauthenticated, { await Self.signIn(harness, "operator1", "wrong").code }),
                ("success", nil, { await Self.signIn(harness, "admin", school.password).code }),
            ]
            for (name, expected, attempt) in attempts {
                let before = checks.value
                #expect(await attempt() == expected, "\(name)")
                #expect(checks.value == before + 1, "\(name): \(checks.value - before) password checks")
            }
        }
    }
}

extension Result where Failure == RPCError {
    var code: RPCError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }

    var error: RPCError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
