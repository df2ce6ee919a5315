import Foundation
import GRPCCore
import GraduateProto
import RPCTransport

/// 学校 (the platform operator creates schools) and 账号管理 (a school admin's 院系, staff
/// accounts and each 院系's reviewers per module), on the generated API.
struct SchoolsHandler<Transport: GRPCCore.ClientTransport> {
    let accounts: ClientPool<Transport>

    private var api: Graduate_Accounts_V1_Accounts.Client<Transport> { .init(wrapping: self.accounts.client) }

    func createSchool(_ body: Components.Schemas.NewSchool) async throws -> Components.Schemas.CreatedSchool {
        var rpc = Graduate_Accounts_V1_CreateSchoolRequest()
        rpc.code = body.code
        rpc.name = body.name
        rpc.adminUsername = body.adminUsername
        rpc.adminDisplayName = body.adminDisplayName ?? ""
        let created = try await GatewayRequest.require().forward { try await self.api.createSchool(rpc, metadata: $0) }
        return .init(school: .init(created.school), admin: try .init(created.admin), initialPassword: created.initialPassword)
    }

    func schools() async throws -> [Components.Schemas.School] {
        try await GatewayRequest.require().forward { try await self.api.listSchools(.init(), metadata: $0) }.schools.map(Components.Schemas.School.init)
    }

    func createDepartment(_ body: Components.Schemas.NewDepartment) async throws -> Components.Schemas.Department {
        var rpc = Graduate_Accounts_V1_CreateDepartmentRequest()
        rpc.name = body.name
        let created = try await GatewayRequest.require().forward { try await self.api.createDepartment(rpc, metadata: $0) }
        return .init(id: created.id, name: created.name)
    }

    func departments() async throws -> [Components.Schemas.Department] {
        let response = try await GatewayRequest.require().forward { try await self.api.listDepartments(.init(), metadata: $0) }
        return response.departments.map { .init(id: $0.id, name: $0.name) }
    }

    func setReviewer(
        department: String, module: Operations.PutDepartmentsIdReviewersModule.Input.Path.ModulePayload, _ body: Components.Schemas.ReviewerChoice
    ) async throws -> Components.Schemas.DepartmentReviewer {
        var rpc = Graduate_Accounts_V1_SetDepartmentReviewerRequest()
        rpc.departmentID = department
        rpc.module = StaffRoles.modules[module.rawValue] ?? .unspecified
        rpc.accountID = body.accountId ?? ""
        return try .init(try await GatewayRequest.require().forward { try await self.api.setDepartmentReviewer(rpc, metadata: $0) })
    }

    func reviewers() async throws -> [Components.Schemas.DepartmentReviewer] {
        let response = try await GatewayRequest.require().forward { try await self.api.listDepartmentReviewers(.init(), metadata: $0) }
        return try response.reviewers.map(Components.Schemas.DepartmentReviewer.init)
    }

    func createStaffAccount(_ body: Components.Schemas.NewStaffAccount) async throws -> Components.Schemas.CreatedStaffAccount {
        var rpc = Graduate_Accounts_V1_CreateStaffAccountRequest()
        rpc.username = body.username
        rpc.displayName = body.displayName
        rpc.role = StaffRoles.roles[body.role.rawValue]?.role ?? .unspecified
        rpc.modules = body.modules.compactMap { StaffRoles.modules[$0.rawValue] }
        rpc.departmentID = body.departmentId ?? ""
        let created = try await GatewayRequest.require().forward { try await self.api.createStaffAccount(rpc, metadata: $0) }
        return .init(account: try .init(created.account), initialPassword: created.initialPassword)
    }

    func staffAccounts() async throws -> [Components.Schemas.StaffAccount] {
        let response = try await GatewayRequest.require().forward { try await self.api.listStaffAccounts(.init(), metadata: $0) }
        return try response.accounts.map(Components.Schemas.StaffAccount.init)
    }

    func setEnabled(_ id: String, _ enabled: Bool) async throws -> Components.Schemas.StaffAccount {
        var rpc = Graduate_Accounts_V1_SetStaffAccountEnabledRequest()
        rpc.accountID = id
        rpc.enabled = enabled
        return try .init(try await GatewayRequest.require().forward { try await self.api.setStaffAccountEnabled(rpc, metadata: $0) })
    }

    func resetPassword(_ id: String) async throws -> Components.Schemas.InitialPassword {
        var rpc = Graduate_Accounts_V1_ResetStaffPasswordRequest()
        rpc.accountID = id
        let response = try await GatewayRequest.require().forward { try await self.api.resetStaffPassword(rpc, metadata: $0) }
        return .init(initialPassword: response.initialPassword)
    }
}

/// The staff roles and modules: the API's codes, the proto's values and the names DOMAIN.md §1 gives.
enum StaffRoles {
    static let roles: [String: (role: Graduate_Accounts_V1_StaffRole, name: String)] = [
        "schoolAdmin": (.schoolAdmin, "学校管理员"),
        "schoolOperator": (.schoolOperator, "学校操作员"),
        "departmentAdmin": (.departmentAdmin, "院系管理员"),
        "departmentOperator": (.departmentOperator, "院系操作员"),
    ]
    static let modules: [String: Graduate_Accounts_V1_Module] = [
        "esigning": .esigning, "archive": .archive, "confirmation": .confirmation, "transferVerification": .transferVerification,
    ]
    static let moduleNames: [String: String] = [
        "esigning": "毕业去向登记与网签", "archive": "档案/户口信息管理",
        "confirmation": "登记确认信息", "transferVerification": "户档转递核验信息",
    ]

    static func role(_ role: Graduate_Accounts_V1_StaffRole) -> (code: String, name: String)? {
        self.roles.first { $0.value.role == role }.map { ($0.key, $0.value.name) }
    }

    static func module(_ module: Graduate_Accounts_V1_Module) -> String? {
        self.modules.first { $0.value == module }?.key
    }
}

extension Components.Schemas.School {
    init(_ school: Graduate_Accounts_V1_School) {
        self.init(code: school.code, name: school.name, createdAt: Date(milliseconds: school.createdAtMs))
    }
}

extension Components.Schemas.StaffAccount {
    init(_ account: Graduate_Accounts_V1_StaffAccount) throws {
        let role = StaffRoles.role(account.role)
        self.init(
            id: account.id,
            username: account.username,
            displayName: account.displayName,
            role: role?.code ?? "",
            roleName: role?.name ?? "",
            modules: account.modules.compactMap(StaffRoles.module),
            departmentId: APIValues.text(account.departmentID),
            enabled: account.enabled,
            mustChangePassword: account.mustChangePassword,
            createdAt: Date(milliseconds: account.createdAtMs)
        )
    }
}

extension Components.Schemas.DepartmentReviewer {
    init(_ reviewer: Graduate_Accounts_V1_DepartmentReviewer) throws {
        self.init(
            departmentId: reviewer.departmentID,
            departmentName: reviewer.departmentName,
            module: try APIValues.code(StaffRoles.module(reviewer.module) ?? "", "module"),
            accountId: APIValues.text(reviewer.accountID),
            accountDisplayName: APIValues.text(reviewer.accountDisplayName)
        )
    }
}

/// The 学校 and 账号管理 operations of the generated API.
extension GatewayAPI {
    func postSchools(_ input: Operations.PostSchools.Input) async throws -> Operations.PostSchools.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.schools.createSchool(body))))
    }

    func getSchools(_ input: Operations.GetSchools.Input) async throws -> Operations.GetSchools.Output {
        .ok(.init(body: .json(.init(items: try await self.schools.schools()))))
    }

    func postDepartments(_ input: Operations.PostDepartments.Input) async throws -> Operations.PostDepartments.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.schools.createDepartment(body))))
    }

    func getDepartments(_ input: Operations.GetDepartments.Input) async throws -> Operations.GetDepartments.Output {
        .ok(.init(body: .json(.init(items: try await self.schools.departments()))))
    }

    func putDepartmentsIdReviewersModule(
        _ input: Operations.PutDepartmentsIdReviewersModule.Input
    ) async throws -> Operations.PutDepartmentsIdReviewersModule.Output {
        let body = switch input.body { case .json(let body): body }
        return .ok(.init(body: .json(try await self.schools.setReviewer(department: input.path.id, module: input.path.module, body))))
    }

    func getDepartmentReviewers(_ input: Operations.GetDepartmentReviewers.Input) async throws -> Operations.GetDepartmentReviewers.Output {
        .ok(.init(body: .json(.init(items: try await self.schools.reviewers()))))
    }

    func postStaffAccounts(_ input: Operations.PostStaffAccounts.Input) async throws -> Operations.PostStaffAccounts.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.schools.createStaffAccount(body))))
    }

    func getStaffAccounts(_ input: Operations.GetStaffAccounts.Input) async throws -> Operations.GetStaffAccounts.Output {
        .ok(.init(body: .json(.init(items: try await self.schools.staffAccounts()))))
    }

    func postStaffAccountsIdEnable(_ input: Operations.PostStaffAccountsIdEnable.Input) async throws -> Operations.PostStaffAccountsIdEnable.Output {
        .ok(.init(body: .json(try await self.schools.setEnabled(input.path.id, true))))
    }

    func postStaffAccountsIdDisable(_ input: Operations.PostStaffAccountsIdDisable.Input) async throws -> Operations.PostStaffAccountsIdDisable.Output {
        .ok(.init(body: .json(try await self.schools.setEnabled(input.path.id, false))))
    }

    func postStaffAccountsIdResetPassword(
        _ input: Operations.PostStaffAccountsIdResetPassword.Input
    ) async throws -> Operations.PostStaffAccountsIdResetPassword.Output {
        .ok(.init(body: .json(try await self.schools.resetPassword(input.path.id))))
    }
}
