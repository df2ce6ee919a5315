import AuthKit
import Crypto
import DocumentKit
import Foundation
import GRDB
public import GRPCCore
public import GraduateProto
import ServiceKit
import StorageKit

/// The key under which failed sign-ins of one account are counted: the account a sign-in
/// names, whether or not it exists, so an unknown one is locked out like a real one.
enum SignInKey {
    static func staff(school: String, username: String) -> String { "account/staff/\(school)/\(username)" }
    static func operatorAccount(_ username: String) -> String { "account/platformOperator/\(username)" }
    static func employer(_ creditCode: String) -> String { "account/employer/\(creditCode)" }
    /// By 身份证号 alone: with or without a 院校代码 it is the same person's password.
    static func graduate(_ idNumber: String) -> String { "account/graduate/\(idNumber)" }
}

/// Sign-in, token refresh and sign-out, and changing one's own password.
extension AccountsService {
    private static let wrongCredentials = "用户名或密码错误"

    public func signIn(request: Graduate_Accounts_V1_SignInRequest, context: ServerContext) async throws -> Graduate_Accounts_V1_SignInResponse {
        let identifier = request.identifier.trimmingCharacters(in: .whitespaces)
        guard !identifier.isEmpty else { throw RPCError.invalid(field: "identifier", "请输入用户名") }
        guard !request.password.isEmpty else { throw RPCError.invalid(field: "password", "请输入密码") }
        let key: String
        let lookup: (sql: String, arguments: StatementArguments)
        switch request.kind {
        case .staff:
            guard !request.schoolCode.isEmpty else { throw RPCError.invalid(field: "schoolCode", "请输入院校代码") }
            key = SignInKey.staff(school: request.schoolCode, username: identifier)
            lookup = ("SELECT * FROM account WHERE kind = 'staff' AND school_code = ? AND login = ?", [request.schoolCode, identifier])
        case .platformOperator:
            key = SignInKey.operatorAccount(identifier)
            lookup = ("SELECT * FROM account WHERE kind = 'platformOperator' AND login = ?", [identifier])
        case .graduate:
            key = SignInKey.graduate(identifier.uppercased())
            lookup = Self.graduateLookup(identifier: identifier, schoolCode: request.schoolCode)
        case .employer:
            // 统一社会信用代码, in any case; allowed in every review status so that a pending or
            // rejected employer can see where it stands and why.
            let creditCode = identifier.uppercased()
            key = SignInKey.employer(creditCode)
            lookup = ("SELECT * FROM account WHERE kind = 'employer' AND login = ?", [creditCode])
        case .unspecified, .UNRECOGNIZED:
            throw RPCError.invalid(field: "kind", "请选择登录身份")
        }
        let account = ThrottleKey(
            key: key, policy: self.settings.accountBackoff, lockedMessage: "登录失败次数过多，该账号已被暂时锁定，"
        )
        let address = ThrottleKey.address(ClientAddress.current ?? "unknown", policy: self.settings.addressBackoff)

        let now = self.settings.now()
        let (rows, failures) = try await self.pool.read { db in
            // Locked out: refused before anything else, the password unchecked.
            try address.checkNotLocked(try address.state(in: db, now: now), now: now)
            let state = try account.state(in: db, now: now)
            try account.checkNotLocked(state, now: now)
            return (try Row.fetchAll(db, sql: lookup.sql, arguments: lookup.arguments), state?.failures ?? 0)
        }
        if failures >= self.settings.failuresBeforeCaptcha {
            try await self.consumeCaptcha(id: request.captchaID, answer: request.captchaAnswer, reason: "登录失败次数过多，请输入验证码")
        }
        // The attempt counts as a failure before the password is checked, so parallel guesses
        // cannot all slip in before the first of them locks the account; a success clears it.
        try await self.pool.write { db in
            try account.checkNotLocked(try account.state(in: db, now: now), now: now)
            _ = try account.recordFailure(in: db, now: now)
        }
        let found = rows.count == 1 ? rows.first : nil
        let verified = self.checkPassword(request.password, against: found?["password_hash"])
        if rows.count > 1 {
            throw RPCError.invalid(field: "schoolCode", "您在多所学校的学生名单中，请填写院校代码")
        }
        guard let row = found, verified else {
            try await self.pool.write { db in _ = try address.recordFailure(in: db, now: self.settings.now()) }
            throw RPCError.unauthenticated(Self.wrongCredentials)
        }
        // The right password clears the account's failures, whatever follows; when tokens
        // follow, in their transaction (one write less for a sign-in to wait for).
        do {
            guard (row["enabled"] as Bool) else { throw RPCError.denied("账号已停用，请联系管理员") }
            try await Self.checkStillOnRoster(row, in: self.pool)
        } catch {
            try await self.pool.write { db in try ThrottleKey.reset(account.key, in: db) }
            throw error
        }
        return try await self.issueTokens(accountRow: row, session: Self.newSessionID(), clearingFailuresOf: account.key)
    }

    /// The one password check of a sign-in: against the account's hash, or against a hash no
    /// password matches when there is no such account, so both cost one scrypt derivation
    /// and timing does not tell which accounts exist.
    func checkPassword(_ password: String, against stored: String?) -> Bool {
        let matches = PasswordHasher.verify(password, against: stored ?? self.hasher.unknownAccountHash)
        self.settings.passwordChecked()
        return stored != nil && matches
    }

    public func createCaptcha(
        request: Graduate_Accounts_V1_CreateCaptchaRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Captcha {
        let answer = self.settings.makeCaptchaAnswer()
        var generator = SystemRandomNumberGenerator()
        var captcha = Graduate_Accounts_V1_Captcha()
        captcha.captchaID = UUID().uuidString.lowercased()
        captcha.png = CaptchaImage.png(for: answer, using: &generator)
        captcha.expiresAtMs = nowMilliseconds() + 5 * 60 * 1000
        let (id, expiry) = (captcha.captchaID, captcha.expiresAtMs)
        try await self.pool.write { db in
            try db.execute(sql: "DELETE FROM captcha WHERE expires_at_ms < ?", arguments: [nowMilliseconds()])
            try db.execute(
                sql: "INSERT INTO captcha (id, answer_hash, expires_at_ms) VALUES (?, ?, ?)",
                arguments: [id, Self.captchaHash(answer), expiry]
            )
        }
        return captcha
    }

    /// Checks and uses up a captcha: right or wrong, it answers one attempt only. `reason`
    /// says why one is needed when none was given.
    func consumeCaptcha(id: String, answer: String, reason: String) async throws {
        let required = RPCError(
            code: .failedPrecondition,
            message: id.isEmpty ? reason : "验证码错误或已过期，请重新输入",
            metadata: ["captcha-required": "true"]
        )
        guard !id.isEmpty else { throw required }
        let expected = try await self.pool.write { db -> Data? in
            let row = try Row.fetchOne(db, sql: "SELECT answer_hash, expires_at_ms FROM captcha WHERE id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM captcha WHERE id = ?", arguments: [id])
            guard let row, (row["expires_at_ms"] as Int64) > nowMilliseconds() else { return nil }
            return row["answer_hash"]
        }
        guard let expected, expected == Self.captchaHash(answer) else { throw required }
    }

    static func captchaHash(_ answer: String) -> Data {
        Data(SHA256.hash(data: Array(answer.trimmingCharacters(in: .whitespaces).uppercased().utf8)))
    }

    public func refresh(request: Graduate_Accounts_V1_RefreshRequest, context: ServerContext) async throws -> Graduate_Accounts_V1_SignInResponse {
        let hash = Self.refreshTokenHash(request.refreshToken)
        let now = nowMilliseconds()
        // Rotation: the presented token is revoked in the same transaction that accepts it.
        // One presented again after that was copied (the owner already used it): the whole
        // session ends, the copy's holder's and the owner's tokens alike (OAuth 2.0 Security
        // BCP §4.14), and the owner signs in again.
        let renewed = try await self.pool.write { db -> (account: Row, session: String)? in
            guard let token = try Row.fetchOne(
                db, sql: "SELECT account_id, session_id, expires_at_ms, revoked_at_ms FROM refresh_token WHERE token_hash = ?", arguments: [hash]
            ) else { return nil }
            let (accountID, session): (String, String) = (token["account_id"], token["session_id"])
            if (token["revoked_at_ms"] as Int64?) != nil {
                // Still going (its successor unrevoked): end it. Ended already: nothing to add.
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM refresh_token WHERE session_id = ? AND revoked_at_ms IS NULL", arguments: [session]) == true {
                    try self.endSessions([session], of: accountID, because: .refreshTokenReused, in: db)
                }
                return nil
            }
            guard (token["expires_at_ms"] as Int64) > now else { return nil }
            try db.execute(sql: "UPDATE refresh_token SET revoked_at_ms = ? WHERE token_hash = ?", arguments: [now, hash])
            guard let account = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [accountID]),
                  (account["enabled"] as Bool)
            else { return nil }
            return (account, session)
        }
        guard let (row, session) = renewed else { throw RPCError.unauthenticated("登录已失效，请重新登录") }
        return try await self.issueTokens(accountRow: row, session: session)
    }

    public func signOut(request: Graduate_Accounts_V1_SignOutRequest, context: ServerContext) async throws -> Graduate_Accounts_V1_SignOutResponse {
        let hash = Self.refreshTokenHash(request.refreshToken)
        // The session ends with it: the access token the console still holds stops working too.
        try await self.pool.write { db in
            guard let token = try Row.fetchOne(
                db, sql: "SELECT account_id, session_id FROM refresh_token WHERE token_hash = ? AND revoked_at_ms IS NULL", arguments: [hash]
            ) else { return }
            try self.endSessions([token["session_id"]], of: token["account_id"], because: .signedOut, in: db)
        }
        return Graduate_Accounts_V1_SignOutResponse()
    }

    public func changePassword(
        request: Graduate_Accounts_V1_ChangePasswordRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ChangePasswordResponse {
        let principal = try self.caller()
        if let problem = PasswordHasher.problem(withNewPassword: request.newPassword) {
            throw RPCError.invalid(field: "newPassword", problem)
        }
        guard request.newPassword != request.oldPassword else {
            throw RPCError.invalid(field: "newPassword", "新密码不能与原密码相同")
        }
        let stored = try await self.pool.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM account WHERE id = ?", arguments: [principal.subject])
        }
        guard let stored, PasswordHasher.verify(request.oldPassword, against: stored) else {
            throw RPCError.invalid(field: "oldPassword", "原密码不正确")
        }
        let hash = try self.hasher.hash(request.newPassword)
        try await self.pool.write { db in
            try db.execute(
                sql: "UPDATE account SET password_hash = ?, must_change_password = 0 WHERE id = ?", arguments: [hash, principal.subject]
            )
            // Signed in elsewhere with the old password (perhaps by whoever learnt it): signed out there.
            try self.endAllSessions(of: principal.subject, except: principal.sessionID, because: .passwordChanged, in: db)
        }
        return Graduate_Accounts_V1_ChangePasswordResponse()
    }

    /// An access and a refresh token of `session` (a new one at sign-in, the same on refresh).
    func issueTokens(accountRow row: Row, session: String, clearingFailuresOf throttleKey: String? = nil) async throws -> Graduate_Accounts_V1_SignInResponse {
        let kind = Principal.Kind(rawValue: row["kind"]) ?? .staff
        let principal = Principal(
            subject: row["id"],
            kind: kind,
            role: (row["role"] as String?).flatMap(Principal.StaffRole.init(rawValue:)),
            schoolCode: row["school_code"],
            departmentID: row["department_id"],
            modules: (row["modules"] as String).split(separator: ",").map(String.init),
            displayName: row["display_name"],
            mustChangePassword: row["must_change_password"],
            sessionID: session
        )
        let now = nowMilliseconds()
        let accessToken = try await self.issuer.issue(for: principal, lifetime: self.settings.accessTokenLifetime)
        let refreshToken = SecureRandom.urlSafeToken(bytes: 32)
        let refreshExpiry = now + self.settings.refreshTokenLifetime.milliseconds
        let schoolName = try await self.pool.write { db in
            if let throttleKey { try ThrottleKey.reset(throttleKey, in: db) }
            try db.execute(
                sql: "INSERT INTO refresh_token (token_hash, account_id, session_id, expires_at_ms, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [Self.refreshTokenHash(refreshToken), principal.subject, session, refreshExpiry, now]
            )
            return try String.fetchOne(db, sql: "SELECT name FROM school WHERE code = ?", arguments: [principal.schoolCode])
        }
        var response = Graduate_Accounts_V1_SignInResponse()
        response.accessToken = accessToken
        response.accessExpiresAtMs = now + self.accessTokenMilliseconds
        response.refreshToken = refreshToken
        response.refreshExpiresAtMs = refreshExpiry
        response.displayName = row["display_name"]
        response.schoolName = schoolName ?? ""
        response.mustChangePassword = row["must_change_password"]
        return response
    }

    /// Refresh tokens are stored only as their SHA-256: a copy of the database signs no one in.
    static func refreshTokenHash(_ token: String) -> Data {
        Data(SHA256.hash(data: Array(token.utf8)))
    }

    /// Makes the platform operator account on first start (DOMAIN.md §1: it creates schools).
    /// Returns the password if one was generated, to be shown once.
    public func ensurePlatformOperator(username: String, password: String?) async throws -> String? {
        let exists = try await self.pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE kind = 'platformOperator'") == true
        }
        if exists { return nil }
        let chosen = password ?? PasswordHasher.initialPassword()
        let hash = try self.hasher.hash(chosen)
        try await self.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO account (id, kind, school_code, login, display_name, password_hash, must_change_password, created_at_ms)
                    VALUES (?, 'platformOperator', NULL, ?, '平台运维', ?, ?, ?)
                    """,
                arguments: [UUID().uuidString.lowercased(), username, hash, password == nil, nowMilliseconds()]
            )
        }
        return password == nil ? chosen : nil
    }
}
