import GRPCCore
import GraduateProto
import Hummingbird
import RPCTransport

/// Schools (platform operator), departments and staff accounts (school admin).
struct SchoolAdministrationController {
    let accounts: ClientPool

    private var api: Graduate_Accounts_V1_Accounts.Client<TCPClientTransport> { .init(wrapping: self.accounts.client) }

    struct NewSchool: Decodable {
        var code: String
        var name: String
        var adminUsername: String
        var adminDisplayName: String?
    }

    struct School: Encodable, Sendable {
        var code: String
        var name: String
        var createdAt: String

        init(_ school: Graduate_Accounts_V1_School) {
            self.code = school.code
            self.name = school.name
            self.createdAt = beijingTime(milliseconds: school.createdAtMs)
        }
    }

    struct CreatedSchool: Encodable, Sendable {
        var school: School
        var admin: StaffAccount
        var initialPassword: String
    }

    struct NewDepartment: Decodable {
        var name: String
    }

    struct Department: Encodable, Sendable {
        var id: String
        var name: String
    }

    struct NewStaffAccount: Decodable {
        var username: String
        var displayName: String
        var role: String
        var modules: [String]
        var departmentId: String?
    }

    struct StaffAccount: Encodable, Sendable {
        var id: String
        var username: String
        var displayName: String
        var role: String
        var roleName: String
        var modules: [String]
        var departmentId: String?
        var enabled: Bool
        var mustChangePassword: Bool
        var createdAt: String

        init(_ account: Graduate_Accounts_V1_StaffAccount) {
            self.id = account.id
            self.username = account.username
            self.displayName = account.displayName
            let role = Self.roles.first { $0.value.0 == account.role }
            self.role = role?.key ?? ""
            self.roleName = role?.value.1 ?? ""
            self.modules = account.modules.compactMap { module in Self.modules.first { $0.value == module }?.key }
            self.departmentId = account.departmentID.isEmpty ? nil : account.departmentID
            self.enabled = account.enabled
            self.mustChangePassword = account.mustChangePassword
            self.createdAt = beijingTime(milliseconds: account.createdAtMs)
        }

        static let roles: [String: (Graduate_Accounts_V1_StaffRole, String)] = [
            "schoolAdmin": (.schoolAdmin, "学校管理员"),
            "schoolOperator": (.schoolOperator, "学校操作员"),
            "departmentAdmin": (.departmentAdmin, "院系管理员"),
            "departmentOperator": (.departmentOperator, "院系操作员"),
        ]
        static let modules: [String: Graduate_Accounts_V1_Module] = [
            "esigning": .esigning, "archive": .archive, "confirmation": .confirmation, "transferVerification": .transferVerification,
        ]
        /// The modules' names as DOMAIN.md §1 gives them.
        static let moduleNames: [String: String] = [
            "esigning": "毕业去向登记与网签", "archive": "档案/户口信息管理",
            "confirmation": "登记确认信息", "transferVerification": "户档转递核验信息",
        ]
    }

    struct ReviewerChoice: Decodable {
        /// Empty or absent clears the reviewer.
        var accountId: String?
    }

    struct DepartmentReviewer: Encodable, Sendable {
        var departmentId: String
        var departmentName: String
        var module: String
        var accountId: String?
        var accountDisplayName: String?

        init(_ reviewer: Graduate_Accounts_V1_DepartmentReviewer) {
            self.departmentId = reviewer.departmentID
            self.departmentName = reviewer.departmentName
            self.module = StaffAccount.modules.first { $0.value == reviewer.module }?.key ?? ""
            self.accountId = reviewer.accountID.isEmpty ? nil : reviewer.accountID
            self.accountDisplayName = reviewer.accountDisplayName.isEmpty ? nil : reviewer.accountDisplayName
        }
    }

    struct InitialPassword: Encodable, Sendable {
        var initialPassword: String
    }

    struct CreatedStaffAccount: Encodable, Sendable {
        var account: StaffAccount
        var initialPassword: String
    }

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.post("schools") { request, context in
            let body = try await JSONBody.decode(NewSchool.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_CreateSchoolRequest()
            rpc.code = body.code
            rpc.name = body.name
            rpc.adminUsername = body.adminUsername
            rpc.adminDisplayName = body.adminDisplayName ?? ""
            let created = try await forward(request, context) { try await self.api.createSchool(rpc, metadata: $0) }
            return JSONResponse(
                value: CreatedSchool(school: School(created.school), admin: StaffAccount(created.admin), initialPassword: created.initialPassword),
                status: .created
            )
        }
        group.get("schools") { request, context in
            let response = try await forward(request, context) { try await self.api.listSchools(.init(), metadata: $0) }
            return JSONResponse(value: ["items": response.schools.map(School.init)])
        }
        group.post("departments") { request, context in
            let body = try await JSONBody.decode(NewDepartment.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_CreateDepartmentRequest()
            rpc.name = body.name
            let created = try await forward(request, context) { try await self.api.createDepartment(rpc, metadata: $0) }
            return JSONResponse(value: Department(id: created.id, name: created.name), status: .created)
        }
        group.get("departments") { request, context in
            let response = try await forward(request, context) { try await self.api.listDepartments(.init(), metadata: $0) }
            return JSONResponse(value: ["items": response.departments.map { Department(id: $0.id, name: $0.name) }])
        }
        group.put("departments/:id/reviewers/:module") { request, context in
            let body = try await JSONBody.decode(ReviewerChoice.self, from: request, context: context)
            let moduleName = try context.parameters.require("module")
            guard let module = StaffAccount.modules[moduleName] else {
                throw APIError.badRequest(field: "module", "模块应为 esigning、archive、confirmation 或 transferVerification")
            }
            var rpc = Graduate_Accounts_V1_SetDepartmentReviewerRequest()
            rpc.departmentID = try context.parameters.require("id")
            rpc.module = module
            rpc.accountID = body.accountId ?? ""
            let reviewer = try await forward(request, context) { try await self.api.setDepartmentReviewer(rpc, metadata: $0) }
            return JSONResponse(value: DepartmentReviewer(reviewer))
        }
        group.get("department-reviewers") { request, context in
            let response = try await forward(request, context) { try await self.api.listDepartmentReviewers(.init(), metadata: $0) }
            return JSONResponse(value: ["items": response.reviewers.map(DepartmentReviewer.init)])
        }
        group.post("staff-accounts") { request, context in
            let body = try await JSONBody.decode(NewStaffAccount.self, from: request, context: context)
            guard let role = StaffAccount.roles[body.role]?.0 else {
                throw APIError.badRequest(field: "role", "角色应为 schoolAdmin、schoolOperator、departmentAdmin 或 departmentOperator")
            }
            var rpc = Graduate_Accounts_V1_CreateStaffAccountRequest()
            rpc.username = body.username
            rpc.displayName = body.displayName
            rpc.role = role
            rpc.modules = try body.modules.enumerated().map { index, name in
                guard let module = StaffAccount.modules[name] else {
                    throw APIError.badRequest(field: "modules[\(index)]", "模块应为 esigning、archive、confirmation 或 transferVerification")
                }
                return module
            }
            rpc.departmentID = body.departmentId ?? ""
            let created = try await forward(request, context) { try await self.api.createStaffAccount(rpc, metadata: $0) }
            return JSONResponse(
                value: CreatedStaffAccount(account: StaffAccount(created.account), initialPassword: created.initialPassword),
                status: .created
            )
        }
        group.get("staff-accounts") { request, context in
            let response = try await forward(request, context) { try await self.api.listStaffAccounts(.init(), metadata: $0) }
            return JSONResponse(value: ["items": response.accounts.map(StaffAccount.init)])
        }
        for (verb, enabled) in [("enable", true), ("disable", false)] {
            group.post("staff-accounts/:id/\(verb)") { request, context in
                var rpc = Graduate_Accounts_V1_SetStaffAccountEnabledRequest()
                rpc.accountID = try context.parameters.require("id")
                rpc.enabled = enabled
                let account = try await forward(request, context) { try await self.api.setStaffAccountEnabled(rpc, metadata: $0) }
                return JSONResponse(value: StaffAccount(account))
            }
        }
        group.post("staff-accounts/:id/reset-password") { request, context in
            var rpc = Graduate_Accounts_V1_ResetStaffPasswordRequest()
            rpc.accountID = try context.parameters.require("id")
            let response = try await forward(request, context) { try await self.api.resetStaffPassword(rpc, metadata: $0) }
            return JSONResponse(value: InitialPassword(initialPassword: response.initialPassword))
        }
    }
}
