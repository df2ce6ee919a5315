import Foundation
import GraduateProto

/// The school's oversight of signing: 失效信息管理 (DOMAIN.md §4.7), 预警单位管理 (§4.8) and
/// 数据统计 (§8), each list with its Excel export. The e-signing service checks the roles.
extension GatewayAPI {
    /// 失效信息: the common filters (the dates bound when the record became invalid) and `kind`.
    func getInvalidRecords(_ input: Operations.GetInvalidRecords.Input) async throws -> Operations.GetInvalidRecords.Output {
        let query = input.query
        var rpc: Graduate_Esigning_V1_ListInvalidRecordsRequest = try SigningListFilter.request(query)
        rpc.kind = query.kind?.rawValue ?? ""
        if query.format == .xlsx {
            let file = try await self.signing.call { try await $0.exportInvalidRecords(rpc, metadata: $1) }
            return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: file.fileName)),
                             body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(APIValues.body(file.content))))
        }
        let response = try await self.signing.call { try await $0.listInvalidRecords(rpc, metadata: $1) }
        return .ok(.init(body: .json(.init(
            items: try response.records.map(Components.Schemas.InvalidRecord.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        ))))
    }

    func getWarningEmployers(_ input: Operations.GetWarningEmployers.Input) async throws -> Operations.GetWarningEmployers.Output {
        var rpc = Graduate_Esigning_V1_ListWarningEmployersRequest()
        rpc.query = input.query.q ?? ""
        rpc.nationalOnly = input.query.nationalOnly ?? false
        rpc.pageSize = input.query.pageSize ?? 0
        rpc.pageToken = input.query.pageToken ?? ""
        let response = try await self.signing.call { try await $0.listWarningEmployers(rpc, metadata: $1) }
        return .ok(.init(body: .json(.init(
            items: response.employers.map(Components.Schemas.WarningEmployer.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        ))))
    }

    func postWarningEmployers(_ input: Operations.PostWarningEmployers.Input) async throws -> Operations.PostWarningEmployers.Output {
        let body = switch input.body { case .json(let body): body }
        var rpc = Graduate_Esigning_V1_AddWarningEmployerRequest()
        rpc.creditCode = body.creditCode
        rpc.employerName = body.employerName
        rpc.reason = body.reason
        return .created(.init(body: .json(.init(try await self.signing.call { try await $0.addWarningEmployer(rpc, metadata: $1) }))))
    }

    func deleteWarningEmployersCreditCode(
        _ input: Operations.DeleteWarningEmployersCreditCode.Input
    ) async throws -> Operations.DeleteWarningEmployersCreditCode.Output {
        var rpc = Graduate_Esigning_V1_RemoveWarningEmployerRequest()
        rpc.creditCode = input.path.creditCode
        return .ok(.init(body: .json(.init(try await self.signing.call { try await $0.removeWarningEmployer(rpc, metadata: $1) }))))
    }

    func getSigningStatistics(_ input: Operations.GetSigningStatistics.Input) async throws -> Operations.GetSigningStatistics.Output {
        var rpc = Graduate_Esigning_V1_StatisticsRequest()
        rpc.cohort = input.query.cohort
        rpc.groupBy = input.query.groupBy?.rawValue ?? ""
        if input.query.format == .xlsx {
            let file = try await self.signing.call { try await $0.exportStatistics(rpc, metadata: $1) }
            return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: file.fileName)),
                             body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(APIValues.body(file.content))))
        }
        return .ok(.init(body: .json(try .init(try await self.signing.call { try await $0.getStatistics(rpc, metadata: $1) }))))
    }
}
