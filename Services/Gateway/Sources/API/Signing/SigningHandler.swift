import Foundation
import GraduateDomain
import GRPCCore
import GraduateProto
import OpenAPIRuntime
import RPCTransport

/// 毕业去向登记与网签 (DOMAIN.md §3, §4.1–§4.3): 签约设置 and its template, employers' offers,
/// graduates' e-agreement applications and 补登, scans, the one action route of the state
/// machine, the staff list with its Excel export, the §13 counters and the PDFs, on the
/// generated API. The e-signing service decides who may do what.
struct SigningHandler<Transport: GRPCCore.ClientTransport> {
    let esigning: ClientPool<Transport>

    var api: Graduate_Esigning_V1_ESigning.Client<Transport> { .init(wrapping: self.esigning.client) }

    func call<T: Sendable>(_ body: (Graduate_Esigning_V1_ESigning.Client<Transport>, Metadata) async throws -> T) async throws -> T {
        let api = self.api
        return try await GatewayRequest.require().forward { try await body(api, $0) }
    }

    func settings(cohort: Int32) async throws -> Components.Schemas.SigningSettings {
        var rpc = Graduate_Esigning_V1_GetSigningSettingsRequest()
        rpc.cohort = cohort
        return try .init(try await self.call { try await $0.getSigningSettings(rpc, metadata: $1) })
    }

    func updateSettings(_ body: Components.Schemas.SigningSettingsInput) async throws -> Components.Schemas.SigningSettings {
        try .init(try await self.call { try await $0.updateSigningSettings(body.rpc, metadata: $1) })
    }

    /// 签约设置's template: the blank 就业协议书 with the school's information.
    func template(cohort: Int32) async throws -> Graduate_Esigning_V1_AgreementDocument {
        var rpc = Graduate_Esigning_V1_GetSigningSettingsRequest()
        rpc.cohort = cohort
        return try await self.call { try await $0.getAgreementTemplate(rpc, metadata: $1) }
    }

    func offer(_ body: Components.Schemas.OfferInput) async throws -> Components.Schemas.Agreement {
        var offer = Graduate_Esigning_V1_SendOfferRequest()
        offer.graduateIDNumber = body.graduateIdNumber
        offer.graduateName = body.graduateName
        offer.cohort = body.cohort ?? 0
        offer.respondWithinDays = body.respondWithinDays
        offer.job = body.job.rpc
        if let contact = body.contact { offer.contact = contact.rpc }
        return try .init(try await self.call { try await $0.sendOffer(offer, metadata: $1) })
    }

    func apply(employer: Components.Schemas.EmployerPartyInput, job: Components.Schemas.JobTermsInput, attachment: String?, backRegistration: Bool)
        async throws -> Components.Schemas.Agreement
    {
        var apply = Graduate_Esigning_V1_ApplyRequest()
        apply.employer = employer.rpc
        apply.job = job.rpc
        apply.attachmentSha256 = attachment ?? ""
        return try .init(try await self.call { api, metadata in
            backRegistration ? try await api.submitBackRegistration(apply, metadata: metadata) : try await api.applyForAgreement(apply, metadata: metadata)
        })
    }

    func upload(_ content: Data, fileName: String) async throws -> Components.Schemas.UploadedAttachment {
        var rpc = Graduate_Esigning_V1_UploadAttachmentRequest()
        rpc.content = content
        rpc.fileName = fileName
        let attachment = try await self.call { try await $0.uploadAttachment(rpc, metadata: $1) }
        return .init(sha256: attachment.sha256, contentType: attachment.contentType, size: Int(attachment.size))
    }

    /// The staff list's filters, as the list and its Excel export share them; `flows` (any of
    /// them) is how 数据统计's columns name theirs.
    func listRequest(_ query: Operations.GetAgreements.Input.Query) throws -> Graduate_Esigning_V1_ListAgreementsRequest {
        var rpc: Graduate_Esigning_V1_ListAgreementsRequest = try SigningListFilter.request(query)
        rpc.statuses = query.status?.map(\.rawValue) ?? []
        rpc.flow = query.flow?.rawValue ?? ""
        rpc.flows = query.flows?.map(\.rawValue) ?? []
        return rpc
    }

    func agreement(_ id: String) async throws -> Components.Schemas.Agreement {
        var rpc = Graduate_Esigning_V1_GetAgreementRequest()
        rpc.agreementID = id
        return try .init(try await self.call { try await $0.getAgreement(rpc, metadata: $1) })
    }

    func pdf(_ id: String) async throws -> Graduate_Esigning_V1_AgreementDocument {
        var rpc = Graduate_Esigning_V1_GetAgreementRequest()
        rpc.agreementID = id
        return try await self.call { try await $0.getAgreementPDF(rpc, metadata: $1) }
    }

    /// A scan of an agreement, a termination or a registration: the service takes any record's
    /// id as `agreement_id`.
    func attachment(record: String, sha256: String) async throws -> (disposition: String, type: ScanType, body: HTTPBody) {
        var rpc = Graduate_Esigning_V1_GetAttachmentRequest()
        rpc.agreementID = record
        rpc.sha256 = sha256
        let file = try await self.call { try await $0.getAttachment(rpc, metadata: $1) }
        let type: ScanType = try APIValues.code(file.attachment.contentType, "contentType")
        let name = "附件-\(file.attachment.sha256.prefix(12)).\(type.fileExtension)"
        return (APIValues.attachment(fileName: name), type, APIValues.body(file.content))
    }

    func act(_ id: String, action: String, _ body: Components.Schemas.AgreementActionInput?) async throws -> Components.Schemas.Agreement {
        var rpc = Graduate_Esigning_V1_ActRequest()
        rpc.agreementID = id
        rpc.action = action
        rpc.reason = body?.reason ?? ""
        if let employer = body?.employer { rpc.employer = employer.rpc }
        if let job = body?.job { rpc.job = job.rpc }
        rpc.withChanges = body?.employer != nil || body?.job != nil
        rpc.attachmentSha256 = body?.attachmentSha256 ?? ""
        return try .init(try await self.call { try await $0.act(rpc, metadata: $1) })
    }

    /// 批量审核: one review step on many records, a result for each (a refusal in the API's terms).
    func bulkAct(_ body: Components.Schemas.BulkReview) async throws -> Components.Schemas.BulkReviewResult {
        var rpc = Graduate_Esigning_V1_BulkActRequest()
        rpc.agreementIds = body.ids
        rpc.action = ActionCode.of(body.action)
        rpc.reason = body.reason ?? ""
        let response = try await self.call { try await $0.bulkAct(rpc, metadata: $1) }
        return .init(
            results: response.results.map { result in
                guard !result.ok else { return .init(id: result.agreementID, ok: true, statusName: result.statusName) }
                let refusal = APIError(RPCError(
                    code: Status.Code(rawValue: Int(result.errorCode)).flatMap(RPCError.Code.init) ?? .unknown, message: result.errorMessage,
                    metadata: result.errorField.isEmpty ? [:] : ["field": .string(result.errorField)]
                ))
                return .init(id: result.agreementID, ok: false, error: .init(code: refusal.code, message: refusal.message, field: refusal.field))
            },
            succeeded: Int(response.succeeded), failed: Int(response.failed)
        )
    }

    /// The §13 counters; e-signing labels them for the caller's review stage (a 院系 account's or the school's).
    func counters(cohort: Int32?) async throws -> Components.Schemas.SigningCounters {
        var rpc = Graduate_Esigning_V1_GetCountersRequest()
        rpc.cohort = cohort ?? 0
        let counters = try await self.call { try await $0.getCounters(rpc, metadata: $1) }
        return .init(
            counts: counters.counts.map(Components.Schemas.StatusCount.init),
            pendingTotal: Int(counters.pendingTotal),
            labelled: try counters.labelled.map {
                .init(label: $0.label, count: Int($0.count), list: try APIValues.code($0.list, "labelled.list"), statuses: $0.statuses)
            },
            terminationCounts: counters.terminationCounts.map(Components.Schemas.StatusCount.init),
            registrationCounts: counters.registrationCounts.map(Components.Schemas.StatusCount.init)
        )
    }
}

/// The 毕业去向登记与网签 operations of the generated API: settings, offers, applications, agreements.
extension GatewayAPI {
    func getSigningSettings(_ input: Operations.GetSigningSettings.Input) async throws -> Operations.GetSigningSettings.Output {
        .ok(.init(body: .json(try await self.signing.settings(cohort: input.query.cohort))))
    }

    func putSigningSettings(_ input: Operations.PutSigningSettings.Input) async throws -> Operations.PutSigningSettings.Output {
        let body = switch input.body { case .json(let body): body }
        return .ok(.init(body: .json(try await self.signing.updateSettings(body))))
    }

    func getSigningTemplatesAgreement(
        _ input: Operations.GetSigningTemplatesAgreement.Input
    ) async throws -> Operations.GetSigningTemplatesAgreement.Output {
        let document = try await self.signing.template(cohort: input.query.cohort)
        return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: document.fileName)), body: .pdf(APIValues.body(document.content))))
    }

    func postOffers(_ input: Operations.PostOffers.Input) async throws -> Operations.PostOffers.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.signing.offer(body))))
    }

    func postAgreementApplications(_ input: Operations.PostAgreementApplications.Input) async throws -> Operations.PostAgreementApplications.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.signing.apply(employer: body.employer, job: body.job, attachment: nil, backRegistration: false))))
    }

    func postBackRegistrations(_ input: Operations.PostBackRegistrations.Input) async throws -> Operations.PostBackRegistrations.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(
            try await self.signing.apply(employer: body.employer, job: body.job, attachment: body.attachmentSha256, backRegistration: true)
        )))
    }

    /// A scan, as the `file` part of a form or as the body itself (its name in X-File-Name).
    func postAttachments(_ input: Operations.PostAttachments.Input) async throws -> Operations.PostAttachments.Output {
        let content: Data
        var fileName = input.headers.xFileName?.removingPercentEncoding ?? ""
        switch input.body {
        case .multipartForm(let form):
            let file = try await UploadedForm.file(form) { part in
                switch part {
                case .file(let p): ("file", p.payload.body, p.filename ?? "")
                case .undocumented(let p): (p.name ?? "", p.body, nil)
                }
            }
            (content, fileName) = (file.content, file.fileName)
        case .pdf(let body), .jpeg(let body), .png(let body):
            content = try await APIValues.file(body, field: "file")
        }
        return .created(.init(body: .json(try await self.signing.upload(content, fileName: fileName))))
    }

    func getAgreements(_ input: Operations.GetAgreements.Input) async throws -> Operations.GetAgreements.Output {
        let rpc = try self.signing.listRequest(input.query)
        if input.query.format == .xlsx {
            let file = try await self.signing.call { try await $0.exportAgreements(rpc, metadata: $1) }
            return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: file.fileName)),
                             body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(APIValues.body(file.content))))
        }
        let response = try await self.signing.call { try await $0.listAgreements(rpc, metadata: $1) }
        return .ok(.init(body: .json(.init(
            items: try response.agreements.map(Components.Schemas.Agreement.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        ))))
    }

    func getAgreementsId(_ input: Operations.GetAgreementsId.Input) async throws -> Operations.GetAgreementsId.Output {
        .ok(.init(body: .json(try await self.signing.agreement(input.path.id))))
    }

    func getAgreementsIdPdf(_ input: Operations.GetAgreementsIdPdf.Input) async throws -> Operations.GetAgreementsIdPdf.Output {
        let document = try await self.signing.pdf(input.path.id)
        return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: document.fileName)), body: .pdf(APIValues.body(document.content))))
    }

    func getAgreementsIdAttachmentsSha256(
        _ input: Operations.GetAgreementsIdAttachmentsSha256.Input
    ) async throws -> Operations.GetAgreementsIdAttachmentsSha256.Output {
        let file = try await self.signing.attachment(record: input.path.id, sha256: input.path.sha256)
        return .ok(.init(
            headers: .init(contentDisposition: file.disposition),
            body: .scan(file.type, file.body)
        ))
    }

    func postAgreementsIdAction(_ input: Operations.PostAgreementsIdAction.Input) async throws -> Operations.PostAgreementsIdAction.Output {
        let body = input.body.map { switch $0 { case .json(let body): body } }
        return .ok(.init(body: .json(try await self.signing.act(input.path.id, action: ActionCode.of(input.path.action), body))))
    }

    func postAgreementsBulkActions(_ input: Operations.PostAgreementsBulkActions.Input) async throws -> Operations.PostAgreementsBulkActions.Output {
        let body = switch input.body { case .json(let body): body }
        return .ok(.init(body: .json(try await self.signing.bulkAct(body))))
    }

    func getSigningCounters(_ input: Operations.GetSigningCounters.Input) async throws -> Operations.GetSigningCounters.Output {
        .ok(.init(body: .json(try await self.signing.counters(cohort: input.query.cohort))))
    }
}
