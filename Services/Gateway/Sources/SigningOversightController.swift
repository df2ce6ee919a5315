import Foundation
import GRPCCore
import GraduateProto
import Hummingbird
import RPCTransport

/// The school's oversight of signing: 失效信息管理 (DOMAIN.md §4.7), 预警单位管理 (§4.8) and
/// 数据统计 (§8), each list with its Excel export. The e-signing service checks the roles.
struct SigningOversightController {
    let esigning: ClientPool

    private var api: Graduate_Esigning_V1_ESigning.Client<TCPClientTransport> { .init(wrapping: self.esigning.client) }

    static let invalidRecordKinds = ["agreement", "termination", "registration"]

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.get("invalid-records") { request, context in
            let rpc = try Self.invalidRecordsRequest(request.uri.queryParameters)
            return try await listOrExport(request, context) {
                let response = try await forward(request, context) { try await self.api.listInvalidRecords(rpc, metadata: $0) }
                return Paged(items: response.records.map(SigningJSON.InvalidRecord.init), total: response.total, nextPageToken: response.nextPageToken)
            } export: {
                try await forward(request, context) { try await self.api.exportInvalidRecords(rpc, metadata: $0) }
            }
        }
        group.get("warning-employers") { request, context in
            let query = request.uri.queryParameters
            var rpc = Graduate_Esigning_V1_ListWarningEmployersRequest()
            rpc.query = query.get("q") ?? ""
            switch query.get("nationalOnly") ?? "" {
            case "", "false": rpc.nationalOnly = false
            case "true": rpc.nationalOnly = true
            default: throw APIError.badRequest(field: "nationalOnly", "nationalOnly 应为 true 或 false")
            }
            (rpc.pageSize, rpc.pageToken) = try Paged<SigningJSON.WarningEmployer>.parameters(query)
            let response = try await forward(request, context) { try await self.api.listWarningEmployers(rpc, metadata: $0) }
            return JSONResponse(value: Paged(
                items: response.employers.map(SigningJSON.WarningEmployer.init), total: response.total, nextPageToken: response.nextPageToken
            ))
        }
        group.post("warning-employers") { request, context in
            let body = try await JSONBody.decode(SigningJSON.WarningEmployerInput.self, from: request, context: context)
            let employer = try await forward(request, context) { try await self.api.addWarningEmployer(body.rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.WarningEmployer(employer), status: .created)
        }
        group.delete("warning-employers/:creditCode") { request, context in
            var rpc = Graduate_Esigning_V1_RemoveWarningEmployerRequest()
            rpc.creditCode = try context.parameters.require("creditCode")
            let employer = try await forward(request, context) { try await self.api.removeWarningEmployer(rpc, metadata: $0) }
            return JSONResponse(value: SigningJSON.WarningEmployer(employer))
        }
        group.get("signing-statistics") { request, context in
            var rpc = Graduate_Esigning_V1_StatisticsRequest()
            rpc.cohort = try SigningController.cohort(request.uri.queryParameters, required: true)
            return try await listOrExport(request, context) {
                SigningJSON.Statistics(try await forward(request, context) { try await self.api.getStatistics(rpc, metadata: $0) })
            } export: {
                try await forward(request, context) { try await self.api.exportStatistics(rpc, metadata: $0) }
            }
        }
    }

    /// 失效信息's filters, shared by the list and its Excel export: the common ones (the dates
    /// bound when the record became invalid) and `kind`.
    static func invalidRecordsRequest(_ query: Parameters) throws -> Graduate_Esigning_V1_ListInvalidRecordsRequest {
        let filter = try ListFilter(query)
        var rpc = Graduate_Esigning_V1_ListInvalidRecordsRequest()
        rpc.cohort = filter.cohort
        rpc.department = filter.department
        rpc.major = filter.major
        rpc.educationLevel = filter.educationLevel
        rpc.kind = try ListFilter.code(
            query, "kind", allowed: Self.invalidRecordKinds, message: "记录类型应为 agreement（签约）、termination（解约）或 registration（去向登记）"
        )
        rpc.query = filter.query
        rpc.fromMs = filter.fromMs
        rpc.toMs = filter.toMs
        rpc.pageSize = filter.pageSize
        rpc.pageToken = filter.pageToken
        return rpc
    }
}
