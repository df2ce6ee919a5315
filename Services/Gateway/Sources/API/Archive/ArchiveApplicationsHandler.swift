import Foundation
import GraduateProto

/// 申请记录 (DOMAIN.md §5): the graduate submits (or, after 审核不通过, edits and resubmits) the
/// values they apply for; the 院系 and the school review them, the graduate may withdraw; the
/// lists of applications, the staff's and the graduate's own.
extension GatewayAPI {
    /// A submission, or after 审核不通过 the same application edited and submitted again.
    func postArchiveApplications(_ input: Operations.PostArchiveApplications.Input) async throws -> Operations.PostArchiveApplications.Output {
        let body = switch input.body { case .json(let body): body }
        var rpc = Graduate_Archive_V1_SubmitArchiveApplicationRequest()
        rpc.values = body.values.rpc
        return .created(.init(body: .json(try .init(try await self.archive.call { try await $0.submitArchiveApplication(rpc, metadata: $1) }))))
    }

    /// 申请记录: the common filters, the application status, the submission dates, 待我审核;
    /// `format=xlsx` exports all of them (staff only).
    func getArchiveApplications(_ input: Operations.GetArchiveApplications.Input) async throws -> Operations.GetArchiveApplications.Output {
        let query = input.query
        var rpc = Graduate_Archive_V1_ListArchiveApplicationsRequest()
        rpc.filter = ArchiveHandler<Transport>.filter(query)
        rpc.filter.status = query.status?.rawValue ?? ""
        // 00:00 Beijing time of `from`, and of the day after `to` (the range includes `to`), as signing's lists.
        if let from = query.from { rpc.filter.fromMs = try SigningListFilter.beijingMidnight(from, field: "from") }
        if let to = query.to { rpc.filter.toMs = try SigningListFilter.beijingMidnight(to, field: "to") + 86_400_000 }
        if rpc.filter.fromMs != 0, rpc.filter.toMs != 0, rpc.filter.fromMs >= rpc.filter.toMs {
            throw APIError.badRequest(field: "to", "结束日期不能早于开始日期")
        }
        rpc.awaitingMe = query.awaitingMe ?? false
        if query.format == .xlsx {
            // The export has the list's filters but not 待我审核: refused rather than a file that
            // holds more than the list it was asked from.
            guard !rpc.awaitingMe else { throw APIError.badRequest(field: "awaitingMe", "待我审核的申请不能导出，请去掉“待我审核”后导出") }
            var export = Graduate_Archive_V1_ExportArchiveApplicationsRequest()
            export.filter = rpc.filter
            let file = ArchiveHandler<Transport>.download(try await self.archive.call { try await $0.exportArchiveApplications(export, metadata: $1) })
            return .ok(.init(headers: .init(contentDisposition: file.disposition), body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(file.body)))
        }
        rpc.pageSize = query.pageSize ?? 0
        rpc.pageToken = query.pageToken ?? ""
        let response = try await self.archive.call { try await $0.listArchiveApplications(rpc, metadata: $1) }
        return .ok(.init(body: .json(.init(
            items: try response.applications.map(Components.Schemas.ArchiveApplication.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        ))))
    }

    func getArchiveApplicationsId(_ input: Operations.GetArchiveApplicationsId.Input) async throws -> Operations.GetArchiveApplicationsId.Output {
        var rpc = Graduate_Archive_V1_GetArchiveApplicationRequest()
        rpc.applicationID = input.path.id
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.getArchiveApplication(rpc, metadata: $1) }))))
    }

    func postArchiveApplicationsIdAction(
        _ input: Operations.PostArchiveApplicationsIdAction.Input
    ) async throws -> Operations.PostArchiveApplicationsIdAction.Output {
        let body = input.body.map { switch $0 { case .json(let body): body } }
        var rpc = Graduate_Archive_V1_ArchiveActRequest()
        rpc.applicationID = input.path.id
        rpc.action = ActionCode.of(input.path.action)
        rpc.reason = body?.reason ?? ""
        return .ok(.init(body: .json(try .init(try await self.archive.call { try await $0.actOnArchiveApplication(rpc, metadata: $1) }))))
    }
}
