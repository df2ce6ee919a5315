import Foundation
import GRPCCore
import GraduateDomain
import GraduateProto
import Hummingbird
import RPCTransport

/// Employers (`/api/v1/employers`, `/api/v1/employer`): registration with the business
/// licence as `multipart/form-data`, the platform operator's review, the employer's own
/// record and resubmission.
struct EmployersController {
    let accounts: ClientPool
    let limiter: RateLimiter

    private var api: Graduate_Accounts_V1_Employers.Client<TCPClientTransport> { .init(wrapping: self.accounts.client) }

    /// An employer as the API shows it; every key is always present (`reviewedAt` may be null).
    struct Employer: Encodable, Sendable {
        var id: String
        var creditCode: String
        var name: String
        var nature: String
        var natureName: String
        var industry: String
        var industryName: String
        var regionCode: String
        var address: String
        var contactName: String
        var contactPhone: String
        var email: String
        var status: String
        var statusName: String
        var reason: String
        var registeredAt: String
        var reviewedAt: String?

        init(_ employer: Graduate_Accounts_V1_Employer) {
            let status = Self.status(employer.status)
            self.id = employer.id
            self.creditCode = employer.creditCode
            self.name = employer.name
            self.nature = employer.nature
            self.natureName = EmployerNature.name(ofCode: employer.nature) ?? ""
            self.industry = employer.industry
            self.industryName = Industry.name(ofCode: employer.industry) ?? ""
            self.regionCode = employer.regionCode
            self.address = employer.address
            self.contactName = employer.contactName
            self.contactPhone = employer.contactPhone
            self.email = employer.email
            self.status = status?.rawValue ?? ""
            self.statusName = status?.name ?? ""
            self.reason = employer.reason
            self.registeredAt = beijingTime(milliseconds: employer.registeredAtMs)
            self.reviewedAt = employer.reviewedAtMs == 0 ? nil : beijingTime(milliseconds: employer.reviewedAtMs)
        }

        static func status(_ status: Graduate_Accounts_V1_EmployerStatus) -> EmployerStatus? {
            switch status {
            case .employerPending: .pending
            case .employerApproved: .approved
            case .employerRejected: .rejected
            case .unspecified, .UNRECOGNIZED: nil
            }
        }

        enum CodingKeys: String, CodingKey {
            case id, creditCode, name, nature, natureName, industry, industryName, regionCode, address, contactName
            case contactPhone, email, status, statusName, reason, registeredAt, reviewedAt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.id, forKey: .id)
            try container.encode(self.creditCode, forKey: .creditCode)
            try container.encode(self.name, forKey: .name)
            try container.encode(self.nature, forKey: .nature)
            try container.encode(self.natureName, forKey: .natureName)
            try container.encode(self.industry, forKey: .industry)
            try container.encode(self.industryName, forKey: .industryName)
            try container.encode(self.regionCode, forKey: .regionCode)
            try container.encode(self.address, forKey: .address)
            try container.encode(self.contactName, forKey: .contactName)
            try container.encode(self.contactPhone, forKey: .contactPhone)
            try container.encode(self.email, forKey: .email)
            try container.encode(self.status, forKey: .status)
            try container.encode(self.statusName, forKey: .statusName)
            try container.encode(self.reason, forKey: .reason)
            try container.encode(self.registeredAt, forKey: .registeredAt)
            try container.encode(self.reviewedAt, forKey: .reviewedAt)
        }
    }

    struct Rejection: Decodable {
        var reason: String
    }

    /// The form fields of registration and resubmission (the licence is a file part).
    static func form(_ multipart: MultipartForm) throws -> Graduate_Accounts_V1_EmployerForm {
        var form = Graduate_Accounts_V1_EmployerForm()
        form.name = try multipart.requiredText("name")
        form.nature = try multipart.requiredText("nature")
        form.industry = try multipart.requiredText("industry")
        form.regionCode = try multipart.requiredText("regionCode")
        form.address = try multipart.requiredText("address")
        form.contactName = try multipart.requiredText("contactName")
        form.contactPhone = try multipart.requiredText("contactPhone")
        form.email = try multipart.requiredText("email")
        return form
    }

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.post("employers") { request, context in
            try self.limiter.check(context)
            let multipart = try await MultipartForm.read(request, context: context)
            var rpc = Graduate_Accounts_V1_RegisterEmployerRequest()
            rpc.creditCode = try multipart.requiredText("creditCode")
            rpc.form = try Self.form(multipart)
            rpc.password = try multipart.requiredText("password")
            guard let licence = multipart.part("licence") else { throw APIError.badRequest(field: "licence", "请上传营业执照扫描件") }
            rpc.licence = licence.content
            let employer = try await forward(request, context) { try await self.api.register(rpc, metadata: $0) }
            return JSONResponse(value: Employer(employer), status: .created)
        }
        group.get("employers") { request, context in
            let query = request.uri.queryParameters
            var rpc = Graduate_Accounts_V1_ListEmployersRequest()
            if let status = query.get("status"), !status.isEmpty {
                switch EmployerStatus(rawValue: status) {
                case .pending: rpc.status = .employerPending
                case .approved: rpc.status = .employerApproved
                case .rejected: rpc.status = .employerRejected
                case nil: throw APIError.badRequest(field: "status", "审核状态应为 pending、approved 或 rejected")
                }
            }
            rpc.query = query.get("q") ?? ""
            (rpc.pageSize, rpc.pageToken) = try Paged<Employer>.parameters(query)
            let response = try await forward(request, context) { try await self.api.list(rpc, metadata: $0) }
            return JSONResponse(value: Paged(
                items: response.employers.map(Employer.init), total: response.total, nextPageToken: response.nextPageToken
            ))
        }
        group.get("employers/:id") { request, context in
            var rpc = Graduate_Accounts_V1_GetEmployerRequest()
            rpc.employerID = try context.parameters.require("id")
            let employer = try await forward(request, context) { try await self.api.get(rpc, metadata: $0) }
            return JSONResponse(value: Employer(employer))
        }
        group.get("employers/:id/licence") { request, context in
            var rpc = Graduate_Accounts_V1_GetEmployerRequest()
            rpc.employerID = try context.parameters.require("id")
            let licence = try await forward(request, context) { try await self.api.getLicence(rpc, metadata: $0) }
            let type = ScanType(rawValue: licence.contentType) ?? .pdf
            return Download(content: licence.content, fileName: "营业执照.\(type.fileExtension)", contentType: type.contentType)
        }
        group.post("employers/:id/approve") { request, context in
            var rpc = Graduate_Accounts_V1_ApproveEmployerRequest()
            rpc.employerID = try context.parameters.require("id")
            let employer = try await forward(request, context) { try await self.api.approve(rpc, metadata: $0) }
            return JSONResponse(value: Employer(employer))
        }
        group.post("employers/:id/reject") { request, context in
            let body = try await JSONBody.decode(Rejection.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_RejectEmployerRequest()
            rpc.employerID = try context.parameters.require("id")
            rpc.reason = body.reason
            let employer = try await forward(request, context) { try await self.api.reject(rpc, metadata: $0) }
            return JSONResponse(value: Employer(employer))
        }
        group.get("employer") { request, context in
            let employer = try await forward(request, context) { try await self.api.getMine(.init(), metadata: $0) }
            return JSONResponse(value: Employer(employer))
        }
        group.post("employer/resubmission") { request, context in
            let multipart = try await MultipartForm.read(request, context: context)
            var rpc = Graduate_Accounts_V1_ResubmitEmployerRequest()
            rpc.form = try Self.form(multipart)
            if let licence = multipart.part("licence") { rpc.licence = licence.content }
            let employer = try await forward(request, context) { try await self.api.resubmit(rpc, metadata: $0) }
            return JSONResponse(value: Employer(employer))
        }
    }
}
