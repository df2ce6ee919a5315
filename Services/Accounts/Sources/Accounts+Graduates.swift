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
        let idNumber: IDNumber
        do throws(IDNumber.Problem) { idNumber = try IDNumber(request.idNumber) } catch { throw RPCError.invalid(field: "idNumber", error.message) }
        guard SchoolCode(request.schoolCode) != nil else { throw RPCError.invalid(field: "schoolCode", "院校代码应为5位数字") }
        if let problem = PasswordHasher.problem(withNewPassword: request.password) { throw RPCError.invalid(field: "password", problem) }
        // Guessing a 考生号 for a known 身份证号 and 姓名 is held back like guessing a password:
        // per 身份证号 (in every school) and per client address, with a captcha after a few.
        let identity = ThrottleKey(
            key: "activation/\(idNumber.value)", policy: self.settings.accountBackoff, lockedMessage: "激活失败次数过多，该身份证号已被暂时锁定，"
        )
        let address = ThrottleKey.address(ClientAddress.current ?? "unknown", policy: self.settings.addressBackoff)
        let now = self.settings.now()
        let failures = try await self.pool.read { db in
            try address.checkNotLocked(try address.state(in: db, now: now), now: now)
            let state = try identity.state(in: db, now: now)
            try identity.checkNotLocked(state, now: now)
            return state?.failures ?? 0
        }
        if failures >= self.settings.failuresBeforeCaptcha {
            try await self.consumeCaptcha(id: request.captchaID, answer: request.captchaAnswer, reason: "激活失败次数过多，请输入验证码")
        }
        // Counted before the roster is compared, as a sign-in's attempt is; a match clears it.
        try await self.pool.write { db in
            try identity.checkNotLocked(try identity.state(in: db, now: now), now: now)
            _ = try identity.recordFailure(in: db, now: now)
        }
        let hash = try self.hasher.hash(request.password)
        let outcome = try await self.pool.write { db -> Result<Row, RPCError> in
            guard let graduate = try Row.fetchOne(
                db,
                sql: "SELECT id, name, candidate_number, removed FROM graduate WHERE school_code = ? AND id_number = ?",
                arguments: [request.schoolCode, idNumber.value]
            ), !(graduate["removed"] as Bool),
                (graduate["name"] as String) == request.name.trimmingCharacters(in: .whitespaces),
                (graduate["candidate_number"] as String) == request.candidateNumber.trimmingCharacters(in: .whitespaces)
            else {
                _ = try address.recordFailure(in: db, now: self.settings.now())
                return .failure(RPCError.wrongState(Self.activationMismatch))
            }
            try ThrottleKey.reset(identity.key, in: db)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE id = ?", arguments: [graduate["id"] as String]) == true {
                return .failure(RPCError.alreadyExists(field: "idNumber", "账号已激活，请直接登录；忘记密码请联系学校"))
            }
            // The account's id is the roster graduate's id, so every service can link the two.
            try db.execute(
                sql: """
                    INSERT INTO account (id, kind, school_code, login, display_name, password_hash, must_change_password, created_at_ms)
                    VALUES (?, 'graduate', ?, ?, ?, ?, 0, ?)
                    """,
                arguments: [graduate["id"] as String, request.schoolCode, idNumber.value, graduate["name"] as String, hash, nowMilliseconds()]
            )
            return .success(try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [graduate["id"] as String])!)
        }
        // Refusals are answered after the transaction commits, so the failure it counted stays.
        return try await self.issueTokens(accountRow: try outcome.get(), session: Self.newSessionID())
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
