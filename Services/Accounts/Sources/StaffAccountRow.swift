import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import ServiceKit
import StorageKit

/// One staff account as stored (table `account`, kind 'staff').
struct StaffAccountRow: Sendable {
    var id: String
    var schoolCode: String
    var username: String
    var displayName: String
    var role: Principal.StaffRole
    var modules: [String]
    var departmentID: String?
    var enabled: Bool
    var mustChangePassword: Bool
    var createdAtMs: Int64

    init(row: Row) {
        self.id = row["id"]
        self.schoolCode = row["school_code"]
        self.username = row["login"]
        self.displayName = row["display_name"]
        self.role = Principal.StaffRole(rawValue: row["role"]) ?? .departmentOperator
        self.modules = (row["modules"] as String).split(separator: ",").map(String.init)
        self.departmentID = row["department_id"]
        self.enabled = row["enabled"]
        self.mustChangePassword = row["must_change_password"]
        self.createdAtMs = row["created_at_ms"]
    }

    var proto: Graduate_Accounts_V1_StaffAccount {
        var account = Graduate_Accounts_V1_StaffAccount()
        account.id = self.id
        account.schoolCode = self.schoolCode
        account.username = self.username
        account.displayName = self.displayName
        account.role = self.role.proto
        account.modules = self.modules.compactMap(Module.proto)
        account.departmentID = self.departmentID ?? ""
        account.enabled = self.enabled
        account.mustChangePassword = self.mustChangePassword
        account.createdAtMs = self.createdAtMs
        return account
    }

    static func insert(
        _ db: Database,
        school: String,
        username: String,
        displayName: String,
        role: Principal.StaffRole,
        modules: [String],
        departmentID: String?,
        passwordHash: String
    ) throws -> StaffAccountRow {
        if try Bool.fetchOne(
            db, sql: "SELECT 1 FROM account WHERE kind = 'staff' AND school_code = ? AND login = ?", arguments: [school, username]
        ) == true {
            throw RPCError.alreadyExists(field: "username", "用户名“\(username)”已被使用")
        }
        let id = UUID().uuidString.lowercased()
        try db.execute(
            sql: """
                INSERT INTO account (id, kind, school_code, login, display_name, role, modules, department_id,
                                     password_hash, enabled, must_change_password, created_at_ms)
                VALUES (?, 'staff', ?, ?, ?, ?, ?, ?, ?, 1, 1, ?)
                """,
            arguments: [id, school, username, displayName, role.rawValue, modules.joined(separator: ","), departmentID, passwordHash, nowMilliseconds()]
        )
        return try Self.fetchOne(db, id: id, school: school)!
    }

    static func fetchOne(_ db: Database, id: String, school: String) throws -> StaffAccountRow? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM account WHERE id = ? AND kind = 'staff' AND school_code = ?", arguments: [id, school]
        ).map(StaffAccountRow.init)
    }

    static func fetchAll(_ db: Database, school: String) throws -> [StaffAccountRow] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM account WHERE kind = 'staff' AND school_code = ? ORDER BY created_at_ms", arguments: [school]
        ).map(StaffAccountRow.init)
    }
}
