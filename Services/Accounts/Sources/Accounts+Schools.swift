import AuthKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

typealias AccountsAPI = Graduate_Accounts_V1_Accounts

/// Schools, departments and staff accounts (DOMAIN.md §1).
extension AccountsService {
    public func createSchool(
        request: Graduate_Accounts_V1_CreateSchoolRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_CreateSchoolResponse {
        guard let code = SchoolCode(request.code) else { throw RPCError.invalid(field: "code", "院校代码应为5位数字") }
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw RPCError.invalid(field: "name", "请填写学校名称（最多100字）") }
        if let problem = DisplayText.problem(in: name) { throw RPCError.invalid(field: "name", "学校名称\(problem)") }
        let username = try Self.checkedUsername(request.adminUsername, field: "adminUsername")
        let adminName = request.adminDisplayName.trimmingCharacters(in: .whitespaces)
        guard adminName.count <= 50 else { throw RPCError.invalid(field: "adminDisplayName", "管理员姓名最多50字") }
        if let problem = DisplayText.problem(in: adminName) { throw RPCError.invalid(field: "adminDisplayName", "管理员姓名\(problem)") }
        let password = PasswordHasher.initialPassword()
        let hash = try self.hasher.hash(password)
        let (school, admin) = try await self.pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM school WHERE code = ?", arguments: [code.value]) == true {
                throw RPCError.alreadyExists(field: "code", "院校代码\(code.value)已存在")
            }
            let now = nowMilliseconds()
            try db.execute(sql: "INSERT INTO school (code, name, created_at_ms) VALUES (?, ?, ?)", arguments: [code.value, name, now])
            let admin = try StaffAccountRow.insert(
                db, school: code.value, username: username,
                displayName: adminName.isEmpty ? "学校管理员" : adminName,
                role: .schoolAdmin, modules: Module.all, departmentID: nil, passwordHash: hash
            )
            var event = Graduate_Events_V1_SchoolCreated()
            event.schoolCode = code.value
            event.name = name
            try self.outbox.append(
                type: "school.created", aggregateType: "school", aggregateID: code.value, payload: try event.serializedBytes(), in: db
            )
            var school = Graduate_Accounts_V1_School()
            school.code = code.value
            school.name = name
            school.createdAtMs = now
            return (school, admin)
        }
        var response = Graduate_Accounts_V1_CreateSchoolResponse()
        response.school = school
        response.admin = admin.proto
        response.initialPassword = password
        return response
    }

    public func listSchools(
        request: Graduate_Accounts_V1_ListSchoolsRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ListSchoolsResponse {
        let rows = try await self.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, name, created_at_ms FROM school ORDER BY code")
        }
        var response = Graduate_Accounts_V1_ListSchoolsResponse()
        response.schools = rows.map { row in
            var school = Graduate_Accounts_V1_School()
            school.code = row["code"]
            school.name = row["name"]
            school.createdAtMs = row["created_at_ms"]
            return school
        }
        return response
    }

    public func createDepartment(
        request: Graduate_Accounts_V1_CreateDepartmentRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Department {
        let (_, school) = try self.callerSchool()
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 50 else { throw RPCError.invalid(field: "name", "请填写院系名称（最多50字）") }
        if let problem = DisplayText.problem(in: name) { throw RPCError.invalid(field: "name", "院系名称\(problem)") }
        return try await self.pool.write { db in
            try RosterWrites.begin(db, school: school)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM department WHERE school_code = ? AND name = ?", arguments: [school, name]) == true {
                throw RPCError.alreadyExists(field: "name", "院系“\(name)”已存在")
            }
            return try Self.insertDepartment(db, school: school, name: name, outbox: self.outbox)
        }
    }

    /// A new 院系 and its event (from 账号管理, or from a roster import that may create them).
    static func insertDepartment(_ db: Database, school: String, name: String, outbox: Outbox) throws -> Graduate_Accounts_V1_Department {
        var department = Graduate_Accounts_V1_Department()
        department.id = UUID().uuidString.lowercased()
        department.schoolCode = school
        department.name = name
        try db.execute(
            sql: "INSERT INTO department (id, school_code, name) VALUES (?, ?, ?)",
            arguments: [department.id, school, name]
        )
        var event = Graduate_Events_V1_DepartmentCreated()
        event.departmentID = department.id
        event.schoolCode = school
        event.name = name
        // Aggregate: the school, so a 院系 is known before any reviewer change of it.
        try outbox.append(
            type: "school.department.created", aggregateType: "school", aggregateID: school, payload: try event.serializedBytes(), in: db
        )
        return department
    }

    public func listDepartments(
        request: Graduate_Accounts_V1_ListDepartmentsRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ListDepartmentsResponse {
        let (_, school) = try self.callerSchool()
        let rows = try await self.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM department WHERE school_code = ? ORDER BY name", arguments: [school])
        }
        var response = Graduate_Accounts_V1_ListDepartmentsResponse()
        response.departments = rows.map { row in
            var department = Graduate_Accounts_V1_Department()
            department.id = row["id"]
            department.schoolCode = school
            department.name = row["name"]
            return department
        }
        return response
    }

    public func createStaffAccount(
        request: Graduate_Accounts_V1_CreateStaffAccountRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_CreateStaffAccountResponse {
        let (_, school) = try self.callerSchool()
        let username = try Self.checkedUsername(request.username, field: "username")
        guard let role = Principal.StaffRole(request.role) else {
            throw RPCError.invalid(field: "role", "请选择角色（学校管理员、学校操作员、院系管理员或院系操作员）")
        }
        let modules = try Module.checked(request.modules)
        let displayName = request.displayName.trimmingCharacters(in: .whitespaces)
        guard !displayName.isEmpty, displayName.count <= 50 else { throw RPCError.invalid(field: "displayName", "请填写姓名（最多50字）") }
        if let problem = DisplayText.problem(in: displayName) { throw RPCError.invalid(field: "displayName", "姓名\(problem)") }
        if role.isDepartmentScoped, request.departmentID.isEmpty {
            throw RPCError.invalid(field: "departmentId", "院系账号必须选择院系")
        }
        let password = PasswordHasher.initialPassword()
        let hash = try self.hasher.hash(password)
        let account = try await self.pool.write { db in
            var departmentID: String?
            if role.isDepartmentScoped {
                guard try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM department WHERE id = ? AND school_code = ?", arguments: [request.departmentID, school]
                ) == true else { throw RPCError.invalid(field: "departmentId", "院系不存在") }
                departmentID = request.departmentID
            }
            return try StaffAccountRow.insert(
                db, school: school, username: username, displayName: displayName,
                role: role, modules: role == .schoolAdmin ? Module.all : modules, departmentID: departmentID, passwordHash: hash
            )
        }
        var response = Graduate_Accounts_V1_CreateStaffAccountResponse()
        response.account = account.proto
        response.initialPassword = password
        return response
    }

    public func listStaffAccounts(
        request: Graduate_Accounts_V1_ListStaffAccountsRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ListStaffAccountsResponse {
        let (_, school) = try self.callerSchool()
        let accounts = try await self.pool.read { db in
            try StaffAccountRow.fetchAll(db, school: school)
        }
        var response = Graduate_Accounts_V1_ListStaffAccountsResponse()
        response.accounts = accounts.map(\.proto)
        return response
    }

    public func setStaffAccountEnabled(
        request: Graduate_Accounts_V1_SetStaffAccountEnabledRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_StaffAccount {
        let (principal, school) = try self.callerSchool()
        if request.accountID == principal.subject, !request.enabled {
            throw RPCError.wrongState("不能停用自己的账号")
        }
        return try await self.pool.write { db in
            guard var account = try StaffAccountRow.fetchOne(db, id: request.accountID, school: school) else {
                throw RPCError.notFound("账号不存在")
            }
            try db.execute(sql: "UPDATE account SET enabled = ? WHERE id = ?", arguments: [request.enabled, account.id])
            if !request.enabled {
                // A disabled account is signed out everywhere at once, its access tokens too.
                try self.endAllSessions(of: account.id, because: .accountDisabled, in: db)
            }
            account.enabled = request.enabled
            return account.proto
        }
    }

    public func resetStaffPassword(
        request: Graduate_Accounts_V1_ResetStaffPasswordRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ResetStaffPasswordResponse {
        let (principal, school) = try self.callerSchool()
        // One's own password is changed knowing the current one, not reset around it.
        if request.accountID == principal.subject {
            throw RPCError.wrongState("不能重置自己的密码，请在“修改密码”中修改")
        }
        let password = PasswordHasher.initialPassword()
        let hash = try self.hasher.hash(password)
        try await self.pool.write { db in
            guard let account = try StaffAccountRow.fetchOne(db, id: request.accountID, school: school) else {
                throw RPCError.notFound("账号不存在")
            }
            try db.execute(
                sql: "UPDATE account SET password_hash = ?, must_change_password = 1 WHERE id = ?",
                arguments: [hash, account.id]
            )
            try self.endAllSessions(of: account.id, because: .passwordReset, in: db)
            // A reset unlocks the account too.
            try ThrottleKey.reset(SignInKey.staff(school: school, username: account.username), in: db)
            let adminName = try String.fetchOne(db, sql: "SELECT display_name FROM account WHERE id = ?", arguments: [principal.subject])
            try PasswordResets.record(db, account: account.id, kind: .staffByAdmin, by: principal.subject, byName: adminName ?? "学校管理员")
        }
        var response = Graduate_Accounts_V1_ResetStaffPasswordResponse()
        response.initialPassword = password
        return response
    }

    static func checkedUsername(_ text: String, field: String) throws -> String {
        let username = text.trimmingCharacters(in: .whitespaces)
        guard (3...32).contains(username.count),
              username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") })
        else { throw RPCError.invalid(field: field, "用户名应为3到32位字母、数字、下划线、点或连字符") }
        return username
    }
}

extension Principal.StaffRole {
    init?(_ role: Graduate_Accounts_V1_StaffRole) {
        switch role {
        case .schoolAdmin: self = .schoolAdmin
        case .schoolOperator: self = .schoolOperator
        case .departmentAdmin: self = .departmentAdmin
        case .departmentOperator: self = .departmentOperator
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }

    var proto: Graduate_Accounts_V1_StaffRole {
        switch self {
        case .schoolAdmin: .schoolAdmin
        case .schoolOperator: .schoolOperator
        case .departmentAdmin: .departmentAdmin
        case .departmentOperator: .departmentOperator
        }
    }
}

/// The four modules of DOMAIN.md §1, stored by name.
enum Module {
    static let names: [Graduate_Accounts_V1_Module: String] = [
        .esigning: "esigning", .archive: "archive", .confirmation: "confirmation", .transferVerification: "transferVerification",
    ]
    static let all = ["esigning", "archive", "confirmation", "transferVerification"]

    static func checked(_ modules: [Graduate_Accounts_V1_Module]) throws -> [String] {
        try modules.map { module in
            guard let name = Self.names[module] else { throw RPCError.invalid(field: "modules", "未知的模块") }
            return name
        }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    static func proto(_ name: String) -> Graduate_Accounts_V1_Module? {
        Self.names.first { $0.value == name }?.key
    }
}
