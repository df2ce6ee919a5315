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

/// The back-off's clock, moved by the test.
final class TestClock: Sendable {
    private let milliseconds = Mutex<Int64>(1_750_000_000_000)
    var now: Int64 { self.milliseconds.withLock { $0 } }
    func advance(seconds: Int64) { self.milliseconds.withLock { $0 += seconds * 1000 } }
}

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
    static func settings(clock: TestClock) -> AccountsService.Settings {
        var settings = AccountsService.Settings()
        settings.makeCaptchaAnswer = { "ACE34" }
        settings.now = { clock.now }
        return settings
    }

    /// A sign-in that answers the captcha whenever one may be needed, as an attacker with a
    /// working captcha solver would: the back-off must hold without the captcha's help.
    static func signIn(
        _ harness: AccountsHarness,
        kind: Graduate_Accounts_V1_AccountKind = .staff,
        school: String = "10001",
        _ identifier: String,
        _ password: String,
        from address: String? = nil
    ) async -> Result<Graduate_Accounts_V1_SignInResponse, RPCError> {
        do {
            var request = Graduate_Accounts_V1_SignInRequest()
            request.kind = kind
            request.schoolCode = school
            request.identifier = identifier
            request.password = password
            request.captchaID = try await harness.client.createCaptcha(.init()).captchaID
            request.captchaAnswer = "ACE34"
            let metadata: Metadata = address.map { [ClientAddress.metadataKey: .string($0)] } ?? [:]
            return .success(try await harness.client.signIn(request, metadata: metadata))
        } catch let error as RPCError {
            return .failure(error)
        } catch {
            return .failure(RPCError(code: .unknown, message: "\(error)"))
        }
    }

    // MARK: 2. Exponential back-off per account and per address

    @Test("failed sign-ins lock the account for 1 minute after the 5th, then 2, 4 … minutes, captcha or not; the password is not even checked")
    func accountBackoff() async throws {
        let clock = TestClock()
        let checks = CallCounter()
        var settings = Self.settings(clock: clock)
        settings.passwordChecked = { checks.increment() }
        try await AccountsHarness.run(settings: settings) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            for attempt in 1...5 {
                let result = await Self.signIn(harness, "admin", "wrong-password-\(attempt)")
                #expect(result.code == .unauthenticated, "attempt \(attempt)")
            }
            let before = checks.value
            // Locked: the right password is refused, unchecked, with the wait.
            let locked = try #require(await Self.signIn(harness, "admin", school.password).error)
            #expect(locked.code == .resourceExhausted)
            #expect(locked.message == "登录失败次数过多，该账号已被暂时锁定，请1分钟后再试")
            #expect(locked.metadata[stringValues: "retry-after"].first(where: { _ in true }) == "60")
            #expect(checks.value == before)

            clock.advance(seconds: 59)
            #expect(await Self.signIn(harness, "admin", school.password).error?.retryAfter == "1")
            clock.advance(seconds: 1)
            // Each further failure doubles the lock-out.
            for expected in [120, 240, 480, 960] {
                #expect(await Self.signIn(harness, "admin", "wrong-again").code == .unauthenticated)
                #expect(await Self.signIn(harness, "admin", school.password).error?.retryAfter == "\(expected)")
                clock.advance(seconds: Int64(expected))
            }
            // A success resets the account's counter: one more failure neither locks nor asks for a captcha.
            #expect(await Self.signIn(harness, "admin", school.password).code == nil)
            #expect(await rpcCode { _ = try await harness.signIn(.staff, school: "10001", "admin", "wrong") } == .unauthenticated)
            #expect(await rpcCode { _ = try await harness.signIn(.staff, school: "10001", "admin", school.password) } == nil)
        }
    }

    @Test("the lock-out doubles up to 4 hours, and an account that does not exist is locked out the same way")
    func lockoutGrowsToHoursAndCoversUnknownAccounts() async throws {
        let policy = BackoffPolicy.perAccount
        #expect((1...4).map { policy.lockoutMilliseconds(afterFailures: $0) } == [0, 0, 0, 0])
        #expect((5...13).map { policy.lockoutMilliseconds(afterFailures: $0) / 60_000 } == [1, 2, 4, 8, 16, 32, 64, 128, 240])
        #expect(policy.lockoutMilliseconds(afterFailures: 1_000) == 4 * 3600 * 1000)
        #expect(ThrottleKey.wait(seconds: 45) == "45秒" && ThrottleKey.wait(seconds: 7_500) == "2小时5分钟")

        let clock = TestClock()
        try await AccountsHarness.run(settings: Self.settings(clock: clock)) { harness in
            _ = try await harness.makeSchool(code: "10001", name: "学校")
            for _ in 1...5 {
                #expect(await Self.signIn(harness, "nobody", "guess").code == .unauthenticated)
            }
            let locked = await Self.signIn(harness, "nobody", "guess").error
            #expect(locked?.code == .resourceExhausted && locked?.retryAfter == "60")
            #expect(locked?.message == "登录失败次数过多，该账号已被暂时锁定，请1分钟后再试")
        }
    }

    @Test("one address guessing across many accounts is locked out; another address is not; IPv6 counts per /64")
    func addressBackoff() async throws {
        let clock = TestClock()
        var settings = Self.settings(clock: clock)
        settings.addressBackoff.failuresBeforeLockout = 4
        try await AccountsHarness.run(settings: settings) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            for index in 1...4 {
                #expect(await Self.signIn(harness, "user\(index)", "guess", from: "203.0.113.7").code == .unauthenticated)
            }
            let locked = try #require(await Self.signIn(harness, "admin", school.password, from: "203.0.113.7").error)
            #expect(locked.code == .resourceExhausted && locked.retryAfter == "60")
            #expect(locked.message == "该网络地址的失败尝试次数过多，已暂停登录和激活，请1分钟后再试")
            // The admin, from elsewhere, is not held back — and its success does not clear the address.
            #expect(await Self.signIn(harness, "admin", school.password, from: "198.51.100.1").code == nil)
            #expect(await Self.signIn(harness, "admin", school.password, from: "203.0.113.7").code == .resourceExhausted)
            // Activation from that address is held back too.
            var activation = Graduate_Accounts_V1_ActivateGraduateRequest()
            activation.schoolCode = "10001"
            activation.idNumber = RosterFixture.idNumber(1)
            activation.name = "张三"
            activation.candidateNumber = "1"
            activation.password = "Graduate2024"
            #expect(await rpcCode {
                _ = try await harness.client.activateGraduate(activation, metadata: [ClientAddress.metadataKey: "203.0.113.7"])
            } == .resourceExhausted)

            for index in 1...4 {
                #expect(await Self.signIn(harness, "v6-\(index)", "guess", from: "2001:db8:1:2::\(index)").code == .unauthenticated)
            }
            #expect(await Self.signIn(harness, "admin", school.password, from: "2001:db8:1:2:ffff::1").code == .resourceExhausted)
            #expect(await Self.signIn(harness, "admin", school.password, from: "2001:db8:1:3::1").code == nil)
        }
    }

    @Test("x-client-address from a connection that is not a trusted proxy is ignored: the connection's own address counts")
    func untrustedClientAddress() async throws {
        var settings = Self.settings(clock: TestClock())
        settings.addressBackoff.failuresBeforeLockout = 3
        try await AccountsHarness.run(settings: settings, trustedProxies: "") { harness in
            _ = try await harness.makeSchool(code: "10001", name: "学校")
            for index in 1...3 {
                #expect(await Self.signIn(harness, "user\(index)", "guess", from: "203.0.113.\(index)").code == .unauthenticated)
            }
            #expect(await Self.signIn(harness, "user9", "guess", from: "198.51.100.9").code == .resourceExhausted)
        }
    }

    @Test("trusted proxy ranges and peer addresses are read as written")
    func addressParsing() throws {
        #expect(ClientAddress.ipAddress(ofPeer: "[IPv4]127.0.0.1/127.0.0.1:51234") == "127.0.0.1")
        #expect(ClientAddress.ipAddress(ofPeer: "[IPv4]10.1.2.3:7101") == "10.1.2.3")
        #expect(ClientAddress.ipAddress(ofPeer: "[IPv6]::1/::1:51234") == "::1")
        #expect(ClientAddress.ipAddress(ofPeer: "unknown") == nil)
        let proxies = try TrustedProxies("127.0.0.0/8, ::1, 10.0.0.0/8, 172.16.0.0/12, 192.0.2.10")
        for inside in ["127.0.0.1", "127.255.0.9", "::1", "10.200.3.4", "172.31.255.255", "192.0.2.10", "::ffff:10.0.0.1"] {
            #expect(proxies.contains(try #require(IPAddress(inside))), "\(inside)")
        }
        for outside in ["128.0.0.1", "::2", "172.32.0.1", "192.0.2.11", "11.0.0.1"] {
            #expect(!proxies.contains(try #require(IPAddress(outside))), "\(outside)")
        }
        #expect(throws: TrustedProxies.BadRange.self) { try TrustedProxies("10.0.0.0/33") }
        #expect(throws: TrustedProxies.BadRange.self) { try TrustedProxies("gateway") }
        #expect(IPAddress("2001:db8:1:2::5")?.throttleKey == "2001:db8:1:2::/64")
        #expect(IPAddress("::ffff:198.51.100.7")?.throttleKey == "198.51.100.7")
    }

    // MARK: 3. Taking over a graduate's account by guessing the 考生号

    static func activation(candidate: String, name: String = "张三", index: Int = 1) -> Graduate_Accounts_V1_ActivateGraduateRequest {
        var request = Graduate_Accounts_V1_ActivateGraduateRequest()
        request.schoolCode = "10001"
        request.idNumber = RosterFixture.idNumber(index)
        request.name = name
        request.candidateNumber = candidate
        request.password = "Attacker2024"
        return request
    }

    @Test("31 guesses of the 考生号 with a known 身份证号 and 姓名, captchas solved and lock-outs waited out, do not activate within a day")
    func candidateNumberGuessing() async throws {
        let clock = TestClock()
        try await AccountsHarness.run(settings: Self.settings(clock: clock)) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(RosterFixture.csv([
                RosterFixture.row(name: "张三", idNumber: RosterFixture.idNumber(1), studentNumber: "S1"),
            ]), as: school.admin)
            // The roster's 考生号 is 24110101150001: the 31st guess.
            let guesses = (0..<30).map { "2411010115\(String(format: "%04d", 100 + $0))" } + ["24110101150001"]
            let start = clock.now
            var outcomes: [String] = []
            var guessesMade = 0
            for guess in guesses {
                while true {
                    var request = Self.activation(candidate: guess)
                    request.captchaID = try await harness.client.createCaptcha(.init()).captchaID
                    request.captchaAnswer = "ACE34"
                    do {
                        _ = try await harness.client.activateGraduate(request)
                        outcomes.append("activated")
                    } catch let error as RPCError where error.code == .resourceExhausted {
                        // Wait it out, as a patient attacker would, and try the same guess again.
                        clock.advance(seconds: Int64(error.retryAfter ?? "0") ?? 0)
                        continue
                    } catch let error as RPCError {
                        #expect(error.message == "填写的信息与学生名单不一致，无法激活，请核对后重试")
                        #expect(error.field == nil)
                        outcomes.append("refused")
                    }
                    break
                }
                guessesMade += 1
                if clock.now - start >= 24 * 3600 * 1000 { break }
            }
            // In a day the attacker gets through about half of the guesses, the right one not among them.
            #expect(!outcomes.contains("activated"))
            #expect(guessesMade > 5 && guessesMade < 20)
            #expect(try await harness.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM account WHERE kind = 'graduate'") } == 0)
        }
    }

    @Test("activation asks for a captcha after 3 failures for one 身份证号, and every mismatch gets the same answer")
    func activationCaptchaAndOneAnswer() async throws {
        try await AccountsHarness.run(settings: Self.settings(clock: TestClock())) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(RosterFixture.csv([
                RosterFixture.row(name: "张三", idNumber: RosterFixture.idNumber(1), studentNumber: "S1"),
            ]), as: school.admin)
            var answers: [String] = []
            for request in [
                Self.activation(candidate: "24110101150002"),  // wrong 考生号
                Self.activation(candidate: "24110101150001", name: "李四"),  // wrong 姓名
                Self.activation(candidate: "24110101150001", index: 2),  // not on the roster
            ] {
                do {
                    _ = try await harness.client.activateGraduate(request)
                } catch let error as RPCError {
                    answers.append("\(error.code) \(error.message) \(error.field ?? "-")")
                }
            }
            #expect(answers.count == 3 && Set(answers).count == 1)
            #expect(await rpcCode { _ = try await harness.client.activateGraduate(Self.activation(candidate: "24110101150003")) } == .failedPrecondition)
            // Two more on 身份证号 1: the third asks for a captcha, and the right data without one is refused.
            _ = await rpcCode { _ = try await harness.client.activateGraduate(Self.activation(candidate: "24110101150004")) }
            do {
                _ = try await harness.client.activateGraduate(Self.activation(candidate: "24110101150001"))
                Issue.record("activated without a captcha after 3 failures")
            } catch let error as RPCError {
                #expect(error.code == .failedPrecondition)
                #expect(error.metadata[stringValues: "captcha-required"].first(where: { _ in true }) == "true")
                #expect(error.message == "激活失败次数过多，请输入验证码")
            }
            var request = Self.activation(candidate: "24110101150001")
            request.captchaID = try await harness.client.createCaptcha(.init()).captchaID
            request.captchaAnswer = "ace34"
            #expect(try await harness.client.activateGraduate(request).displayName == "张三")
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
        var settings = Self.settings(clock: TestClock())
        settings.passwordChecked = { checks.increment() }
        try await AccountsHarness.run(settings: settings) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let made = try await harness.makeSchoolOperator("operator1", displayName: "操作员", as: school.admin)
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

extension RPCError {
    var retryAfter: String? { self.metadata[stringValues: "retry-after"].first(where: { _ in true }) }
}
