import AuthKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit

/// Graduates' own accounts: activation against the roster, and the roster check at sign-in.
extension AccountsService {
    /// One answer for every mismatch: the form must not reveal who is on the roster, nor
    /// which of 身份证号, 姓名 and 考生号 was wrong.
    static let activationMismatch = "填写的信息与学生名单不一致，无法激活，请核对后重试"

    public func activateGraduate(
        request: Graduate_Accounts_V1_ActivateGraduateRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_SignInResponse {
        let claim = RosterClaim(request)
        let hash = try await self.checkRosterClaim(claim, captchaAlways: false)
        let outcome = try await self.pool.write { db -> Result<Row, RPCError> in
            let graduate: Row
            switch try self.matchRoster(claim, in: db) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let row): graduate = row
            }
            do {
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE id = ?", arguments: [graduate["id"] as String]) == true {
                    return .failure(RPCError.alreadyExists(field: "idNumber", "账号已激活，请直接登录；忘记密码请通过“忘记密码”重新设置"))
                }
                // The account's id is the roster graduate's id, so every service can link the two.
                try db.execute(
                    sql: """
                        INSERT INTO account (id, kind, school_code, login, display_name, password_hash, must_change_password, created_at_ms)
                        VALUES (?, 'graduate', ?, ?, ?, ?, 0, ?)
                        """,
                    arguments: [graduate["id"] as String, claim.schoolCode, claim.idNumberValue, graduate["name"] as String, hash, nowMilliseconds()]
                )
                return .success(try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [graduate["id"] as String])!)
            }
        }
        // Refusals are answered after the transaction commits, so the failure it counted stays.
        return try await self.issueTokens(accountRow: try outcome.get(), session: Self.newSessionID())
    }

    /// 忘记密码: the roster identity of activation again, always with a captcha; the new password
    /// replaces the old, every session ends, the sign-in lock-out is lifted, and it is recorded.
    public func resetGraduatePassword(
        request: Graduate_Accounts_V1_ResetGraduatePasswordRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_SignInResponse {
        let claim = RosterClaim(request)
        let hash = try await self.checkRosterClaim(claim, captchaAlways: true)
        let outcome = try await self.pool.write { db -> Result<Row, RPCError> in
            let graduate: Row
            switch try self.matchRoster(claim, in: db) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let row): graduate = row
            }
            do {
                let id: String = graduate["id"]
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE id = ?", arguments: [id]) == true else {
                    return .failure(RPCError.wrongState("账号尚未激活，请先激活毕业生账号"))
                }
                try db.execute(sql: "UPDATE account SET password_hash = ?, must_change_password = 0 WHERE id = ?", arguments: [hash, id])
                try self.endAllSessions(of: id, because: .passwordReset, in: db)
                try ThrottleKey.reset(SignInKey.graduate(claim.idNumberValue), in: db)
                try PasswordResets.record(db, account: id, kind: .graduateSelfService, by: id, byName: graduate["name"])
                return .success(try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id])!)
            }
        }
        return try await self.issueTokens(accountRow: try outcome.get(), session: Self.newSessionID())
    }

    /// What a graduate claims to be on the roster (activation, 忘记密码: the two requests carry
    /// the same fields).
    struct RosterClaim {
        var schoolCode: String
        var idNumber: String
        var name: String
        var candidateNumber: String
        var password: String
        var captchaID: String
        var captchaAnswer: String
        var idNumberValue: String { self.idNumber.trimmingCharacters(in: .whitespaces).uppercased() }

        init(_ request: some RosterClaimRequest) {
            (self.schoolCode, self.idNumber, self.name) = (request.schoolCode, request.idNumber, request.name)
            (self.candidateNumber, self.password) = (request.candidateNumber, request.password)
            (self.captchaID, self.captchaAnswer) = (request.captchaID, request.captchaAnswer)
        }
    }

    /// The checks before the roster is compared: the fields, the locks, the captcha (always, or
    /// after a few failures), and the attempt counted; answers the new password's hash.
    private func checkRosterClaim(_ claim: RosterClaim, captchaAlways: Bool) async throws -> String {
        let idNumber: IDNumber
        do throws(IDNumber.Problem) { idNumber = try IDNumber(claim.idNumber) } catch { throw RPCError.invalid(field: "idNumber", error.message) }
        guard SchoolCode(claim.schoolCode) != nil else { throw RPCError.invalid(field: "schoolCode", "院校代码应为5位数字") }
        if let problem = PasswordHasher.problem(withNewPassword: claim.password) { throw RPCError.invalid(field: "password", problem) }
        // Guessing a 考生号 for a known 身份证号 and 姓名 is held back like guessing a password:
        // per 身份证号 (in every school) and per client address, with a captcha after a few.
        let identity = self.rosterIdentityKey(idNumber.value)
        let address = ThrottleKey.address(ClientAddress.current ?? "unknown", policy: self.settings.addressBackoff)
        let now = self.settings.now()
        let failures = try await self.pool.read { db in
            try address.checkNotLocked(try address.state(in: db, now: now), now: now)
            let state = try identity.state(in: db, now: now)
            try identity.checkNotLocked(state, now: now)
            return state?.failures ?? 0
        }
        if captchaAlways || failures >= self.settings.failuresBeforeCaptcha {
            try await self.consumeCaptcha(
                id: claim.captchaID, answer: claim.captchaAnswer, reason: captchaAlways ? "请输入验证码" : "激活失败次数过多，请输入验证码"
            )
        }
        // Counted before the roster is compared, as a sign-in's attempt is; a match clears it.
        try await self.pool.write { db in
            try identity.checkNotLocked(try identity.state(in: db, now: now), now: now)
            _ = try identity.recordFailure(in: db, now: now)
        }
        return try self.hasher.hash(claim.password)
    }

    private func rosterIdentityKey(_ idNumber: String) -> ThrottleKey {
        ThrottleKey(key: "activation/\(idNumber)", policy: self.settings.accountBackoff, lockedMessage: "激活失败次数过多，该身份证号已被暂时锁定，")
    }

    /// The graduate on the roster the claim names, or the one answer for every mismatch (which
    /// also counts against the client address); a match clears the 身份证号's failures.
    private func matchRoster(_ claim: RosterClaim, in db: Database) throws -> Result<Row, RPCError> {
        let address = ThrottleKey.address(ClientAddress.current ?? "unknown", policy: self.settings.addressBackoff)
        guard let graduate = try Row.fetchOne(
            db,
            sql: "SELECT id, name, candidate_number, removed FROM graduate WHERE school_code = ? AND id_number = ?",
            arguments: [claim.schoolCode, claim.idNumberValue]
        ), !(graduate["removed"] as Bool),
            (graduate["name"] as String) == claim.name.trimmingCharacters(in: .whitespaces),
            (graduate["candidate_number"] as String) == claim.candidateNumber.trimmingCharacters(in: .whitespaces)
        else {
            _ = try address.recordFailure(in: db, now: self.settings.now())
            return .failure(RPCError.wrongState(Self.activationMismatch))
        }
        try ThrottleKey.reset(self.rosterIdentityKey(claim.idNumberValue).key, in: db)
        return .success(graduate)
    }

    /// The graduate account rows a sign-in names: by 身份证号, in one school or in all.
    static func graduateLookup(identifier: String, schoolCode: String) -> (sql: String, arguments: StatementArguments) {
        let login = identifier.uppercased()
        if schoolCode.isEmpty {
            return ("SELECT * FROM account WHERE kind = 'graduate' AND login = ?", [login])
        }
        return ("SELECT * FROM account WHERE kind = 'graduate' AND school_code = ? AND login = ?", [schoolCode, login])
    }

    /// A graduate signs in only while on the roster (DOMAIN.md §2).
    static func checkStillOnRoster(_ account: Row, in pool: DatabasePool) async throws {
        guard (account["kind"] as String) == "graduate" else { return }
        let id: String = account["id"]
        let removed = try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT removed FROM graduate WHERE id = ?", arguments: [id]) ?? true
        }
        if removed { throw RPCError.denied("您已不在学生名单中，无法登录，请联系学校") }
    }
}

/// The requests that claim a place on the roster.
protocol RosterClaimRequest {
    var schoolCode: String { get }
    var idNumber: String { get }
    var name: String { get }
    var candidateNumber: String { get }
    var password: String { get }
    var captchaID: String { get }
    var captchaAnswer: String { get }
}

extension Graduate_Accounts_V1_ActivateGraduateRequest: RosterClaimRequest {}
extension Graduate_Accounts_V1_ResetGraduatePasswordRequest: RosterClaimRequest {}
