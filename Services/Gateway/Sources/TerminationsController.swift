import ESigningDomain
import Foundation
import GRPCCore
import GraduateProto
import Hummingbird
import RPCTransport

/// 解约 (DOMAIN.md §4.4, §4.5): the graduate or the employer applies to end an effective
/// agreement, the school forces it; the other party answers, 院系 and school review; the staff
/// list with its Excel export. The e-signing service decides who may do what.
struct TerminationsController {
    let esigning: ClientPool

    private var api: Graduate_Esigning_V1_ESigning.Client<TCPClientTransport> { .init(wrapping: self.esigning.client) }

    /// agree, disagree, department-approve, …, resubmit, force.
    static let actions = ActionRoutes.table(TerminationAction.self)

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.post("agreements/:id/terminations") { request, context in
            let body = try await JSONBody.decode(SigningJSON.TerminationInput.self, from: request, context: context)
            var rpc = Graduate_Esigning_V1_TerminationRequest()
            rpc.agreementID = try context.parameters.require("id")
            rpc.reason = body.reason
            rpc.attachmentSha256 = body.attachmentSha256 ?? ""
            let termination = try await forward(request, context) { try await self.api.applyTermination(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Termination(termination), status: .created)
        }
        group.post("agreements/:id/forced-termination") { request, context in
            let body = try await JSONBody.decode(SigningJSON.ForcedTerminationInput.self, from: request, context: context)
            var rpc = Graduate_Esigning_V1_TerminationRequest()
            rpc.agreementID = try context.parameters.require("id")
            rpc.reason = body.reason
            rpc.attachmentSha256 = body.attachmentSha256
            let termination = try await forward(request, context) { try await self.api.forceTermination(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Termination(termination), status: .created)
        }
        group.get("terminations") { request, context in
            let rpc = try Self.listRequest(request.uri.queryParameters)
            return try await listOrExport(request, context) {
                let response = try await forward(request, context) { try await self.api.listTerminations(rpc, metadata: $0) }
                return Paged(
                    items: response.terminations.map(SigningJSON.Termination.init), total: response.total, nextPageToken: response.nextPageToken
                )
            } export: {
                try await forward(request, context) { try await self.api.exportTerminations(rpc, metadata: $0) }
            }
        }
        group.get("terminations/:id") { request, context in
            var rpc = Graduate_Esigning_V1_GetTerminationRequest()
            rpc.terminationID = try context.parameters.require("id")
            let termination = try await forward(request, context) { try await self.api.getTermination(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Termination(termination))
        }
        group.get("terminations/:id/attachments/:sha256") { request, context in
            try await SigningController.attachment(request, context, esigning: self.esigning)
        }
        group.post("terminations/:id/:action") { request, context in
            let id = try context.parameters.require("id")
            let action = try ActionRoutes.code(try context.parameters.require("action"), in: Self.actions, what: "解约")
            let body = try await JSONBody.decodeIfPresent(SigningJSON.TerminationActionInput.self, from: request, context: context)
            var rpc = Graduate_Esigning_V1_TerminationActRequest()
            rpc.terminationID = id
            rpc.action = action
            rpc.reason = body?.reason ?? ""
            rpc.attachmentSha256 = body?.attachmentSha256 ?? ""
            let termination = try await forward(request, context) { try await self.api.actOnTermination(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Termination(termination))
        }
    }

    /// The staff list's filters, shared by the list and its Excel export: the common ones and
    /// `kind` (online | offline).
    static func listRequest(_ query: Parameters) throws -> Graduate_Esigning_V1_ListTerminationsRequest {
        let filter = try ListFilter(query, statuses: TerminationStatus.allCases.map(\.rawValue))
        var rpc = Graduate_Esigning_V1_ListTerminationsRequest()
        rpc.cohort = filter.cohort
        rpc.department = filter.department
        rpc.major = filter.major
        rpc.educationLevel = filter.educationLevel
        rpc.statuses = filter.statuses
        rpc.kind = try ListFilter.code(
            query, "kind", allowed: TerminationKind.allCases.map(\.rawValue), message: "解约方式应为 online（线上解约）或 offline（线下解约）"
        )
        rpc.query = filter.query
        rpc.fromMs = filter.fromMs
        rpc.toMs = filter.toMs
        rpc.pageSize = filter.pageSize
        rpc.pageToken = filter.pageToken
        return rpc
    }
}
