import Foundation
import GRPCCore
import GraduateProto

/// 档案/户口信息管理 (DOMAIN.md §5): 登记设置, the graduate's own record and applications, the
/// reviews, the school's direct edits, the staff lists, 数据统计 and the §13 counters, on the
/// generated API. The archive service decides who may do what (role, module, school, 院系).
struct ArchiveHandler<Transport: GRPCCore.ClientTransport> {
    let archive: ClientPool<Transport>

    var api: Graduate_Archive_V1_Archive.Client<Transport> { .init(wrapping: self.archive.client) }

    /// One call to the archive service for this request. A list's filters travel nested in the
    /// proto (`filter.status`, `filter.query`); a refusal names them as the query parameters
    /// the caller sent (`status`, `q`).
    func call<T: Sendable>(_ body: (Graduate_Archive_V1_Archive.Client<Transport>, Metadata) async throws -> T) async throws -> T {
        let api = self.api
        do {
            return try await GatewayRequest.require().forward { try await body(api, $0) }
        } catch var error as APIError {
            error.field = error.field.map(Self.parameter)
            throw error
        }
    }

    static func parameter(_ field: String) -> String {
        guard field.hasPrefix("filter.") else { return field }
        let name = String(field.dropFirst("filter.".count))
        return name == "query" ? "q" : name
    }

    /// The filters both staff lists share; each list adds its own (status, transfer type, dates).
    static func filter(_ query: some ArchiveListQuery) -> Graduate_Archive_V1_ArchiveListFilter {
        var filter = Graduate_Archive_V1_ArchiveListFilter()
        filter.cohort = query.cohort ?? 0
        filter.department = query.department ?? ""
        filter.major = query.major ?? ""
        filter.educationLevel = query.educationLevel ?? ""
        filter.query = query.q ?? ""
        filter.invalid = query.invalid ?? false
        return filter
    }
}

/// The contract's query of an archive staff list (each list's generated `Query` has these).
protocol ArchiveListQuery {
    var cohort: Int32? { get }
    var department: String? { get }
    var major: String? { get }
    var educationLevel: String? { get }
    var q: String? { get }
    var invalid: Bool? { get }
}

extension Operations.GetArchiveApplications.Input.Query: ArchiveListQuery {}
extension Operations.GetArchiveRecords.Input.Query: ArchiveListQuery {}

/// The 档案/户口信息管理 operations of the generated API: 登记设置, the records, 数据统计 and the
/// counters (the applications are in ArchiveApplicationsHandler.swift, 批量导入, its downloads
/// and the code lists in ArchiveImportsHandler.swift).
extension GatewayAPI {
    func getArchiveSettings(_ input: Operations.GetArchiveSettings.Input) async throws -> Operations.GetArchiveSettings.Output {
        var rpc = Graduate_Archive_V1_GetArchiveSettingsRequest()
        rpc.cohort = input.query.cohort
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.getArchiveSettings(rpc, metadata: $1) }))))
    }

    func putArchiveSettings(_ input: Operations.PutArchiveSettings.Input) async throws -> Operations.PutArchiveSettings.Output {
        let body = switch input.body { case .json(let body): body }
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.updateArchiveSettings(body.rpc, metadata: $1) }))))
    }

    /// The signed-in graduate's own record.
    func getArchiveRecord(_ input: Operations.GetArchiveRecord.Input) async throws -> Operations.GetArchiveRecord.Output {
        let rpc = Graduate_Archive_V1_GetMyArchiveRecordRequest()
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.getMyArchiveRecord(rpc, metadata: $1) }))))
    }

    /// Every graduate on the roster with their record: the common filters, the record status,
    /// the type in force; `format=xlsx` exports all of them (失效信息管理's too, with `invalid`).
    func getArchiveRecords(_ input: Operations.GetArchiveRecords.Input) async throws -> Operations.GetArchiveRecords.Output {
        let query = input.query
        var rpc = Graduate_Archive_V1_ListArchiveRecordsRequest()
        rpc.filter = ArchiveHandler<Transport>.filter(query)
        rpc.filter.status = query.status?.rawValue ?? ""
        rpc.filter.transferType = query.transferType?.rawValue ?? ""
        if query.format == .xlsx {
            var export = Graduate_Archive_V1_ExportArchiveRecordsRequest()
            export.filter = rpc.filter
            let file = ArchiveHandler<Transport>.download(try await self.archive.call { try await $0.exportArchiveRecords(export, metadata: $1) })
            return .ok(.init(headers: .init(contentDisposition: file.disposition), body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(file.body)))
        }
        rpc.pageSize = query.pageSize ?? 0
        rpc.pageToken = query.pageToken ?? ""
        let response = try await self.archive.call { try await $0.listArchiveRecords(rpc, metadata: $1) }
        return .ok(.init(body: .json(.init(
            items: try response.records.map(Components.Schemas.ArchiveRecord.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        ))))
    }

    func getArchiveRecordsGraduateId(
        _ input: Operations.GetArchiveRecordsGraduateId.Input
    ) async throws -> Operations.GetArchiveRecordsGraduateId.Output {
        var rpc = Graduate_Archive_V1_GetArchiveRecordRequest()
        rpc.graduateID = input.path.graduateId
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.getArchiveRecord(rpc, metadata: $1) }))))
    }

    /// The school's direct edit: in force at once, with its reason in the history.
    func putArchiveRecordsGraduateId(
        _ input: Operations.PutArchiveRecordsGraduateId.Input
    ) async throws -> Operations.PutArchiveRecordsGraduateId.Output {
        let body = switch input.body { case .json(let body): body }
        var rpc = Graduate_Archive_V1_UpdateArchiveRecordRequest()
        rpc.graduateID = input.path.graduateId
        rpc.values = body.values.rpc
        rpc.reason = body.reason
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.updateArchiveRecord(rpc, metadata: $1) }))))
    }

    func getArchiveStatistics(_ input: Operations.GetArchiveStatistics.Input) async throws -> Operations.GetArchiveStatistics.Output {
        var rpc = Graduate_Archive_V1_ArchiveStatisticsRequest()
        rpc.cohort = input.query.cohort
        if input.query.format == .xlsx {
            let file = ArchiveHandler<Transport>.download(try await self.archive.call { try await $0.exportArchiveStatistics(rpc, metadata: $1) })
            return .ok(.init(headers: .init(contentDisposition: file.disposition), body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(file.body)))
        }
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.getArchiveStatistics(rpc, metadata: $1) }))))
    }

    func getArchiveCounters(_ input: Operations.GetArchiveCounters.Input) async throws -> Operations.GetArchiveCounters.Output {
        var rpc = Graduate_Archive_V1_GetArchiveCountersRequest()
        rpc.cohort = input.query.cohort ?? 0
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.getArchiveCounters(rpc, metadata: $1) }))))
    }
}
