import Foundation
import GraduateProto

/// 解约 (DOMAIN.md §4.4, §4.5): the graduate or the employer applies to end an effective
/// agreement, the school forces it; the other party answers, 院系 and school review; the staff
/// list with its Excel export. The e-signing service decides who may do what.
extension GatewayAPI {
    func postAgreementsIdTerminations(_ input: Operations.PostAgreementsIdTerminations.Input) async throws -> Operations.PostAgreementsIdTerminations.Output {
        let body = switch input.body { case .json(let body): body }
        var rpc = Graduate_Esigning_V1_TerminationRequest()
        rpc.agreementID = input.path.id
        rpc.reason = body.reason
        rpc.attachmentSha256 = body.attachmentSha256 ?? ""
        return .created(.init(body: .json(try .init(try await self.signing.call { try await $0.applyTermination(rpc, metadata: $1) }))))
    }

    func postAgreementsIdForcedTermination(
        _ input: Operations.PostAgreementsIdForcedTermination.Input
    ) async throws -> Operations.PostAgreementsIdForcedTermination.Output {
        let body = switch input.body { case .json(let body): body }
        var rpc = Graduate_Esigning_V1_TerminationRequest()
        rpc.agreementID = input.path.id
        rpc.reason = body.reason
        rpc.attachmentSha256 = body.attachmentSha256
        return .created(.init(body: .json(try .init(try await self.signing.call { try await $0.forceTermination(rpc, metadata: $1) }))))
    }

    /// The staff list, or with `format=xlsx` its Excel export: the common filters and `kind` (online | offline).
    func getTerminations(_ input: Operations.GetTerminations.Input) async throws -> Operations.GetTerminations.Output {
        let query = input.query
        var rpc: Graduate_Esigning_V1_ListTerminationsRequest = try SigningListFilter.request(query)
        rpc.statuses = query.status?.map(\.rawValue) ?? []
        rpc.kind = query.kind?.rawValue ?? ""
        if query.format == .xlsx {
            let file = try await self.signing.call { try await $0.exportTerminations(rpc, metadata: $1) }
            return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: file.fileName)),
                             body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(APIValues.body(file.content))))
        }
        let response = try await self.signing.call { try await $0.listTerminations(rpc, metadata: $1) }
        return .ok(.init(body: .json(.init(
            items: try response.terminations.map(Components.Schemas.Termination.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        ))))
    }

    func getTerminationsId(_ input: Operations.GetTerminationsId.Input) async throws -> Operations.GetTerminationsId.Output {
        var rpc = Graduate_Esigning_V1_GetTerminationRequest()
        rpc.terminationID = input.path.id
        return .ok(.init(body: .json(try .init(try await self.signing.call { try await $0.getTermination(rpc, metadata: $1) }))))
    }

    func getTerminationsIdAttachmentsSha256(
        _ input: Operations.GetTerminationsIdAttachmentsSha256.Input
    ) async throws -> Operations.GetTerminationsIdAttachmentsSha256.Output {
        let file = try await self.signing.attachment(record: input.path.id, sha256: input.path.sha256)
        return .ok(.init(
            headers: .init(contentDisposition: file.disposition),
            body: .scan(file.type, file.body)
        ))
    }

    func postTerminationsIdAction(_ input: Operations.PostTerminationsIdAction.Input) async throws -> Operations.PostTerminationsIdAction.Output {
        let body = input.body.map { switch $0 { case .json(let body): body } }
        var rpc = Graduate_Esigning_V1_TerminationActRequest()
        rpc.terminationID = input.path.id
        rpc.action = ActionCode.of(input.path.action)
        rpc.reason = body?.reason ?? ""
        rpc.attachmentSha256 = body?.attachmentSha256 ?? ""
        return .ok(.init(body: .json(try .init(try await self.signing.call { try await $0.actOnTermination(rpc, metadata: $1) }))))
    }
}
