import ESigningDomain
import Foundation
import GRPCCore
import GraduateProto
import Hummingbird
import RPCTransport

/// 毕业去向登记与网签 (DOMAIN.md §3, §4.1–§4.3): 签约设置, employers' offers, graduates'
/// e-agreement applications and 补登, the one action route of the state machine, the staff
/// list with its filters and Excel export, the §13 counters, PDFs, scans, and the verification
/// of an agreement by anyone holding a copy. The e-signing service decides who may do what.
struct SigningController {
    let esigning: ClientPool
    let accounts: ClientPool
    /// Verification needs no token: limited per client address.
    let verificationLimiter: RateLimiter

    private var api: Graduate_Esigning_V1_ESigning.Client<TCPClientTransport> { .init(wrapping: self.esigning.client) }

    /// The action sub-resources, kebab-case, and the service's action codes.
    static let actions: [String: String] = [
        "accept": "accept", "refuse": "refuse", "withdraw": "withdraw", "resubmit": "resubmit", "upload-signed": "uploadSigned",
        "department-approve": "departmentApprove", "department-reject": "departmentReject", "school-approve": "schoolApprove",
        "school-reject": "schoolReject", "amend": "amend", "void": "void",
    ]

    static let xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.get("signing-settings") { request, context in
            var rpc = Graduate_Esigning_V1_GetSigningSettingsRequest()
            rpc.cohort = try Self.cohort(request.uri.queryParameters, required: true)
            let settings = try await forward(request, context) { try await self.api.getSigningSettings(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Settings(settings))
        }
        group.put("signing-settings") { request, context in
            let body = try await JSONBody.decode(SigningJSON.SettingsInput.self, from: request, context: context)
            let settings = try await forward(request, context) { try await self.api.updateSigningSettings(body.rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Settings(settings))
        }
        group.post("offers") { request, context in
            let body = try await JSONBody.decode(SigningJSON.OfferInput.self, from: request, context: context)
            let agreement = try await forward(request, context) { try await self.api.sendOffer(body.rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Agreement(agreement), status: .created)
        }
        group.post("agreement-applications") { request, context in
            let body = try await JSONBody.decode(SigningJSON.ApplicationInput.self, from: request, context: context)
            let agreement = try await forward(request, context) { try await self.api.applyForAgreement(body.rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Agreement(agreement), status: .created)
        }
        group.post("back-registrations") { request, context in
            let body = try await JSONBody.decode(SigningJSON.ApplicationInput.self, from: request, context: context)
            let agreement = try await forward(request, context) { try await self.api.submitBackRegistration(body.rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Agreement(agreement), status: .created)
        }
        group.post("attachments") { request, context in
            let (content, fileName) = try await Self.file(request, context, allowed: ["application/pdf", "image/jpeg", "image/png"])
            var rpc = Graduate_Esigning_V1_UploadAttachmentRequest()
            rpc.content = content
            rpc.fileName = fileName
            let attachment = try await forward(request, context) { try await self.api.uploadAttachment(rpc, metadata: $0) }
            return JSONResponse(
                value: SigningJSON.UploadedAttachment(sha256: attachment.sha256, contentType: attachment.contentType, size: attachment.size),
                status: .created
            )
        }
        group.get("agreements") { request, context in
            let rpc = try Self.listRequest(request.uri.queryParameters)
            return try await listOrExport(request, context) {
                let response = try await forward(request, context) { try await self.api.listAgreements(rpc, metadata: $0) }
                return Paged(items: response.agreements.map(SigningJSON.Agreement.init), total: response.total, nextPageToken: response.nextPageToken)
            } export: {
                try await forward(request, context) { try await self.api.exportAgreements(rpc, metadata: $0) }
            }
        }
        group.get("agreements/:id") { request, context in
            var rpc = Graduate_Esigning_V1_GetAgreementRequest()
            rpc.agreementID = try context.parameters.require("id")
            let agreement = try await forward(request, context) { try await self.api.getAgreement(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Agreement(agreement))
        }
        // 签约设置's template: the blank 就业协议书 with the school's information.
        group.get("signing-templates/agreement") { request, context in
            var rpc = Graduate_Esigning_V1_GetSigningSettingsRequest()
            rpc.cohort = try Self.cohort(request.uri.queryParameters, required: true)
            let document = try await forward(request, context) { try await self.api.getAgreementTemplate(rpc, metadata: $0) }
            return Download(content: document.content, fileName: document.fileName, contentType: "application/pdf")
        }
        group.get("agreements/:id/pdf") { request, context in
            var rpc = Graduate_Esigning_V1_GetAgreementRequest()
            rpc.agreementID = try context.parameters.require("id")
            let document = try await forward(request, context) { try await self.api.getAgreementPDF(rpc, metadata: $0) }
            return Download(content: document.content, fileName: document.fileName, contentType: "application/pdf")
        }
        group.get("agreements/:id/attachments/:sha256") { request, context in
            try await Self.attachment(request, context, esigning: self.esigning)
        }
        group.post("agreements/:id/:action") { request, context in
            let id = try context.parameters.require("id")
            let actionName = try context.parameters.require("action")
            guard let action = Self.actions[actionName] else {
                throw APIError(status: .notFound, code: "not_found", message: "不支持的签约操作：\(actionName)", field: "action")
            }
            let body = try await JSONBody.decodeIfPresent(SigningJSON.ActionInput.self, from: request, context: context)
            var rpc = Graduate_Esigning_V1_ActRequest()
            rpc.agreementID = id
            rpc.action = action
            rpc.reason = body?.reason ?? ""
            if let employer = body?.employer { rpc.employer = employer.rpc }
            if let job = body?.job { rpc.job = job.rpc }
            rpc.withChanges = body?.employer != nil || body?.job != nil
            rpc.attachmentSha256 = body?.attachmentSha256 ?? ""
            let agreement = try await forward(request, context) { try await self.api.act(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Agreement(agreement))
        }
        group.get("signing-counters") { request, context in
            var rpc = Graduate_Esigning_V1_GetCountersRequest()
            rpc.cohort = try Self.cohort(request.uri.queryParameters, required: false)
            let counters = try await forward(request, context) { try await self.api.getCounters(rpc, metadata: $0) }
            // The labels name the caller's review stage: a 院系 account's, or the school's.
            let accounts = Graduate_Accounts_V1_Accounts.Client(wrapping: self.accounts.client)
            let account = try await forward(request, context) { try await accounts.getMyAccount(.init(), metadata: $0) }
            let departmentScoped = account.role == .departmentAdmin || account.role == .departmentOperator
            return JSONResponse(value: SigningJSON.Counters(counters, departmentScoped: departmentScoped))
        }
        group.post("agreement-verifications") { request, context in
            try self.verificationLimiter.check(context)
            let (content, _) = try await Self.file(request, context, allowed: ["application/pdf"])
            var rpc = Graduate_Esigning_V1_VerifyAgreementRequest()
            rpc.content = content
            let verification = try await forward(request, context) { try await self.api.verifyAgreement(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Verification(verification))
        }
        group.get("agreement-verifications/:id") { request, context in
            try self.verificationLimiter.check(context)
            var rpc = Graduate_Esigning_V1_VerifyAgreementRequest()
            rpc.agreementID = try context.parameters.require("id")
            let verification = try await forward(request, context) { try await self.api.verifyAgreement(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Verification(verification))
        }
    }

    /// `cohort` from the query string: a 4-digit year (0 when absent and not required).
    static func cohort(_ query: Parameters, required: Bool) throws -> Int32 {
        guard let text = query.get("cohort"), !text.isEmpty else {
            if required { throw APIError.badRequest(field: "cohort", "请指定届别（4位年份）") }
            return 0
        }
        // Four digits, 2000 to 2100 as every 届别 is (Int32 alone took "-999" and "+202").
        guard text.count == 4, text.allSatisfy({ ("0"..."9").contains($0) }), let value = Int32(text), (2000...2100).contains(value) else {
            throw APIError.badRequest(field: "cohort", "届别应为4位年份（2000到2100）")
        }
        return value
    }

    /// The staff list's filters, as the list and its Excel export share them; `flows` (any
    /// of them, repeatable or a comma list) is how 数据统计's columns name theirs.
    static func listRequest(_ query: Parameters) throws -> Graduate_Esigning_V1_ListAgreementsRequest {
        let filter = try ListFilter(query)
        var rpc = Graduate_Esigning_V1_ListAgreementsRequest()
        rpc.cohort = filter.cohort
        rpc.department = filter.department
        rpc.major = filter.major
        rpc.educationLevel = filter.educationLevel
        rpc.statuses = filter.statuses
        rpc.flow = query.get("flow") ?? ""
        rpc.flows = try ListFilter.values(query, "flows", allowed: SigningFlow.allCases.map(\.rawValue), message: "签约方式代码不正确")
        rpc.query = filter.query
        rpc.fromMs = filter.fromMs
        rpc.toMs = filter.toMs
        rpc.pageSize = filter.pageSize
        rpc.pageToken = filter.pageToken
        return rpc
    }

    /// `GET …/{id}/attachments/{sha256}` of an agreement, a termination or a registration: the
    /// service takes any record's id as `agreement_id`.
    static func attachment(_ request: Request, _ context: GatewayContext, esigning: ClientPool) async throws -> Download {
        var rpc = Graduate_Esigning_V1_GetAttachmentRequest()
        rpc.agreementID = try context.parameters.require("id")
        rpc.sha256 = try context.parameters.require("sha256")
        let api = Graduate_Esigning_V1_ESigning.Client(wrapping: esigning.client)
        let file = try await forward(request, context) { try await api.getAttachment(rpc, metadata: $0) }
        let fileExtension = file.attachment.contentType.split(separator: "/").last.map { $0 == "jpeg" ? "jpg" : String($0) } ?? "bin"
        let name = "附件-\(file.attachment.sha256.prefix(12)).\(fileExtension)"
        return Download(content: file.content, fileName: name, contentType: file.attachment.contentType)
    }

    /// An uploaded file: the `file` part of a `multipart/form-data` body, or the body itself
    /// with the file's own content type (one of `allowed`); the file name if one was given.
    static func file(_ request: Request, _ context: GatewayContext, allowed: [String]) async throws -> (Data, String) {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("multipart/form-data") {
            let form = try await MultipartForm.read(request, context: context)
            guard let part = form.part("file") else { throw APIError.badRequest(field: "file", "请选择要上传的文件") }
            return (part.content, part.fileName ?? "")
        }
        guard allowed.contains(where: { contentType.hasPrefix($0) }) else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "请以表单（multipart/form-data）或文件本身（\(allowed.joined(separator: "、"))）上传", field: "file"
            )
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "文件不能超过10MB", field: "file")
        }
        return (Data(buffer.readableBytesView), request.headers[.init("X-File-Name")!]?.removingPercentEncoding ?? "")
    }
}
