import ESigningDomain
import Foundation
import GRPCCore
import GraduateDomain
import GraduateProto
import Hummingbird
import RPCTransport

/// 其他毕业去向登记 (DOMAIN.md §4.6, §7): a graduate registers a destination that is not an
/// agreement (or the school does it for them), 院系 and school review, the school amends or
/// voids, the graduate asks for a void; the staff list with its Excel export.
struct DestinationRegistrationsController {
    let esigning: ClientPool

    private var api: Graduate_Esigning_V1_ESigning.Client<TCPClientTransport> { .init(wrapping: self.esigning.client) }

    /// department-approve, …, resubmit, withdraw, amend, void, request-void.
    static let actions = ActionRoutes.table(RegistrationAction.self)

    static let categories = DestinationCategory.registrable.map(\.rawValue)

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.post("destination-registrations") { request, context in
            let body = try await JSONBody.decode(SigningJSON.RegistrationInput.self, from: request, context: context)
            try Self.checkCategory(body.category)
            let registration = try await forward(request, context) { try await self.api.registerDestination(body.rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Registration(registration), status: .created)
        }
        group.get("destination-registrations") { request, context in
            let rpc = try Self.listRequest(request.uri.queryParameters)
            return try await listOrExport(request, context) {
                let response = try await forward(request, context) { try await self.api.listRegistrations(rpc, metadata: $0) }
                return Paged(
                    items: response.registrations.map(SigningJSON.Registration.init), total: response.total, nextPageToken: response.nextPageToken
                )
            } export: {
                try await forward(request, context) { try await self.api.exportRegistrations(rpc, metadata: $0) }
            }
        }
        group.get("destination-registrations/:id") { request, context in
            var rpc = Graduate_Esigning_V1_GetRegistrationRequest()
            rpc.registrationID = try context.parameters.require("id")
            let registration = try await forward(request, context) { try await self.api.getRegistration(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Registration(registration))
        }
        group.get("destination-registrations/:id/attachments/:sha256") { request, context in
            try await SigningController.attachment(request, context, esigning: self.esigning)
        }
        group.post("destination-registrations/:id/:action") { request, context in
            let id = try context.parameters.require("id")
            let action = try ActionRoutes.code(try context.parameters.require("action"), in: Self.actions, what: "去向登记")
            let body = try await JSONBody.decodeIfPresent(SigningJSON.RegistrationActionInput.self, from: request, context: context)
            if let category = body?.category { try Self.checkCategory(category) }
            var rpc = Graduate_Esigning_V1_RegistrationActRequest()
            rpc.registrationID = id
            rpc.action = action
            rpc.reason = body?.reason ?? ""
            rpc.withChanges = body?.category != nil || body?.fields != nil
            rpc.category = body?.category ?? ""
            rpc.fields = body?.fields ?? [:]
            rpc.attachmentSha256 = body?.attachmentSha256 ?? ""
            let registration = try await forward(request, context) { try await self.api.actOnRegistration(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.Registration(registration))
        }
    }

    /// A §7 code a registration may have: any but 10, which only an agreement gives.
    static func checkCategory(_ category: String) throws {
        guard Self.categories.contains(category) else {
            let message = category == DestinationCategory.agreement.rawValue
                ? "签就业协议形式就业（10）须通过网签或补登办理，不能登记"
                : "毕业去向类别代码不正确：\(category)"
            throw APIError.badRequest(field: "category", message)
        }
    }

    /// The staff list's filters, shared by the list and its Excel export: the common ones and `category`.
    static func listRequest(_ query: Parameters) throws -> Graduate_Esigning_V1_ListRegistrationsRequest {
        let filter = try ListFilter(query, statuses: RegistrationStatus.allCases.map(\.rawValue))
        var rpc = Graduate_Esigning_V1_ListRegistrationsRequest()
        rpc.cohort = filter.cohort
        rpc.department = filter.department
        rpc.major = filter.major
        rpc.educationLevel = filter.educationLevel
        rpc.statuses = filter.statuses
        rpc.category = try ListFilter.code(query, "category", allowed: Self.categories, message: "毕业去向类别代码不正确")
        rpc.query = filter.query
        rpc.fromMs = filter.fromMs
        rpc.toMs = filter.toMs
        rpc.pageSize = filter.pageSize
        rpc.pageToken = filter.pageToken
        return rpc
    }
}
