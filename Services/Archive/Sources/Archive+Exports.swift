import ArchiveDomain
import DocumentKit
import Foundation
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit

/// The module's downloads: 下载模板 and 下载代码 for 批量导入, and every list and 数据统计 as an
/// Excel file with the list's filters (and the caller's 院系 scope) applied.
extension ArchiveService {
    /// The most rows an export holds (a whole school's graduates fit many times over).
    static let maximumExportRows = 100_000

    public func getArchiveImportTemplate(
        request: Graduate_Archive_V1_GetArchiveImportTemplateRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveFile {
        _ = try self.staffCaller()
        // No example row: a graduate's 身份证号 copied from an example would name nobody.
        let notes: [[XLSXWorkbook.Cell]] = ArchiveImportColumn.allCases.map { column in
            [.text(column.header), .text(Self.templateNote(column))]
        }
        return try self.download("档案户口信息导入模板", sheets: [
            XLSXWorkbook.Sheet(name: "导入", header: ArchiveImport.headers, rows: []),
            XLSXWorkbook.Sheet(name: "填写说明", header: ["列", "填写说明"], rows: notes),
        ])
    }

    public func getArchiveCodeList(
        request: Graduate_Archive_V1_GetArchiveCodeListRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveFile {
        _ = try self.staffCaller()
        let rows: [[XLSXWorkbook.Cell]] = ArchiveImport.codeRows.map { [.text($0.list), .text($0.code), .text($0.name)] }
        return try self.download("档案户口信息代码", sheets: [XLSXWorkbook.Sheet(name: "代码", header: ["代码表", "代码", "名称"], rows: rows)])
    }

    public func exportArchiveRecords(
        request: Graduate_Archive_V1_ExportArchiveRecordsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveFile {
        var page = Graduate_Archive_V1_ListArchiveRecordsRequest()
        page.filter = request.filter
        var rows: [[XLSXWorkbook.Cell]] = []
        repeat {
            page.pageSize = 200
            let response = try await self.listArchiveRecords(request: page, context: context)
            rows += response.records.map(Self.exportRow)
            page.pageToken = response.nextPageToken
        } while !page.pageToken.isEmpty && rows.count < Self.maximumExportRows
        let header = ["姓名", "身份证号", "学号", "院系", "专业", "学历", "状态"] + ArchiveField.allCases.map(\.label) + ["登记时间", "失效原因"]
        let name = request.filter.invalid ? "档案户口失效信息" : "档案户口信息"
        return try self.download(name, sheets: [XLSXWorkbook.Sheet(name: name, header: header, rows: rows)])
    }

    public func exportArchiveApplications(
        request: Graduate_Archive_V1_ExportArchiveApplicationsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveFile {
        _ = try self.staffCaller()
        var page = Graduate_Archive_V1_ListArchiveApplicationsRequest()
        page.filter = request.filter
        page.awaitingMe = request.awaitingMe
        var rows: [[XLSXWorkbook.Cell]] = []
        repeat {
            page.pageSize = 200
            let response = try await self.listArchiveApplications(request: page, context: context)
            rows += response.applications.map(Self.exportRow)
            page.pageToken = response.nextPageToken
        } while !page.pageToken.isEmpty && rows.count < Self.maximumExportRows
        let header = ["姓名", "身份证号", "学号", "院系", "专业", "申请状态", "变更内容", "提交时间", "更新时间"]
        return try self.download("档案户口申请记录", sheets: [XLSXWorkbook.Sheet(name: "申请记录", header: header, rows: rows)])
    }

    public func exportArchiveStatistics(
        request: Graduate_Archive_V1_ArchiveStatisticsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveFile {
        let statistics = try await self.getArchiveStatistics(request: request, context: context)
        let types = ArchiveTransferType.allCases
        let rows: [[XLSXWorkbook.Cell]] = statistics.rows.map { row in
            [.text(row.label), .number(Double(row.total)), .number(Double(row.registered)), .number(Double(row.underReview)),
             .number(Double(row.unregistered))] + types.map { .number(Double(row.byTransferType[$0.rawValue] ?? 0)) }
        }
        let header = ["院系", "总人数", "已登记", "审核中", "未登记"] + types.map { "已登记：\($0.name)" }
        let name = "档案户口数据统计\(statistics.cohort)届"
        return try self.download(name, sheets: [XLSXWorkbook.Sheet(name: "数据统计", header: header, rows: rows)])
    }

    static func exportRow(_ record: Graduate_Archive_V1_ArchiveRecord) -> [XLSXWorkbook.Cell] {
        let graduate = record.graduate
        let shown = Dictionary(record.shown.map { ($0.field, $0.newValue) }, uniquingKeysWith: { first, _ in first })
        return [
            .text(graduate.name), .text(graduate.idNumber), .text(graduate.studentNumber), .text(graduate.department),
            .text(graduate.major), .text(graduate.educationLevelName), .text(record.statusName),
        ] + ArchiveField.allCases.map { .text(shown[$0.rawValue] ?? "") } + [
            .text(record.registeredAtMs > 0 ? BeijingTime.minute(milliseconds: record.registeredAtMs) : ""),
            .text(record.invalidReason),
        ]
    }

    static func exportRow(_ application: Graduate_Archive_V1_ArchiveApplication) -> [XLSXWorkbook.Cell] {
        let graduate = application.graduate
        let changes = application.changes.map { "\($0.label)：\($0.oldValue.isEmpty ? "（空）" : $0.oldValue) → \($0.newValue)" }
        return [
            .text(graduate.name), .text(graduate.idNumber), .text(graduate.studentNumber), .text(graduate.department),
            .text(graduate.major), .text(application.statusName), .text(changes.joined(separator: "；")),
            .text(BeijingTime.minute(milliseconds: application.submittedAtMs)),
            .text(BeijingTime.minute(milliseconds: application.updatedAtMs)),
        ]
    }

    /// How the template's column is filled in (its second sheet).
    private static func templateNote(_ column: ArchiveImportColumn) -> String {
        switch column {
        case .idNumber: "必填，18位身份证号，须在本校学生名单中"
        case .name: "必填，与学生名单中的姓名一致"
        case .field(let field):
            switch field {
            case .transferType, .transferMethod, .migratesHukou, .hukouMigrationType: "填代码或名称，见“下载代码”"
            case .receivingUnitRegion, .hukouRegion: "填6位行政区划代码，见“下载代码”"
            case .receivingUnitPostcode: "6位数字"
            case .retentionDeadline: "保留原校时填写，格式YYYY-MM-DD，最长为毕业后2年"
            default: "按档案转递类型的要求填写"
            }
        }
    }

    /// The sheets as an .xlsx download named `name-YYYY-MM-DD.xlsx` (Beijing date).
    private func download(_ name: String, sheets: [XLSXWorkbook.Sheet]) throws -> Graduate_Archive_V1_ArchiveFile {
        var file = Graduate_Archive_V1_ArchiveFile()
        do {
            file.content = try XLSXWorkbook(sheets: sheets).data()
        } catch {
            throw RPCError(code: .internalError, message: "导出失败：\(error.message)")
        }
        file.fileName = "\(name)-\(BeijingTime.date(milliseconds: nowMilliseconds())).xlsx"
        return file
    }
}
