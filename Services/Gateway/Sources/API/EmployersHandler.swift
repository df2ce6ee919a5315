import Foundation
import GraduateDomain
import GRPCCore
import GraduateProto
import OpenAPIRuntime
import RPCTransport

/// 用人单位: registration with the business licence (`multipart/form-data`), the platform
/// operator's review, the employer's own record and resubmission, on the generated API.
struct EmployersHandler<Transport: GRPCCore.ClientTransport> {
    let accounts: ClientPool<Transport>
    /// Registration needs no token: limited per client address like sign-in.
    let limiter: RateLimiter

    private var api: Graduate_Accounts_V1_Employers.Client<Transport> { .init(wrapping: self.accounts.client) }


    func register(_ body: MultipartBody<Operations.PostEmployers.Input.Body.MultipartFormPayload>) async throws -> Components.Schemas.Employer {
        let request = try GatewayRequest.require()
        try self.limiter.check(clientAddress: request.clientAddress)
        let form = try await UploadedForm.read(body) { part in
            switch part {
            case .creditCode(let p): ("creditCode", p.payload.body, nil)
            case .name(let p): ("name", p.payload.body, nil)
            case .nature(let p): ("nature", p.payload.body, nil)
            case .industry(let p): ("industry", p.payload.body, nil)
            case .regionCode(let p): ("regionCode", p.payload.body, nil)
            case .address(let p): ("address", p.payload.body, nil)
            case .contactName(let p): ("contactName", p.payload.body, nil)
            case .contactPhone(let p): ("contactPhone", p.payload.body, nil)
            case .email(let p): ("email", p.payload.body, nil)
            case .password(let p): ("password", p.payload.body, nil)
            case .licence(let p): ("licence", p.payload.body, p.filename ?? "")
            case .undocumented(let p): (p.name ?? "", p.body, nil)
            }
        }
        var rpc = Graduate_Accounts_V1_RegisterEmployerRequest()
        rpc.creditCode = try form.requiredText("creditCode")
        rpc.form = try Self.employerForm(form)
        rpc.password = try form.requiredText("password")
        guard let licence = form.files["licence"] else { throw APIError.badRequest(field: "licence", "请上传营业执照扫描件") }
        rpc.licence = licence.content
        return try .init(try await request.forward { try await self.api.register(rpc, metadata: $0) })
    }

    func resubmit(_ body: MultipartBody<Operations.PostEmployerResubmission.Input.Body.MultipartFormPayload>) async throws -> Components.Schemas.Employer {
        let form = try await UploadedForm.read(body) { part in
            switch part {
            case .name(let p): ("name", p.payload.body, nil)
            case .nature(let p): ("nature", p.payload.body, nil)
            case .industry(let p): ("industry", p.payload.body, nil)
            case .regionCode(let p): ("regionCode", p.payload.body, nil)
            case .address(let p): ("address", p.payload.body, nil)
            case .contactName(let p): ("contactName", p.payload.body, nil)
            case .contactPhone(let p): ("contactPhone", p.payload.body, nil)
            case .email(let p): ("email", p.payload.body, nil)
            case .licence(let p): ("licence", p.payload.body, p.filename ?? "")
            case .undocumented(let p): (p.name ?? "", p.body, nil)
            }
        }
        var rpc = Graduate_Accounts_V1_ResubmitEmployerRequest()
        rpc.form = try Self.employerForm(form)
        if let licence = form.files["licence"] { rpc.licence = licence.content }
        return try .init(try await GatewayRequest.require().forward { try await self.api.resubmit(rpc, metadata: $0) })
    }

    /// The form fields of registration and resubmission (the licence is a file part).
    static func employerForm(_ form: UploadedForm) throws -> Graduate_Accounts_V1_EmployerForm {
        var employer = Graduate_Accounts_V1_EmployerForm()
        employer.name = try form.requiredText("name")
        employer.nature = try form.requiredText("nature")
        employer.industry = try form.requiredText("industry")
        employer.regionCode = try form.requiredText("regionCode")
        employer.address = try form.requiredText("address")
        employer.contactName = try form.requiredText("contactName")
        employer.contactPhone = try form.requiredText("contactPhone")
        employer.email = try form.requiredText("email")
        return employer
    }

    func list(_ query: Operations.GetEmployers.Input.Query) async throws -> Operations.GetEmployers.Output.Ok.Body.JsonPayload {
        var rpc = Graduate_Accounts_V1_ListEmployersRequest()
        switch query.status {
        case .pending: rpc.status = .employerPending
        case .approved: rpc.status = .employerApproved
        case .rejected: rpc.status = .employerRejected
        case nil: break
        }
        rpc.query = query.q ?? ""
        rpc.pageSize = query.pageSize ?? 0
        rpc.pageToken = query.pageToken ?? ""
        let response = try await GatewayRequest.require().forward { try await self.api.list(rpc, metadata: $0) }
        return .init(
            items: try response.employers.map(Components.Schemas.Employer.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        )
    }

    func get(_ id: String) async throws -> Components.Schemas.Employer {
        var rpc = Graduate_Accounts_V1_GetEmployerRequest()
        rpc.employerID = id
        return try .init(try await GatewayRequest.require().forward { try await self.api.get(rpc, metadata: $0) })
    }

    func licence(_ id: String) async throws -> Operations.GetEmployersIdLicence.Output.Ok {
        var rpc = Graduate_Accounts_V1_GetEmployerRequest()
        rpc.employerID = id
        let licence = try await GatewayRequest.require().forward { try await self.api.getLicence(rpc, metadata: $0) }
        let type = ScanType(rawValue: licence.contentType) ?? .pdf
        let content = APIValues.body(licence.content)
        return .init(headers: .init(contentDisposition: APIValues.attachment(fileName: "营业执照.\(type.fileExtension)")), body: .scan(type, content))
    }

    func approve(_ id: String) async throws -> Components.Schemas.Employer {
        var rpc = Graduate_Accounts_V1_ApproveEmployerRequest()
        rpc.employerID = id
        return try .init(try await GatewayRequest.require().forward { try await self.api.approve(rpc, metadata: $0) })
    }

    func reject(_ id: String, _ body: Components.Schemas.EmployerRejection) async throws -> Components.Schemas.Employer {
        var rpc = Graduate_Accounts_V1_RejectEmployerRequest()
        rpc.employerID = id
        rpc.reason = body.reason
        return try .init(try await GatewayRequest.require().forward { try await self.api.reject(rpc, metadata: $0) })
    }

    /// The platform operator resets a forgotten password: a new initial one, shown once.
    func resetPassword(_ id: String) async throws -> Components.Schemas.InitialPassword {
        var rpc = Graduate_Accounts_V1_ResetEmployerPasswordRequest()
        rpc.employerID = id
        return .init(initialPassword: try await GatewayRequest.require().forward { try await self.api.resetPassword(rpc, metadata: $0) }.initialPassword)
    }

    func mine() async throws -> Components.Schemas.Employer {
        try .init(try await GatewayRequest.require().forward { try await self.api.getMine(.init(), metadata: $0) })
    }
}

extension Components.Schemas.Employer {
    init(_ employer: Graduate_Accounts_V1_Employer) throws {
        let status: EmployerStatus? = switch employer.status {
        case .employerPending: .pending
        case .employerApproved: .approved
        case .employerRejected: .rejected
        case .unspecified, .UNRECOGNIZED: nil
        }
        self.init(
            id: employer.id,
            creditCode: employer.creditCode,
            name: employer.name,
            nature: employer.nature,
            natureName: EmployerNature.name(ofCode: employer.nature) ?? "",
            industry: employer.industry,
            industryName: Industry.name(ofCode: employer.industry) ?? "",
            regionCode: employer.regionCode,
            regionName: Regions.fullName(of: employer.regionCode),
            address: employer.address,
            contactName: employer.contactName,
            contactPhone: employer.contactPhone,
            email: employer.email,
            status: try APIValues.code(status?.rawValue ?? "", "status"),
            statusName: try APIValues.code(status?.name ?? "", "statusName"),
            reason: employer.reason,
            registeredAt: Date(milliseconds: employer.registeredAtMs),
            reviewedAt: APIValues.time(employer.reviewedAtMs)
        )
    }
}

/// The 用人单位 operations of the generated API.
extension GatewayAPI {
    func postEmployers(_ input: Operations.PostEmployers.Input) async throws -> Operations.PostEmployers.Output {
        let body = switch input.body { case .multipartForm(let body): body }
        return .created(.init(body: .json(try await self.employers.register(body))))
    }

    func getEmployers(_ input: Operations.GetEmployers.Input) async throws -> Operations.GetEmployers.Output {
        .ok(.init(body: .json(try await self.employers.list(input.query))))
    }

    func getEmployersId(_ input: Operations.GetEmployersId.Input) async throws -> Operations.GetEmployersId.Output {
        .ok(.init(body: .json(try await self.employers.get(input.path.id))))
    }

    func getEmployersIdLicence(_ input: Operations.GetEmployersIdLicence.Input) async throws -> Operations.GetEmployersIdLicence.Output {
        .ok(try await self.employers.licence(input.path.id))
    }

    func postEmployersIdApprove(_ input: Operations.PostEmployersIdApprove.Input) async throws -> Operations.PostEmployersIdApprove.Output {
        .ok(.init(body: .json(try await self.employers.approve(input.path.id))))
    }

    func postEmployersIdReject(_ input: Operations.PostEmployersIdReject.Input) async throws -> Operations.PostEmployersIdReject.Output {
        let body = switch input.body { case .json(let body): body }
        return .ok(.init(body: .json(try await self.employers.reject(input.path.id, body))))
    }

    func postEmployersIdResetPassword(_ input: Operations.PostEmployersIdResetPassword.Input) async throws -> Operations.PostEmployersIdResetPassword.Output {
        .ok(.init(body: .json(try await self.employers.resetPassword(input.path.id))))
    }

    func getEmployer(_ input: Operations.GetEmployer.Input) async throws -> Operations.GetEmployer.Output {
        .ok(.init(body: .json(try await self.employers.mine())))
    }

    func postEmployerResubmission(_ input: Operations.PostEmployerResubmission.Input) async throws -> Operations.PostEmployerResubmission.Output {
        let body = switch input.body { case .multipartForm(let body): body }
        return .ok(.init(body: .json(try await self.employers.resubmit(body))))
    }
}
