import Foundation
import GraduateProto

/// 其他毕业去向登记 (DOMAIN.md §4.6, §7): a graduate registers a destination that is not an
/// agreement (or the school does it for them), 院系 and school review, the school amends or
/// voids, the graduate asks for a void; the staff list with its Excel export. The contract's
/// category enum already leaves out 10, which only an agreement gives.
extension GatewayAPI {
    func postDestinationRegistrations(_ input: Operations.PostDestinationRegistrations.Input) async throws -> Operations.PostDestinationRegistrations.Output {
        let body = switch input.body { case .json(let body): body }
        var rpc = Graduate_Esigning_V1_RegisterDestinationRequest()
        rpc.graduateID = body.graduateId ?? ""
        rpc.category = body.category.rawValue
        rpc.fields = body.fields.additionalProperties
        rpc.attachmentSha256 = body.attachmentSha256 ?? ""
        return .created(.init(body: .json(try .init(try await self.signing.call { try await $0.registerDestination(rpc, metadata: $1) }))))
    }

    func getDestinationRegistrations(_ input: Operations.GetDestinationRegistrations.Input) async throws -> Operations.GetDestinationRegistrations.Output {
        let query = input.query
        var rpc: Graduate_Esigning_V1_ListRegistrationsRequest = try SigningListFilter.request(query)
        rpc.statuses = query.status?.map(\.rawValue) ?? []
        rpc.category = query.category?.rawValue ?? ""
        if query.format == .xlsx {
            let file = try await self.signing.call { try await $0.exportRegistrations(rpc, metadata: $1) }
            return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: file.fileName)),
                             body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(APIValues.body(file.content))))
        }
        let response = try await self.signing.call { try await $0.listRegistrations(rpc, metadata: $1) }
        return .ok(.init(body: .json(.init(
            items: try response.registrations.map(Components.Schemas.DestinationRegistration.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        ))))
    }

    func getDestinationRegistrationsId(_ input: Operations.GetDestinationRegistrationsId.Input) async throws -> Operations.GetDestinationRegistrationsId.Output {
        var rpc = Graduate_Esigning_V1_GetRegistrationRequest()
        rpc.registrationID = input.path.id
        return .ok(.init(body: .json(try .init(try await self.signing.call { try await $0.getRegistration(rpc, metadata: $1) }))))
    }

    func getDestinationRegistrationsIdAttachmentsSha256(
        _ input: Operations.GetDestinationRegistrationsIdAttachmentsSha256.Input
    ) async throws -> Operations.GetDestinationRegistrationsIdAttachmentsSha256.Output {
        let file = try await self.signing.attachment(record: input.path.id, sha256: input.path.sha256)
        return .ok(.init(
            headers: .init(contentDisposition: file.disposition),
            body: .scan(file.type, file.body)
        ))
    }

    func postDestinationRegistrationsIdAction(
        _ input: Operations.PostDestinationRegistrationsIdAction.Input
    ) async throws -> Operations.PostDestinationRegistrationsIdAction.Output {
        let body = input.body.map { switch $0 { case .json(let body): body } }
        var rpc = Graduate_Esigning_V1_RegistrationActRequest()
        rpc.registrationID = input.path.id
        rpc.action = ActionCode.of(input.path.action)
        rpc.reason = body?.reason ?? ""
        // An empty category is no change of category.
        let category = body?.category?.rawValue ?? ""
        rpc.withChanges = !category.isEmpty || body?.fields != nil
        rpc.category = category
        rpc.fields = body?.fields?.additionalProperties ?? [:]
        rpc.attachmentSha256 = body?.attachmentSha256 ?? ""
        return .ok(.init(body: .json(try .init(try await self.signing.call { try await $0.actOnRegistration(rpc, metadata: $1) }))))
    }
}
