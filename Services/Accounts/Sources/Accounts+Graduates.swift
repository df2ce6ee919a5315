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
    public func activateGraduate(
        request: Graduate_Accounts_V1_ActivateGraduateRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_SignInResponse {
        let idNumber: IDNumber
        do throws(IDNumber.Problem) { idNumber = try IDNumber(request.idNumber) } catch { throw RPCError.invalid(field: "idNumber", error.message) }
        guard SchoolCode(request.schoolCode) != nil else { throw RPCError.invalid(field: "schoolCode", "院校代码应为5位数字") }
        if let problem = PasswordHasher.problem(withNewPassword: request.password) { throw RPCError.invalid(field: "password", problem) }
        let hash = try self.hasher.hash(request.password)
        let account = try await self.pool.write { db -> Row in
            // One message for every mismatch: the form must not reveal who is on the roster.
            guard let graduate = try Row.fetchOne(
                db,
                sql: "SELECT id, name, candidate_number, removed FROM graduate WHERE school_code = ? AND id_number = ?",
                arguments: [request.schoolCode, idNumber.value]
            ), !(graduate["removed"] as Bool),
                (graduate["name"] as String) == request.name.trimmingCharacters(in: .whitespaces),
                (graduate["candidate_number"] as String) == request.candidateNumber.trimmingCharacters(in: .whitespaces)
            else { throw RPCError.wrongState("身份证号、姓名或考生号与学生名单不一致，无法激活") }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE id = ?", arguments: [graduate["id"] as String]) == true {
                throw RPCError.alreadyExists(field: "idNumber", "账号已激活，请直接登录；忘记密码请联系学校")
            }
            // The account's id is the roster graduate's id, so every service can link the two.
            try db.execute(
                sql: """
                    INSERT INTO account (id, kind, school_code, login, display_name, password_hash, must_change_password, created_at_ms)
                    VALUES (?, 'graduate', ?, ?, ?, ?, 0, ?)
                    """,
                arguments: [graduate["id"] as String, request.schoolCode, idNumber.value, graduate["name"] as String, hash, nowMilliseconds()]
            )
            return try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [graduate["id"] as String])!
        }
        return try await self.issueTokens(accountRow: account)
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
