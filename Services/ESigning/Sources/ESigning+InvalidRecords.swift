import AuthKit
import DocumentKit
import ESigningDomain
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit

/// 失效信息管理 (DOMAIN.md §4.7): the records of graduates who left the roster, frozen with
/// when and why, from all three tables, newest first. They leave this list (and return to
/// the others) when the graduate is uploaded again.
extension ESigningService {
    public func listInvalidRecords(
        request: Graduate_Esigning_V1_ListInvalidRecordsRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ListInvalidRecordsResponse {
        let (principal, school) = try self.staffCaller()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        if request.cohort != 0 { _ = try Self.checkedCohort(request.cohort) }
        let kinds = ["agreement", "termination", "registration"]
        guard request.kind.isEmpty || kinds.contains(request.kind) else {
            throw RPCError.invalid(field: "kind", "记录类型应为 agreement、termination 或 registration")
        }
        return try await self.pool.read { db in
            var conditions = SQLConditions()
            conditions.add("school_code = ?", school)
            if let department = try Self.departmentName(of: principal, in: db) { conditions.add("department = ?", department) }
            conditions.add("invalidated_at_ms IS NOT NULL")
            conditions.roster(cohort: request.cohort, department: request.department, major: request.major, educationLevel: request.educationLevel)
            conditions.matching(request.query, in: ["graduate_name", "id_number", "student_number"])
            conditions.period("invalidated_at_ms", from: request.fromMs, to: request.toMs)
            // One shape for all three tables; each part carries the same filters.
            let columns = "id, graduate_id, cohort, department, major, education_level, graduate_name, id_number, student_number, status, invalidated_at_ms, invalid_reason"
            let parts = [
                ("agreement", "SELECT 'agreement' AS kind, flow AS detail, employer_name AS summary, \(columns) FROM agreement"),
                ("termination", "SELECT 'termination' AS kind, kind AS detail, employer_name AS summary, \(columns) FROM termination"),
                ("registration", "SELECT 'registration' AS kind, category AS detail, summary, \(columns) FROM destination_registration"),
            ].filter { request.kind.isEmpty || $0.0 == request.kind }
            let union = parts.map { "\($0.1) \(conditions.whereClause)" }.joined(separator: " UNION ALL ")
            let arguments = parts.reduce(StatementArguments()) { all, _ in all + conditions.arguments }
            let page = try ListPage(db, "(\(union))", arguments: arguments, orderBy: "invalidated_at_ms DESC, id", size: pageSize, offset: offset)
            var response = Graduate_Esigning_V1_ListInvalidRecordsResponse()
            response.records = page.rows.map(Self.invalidRecord)
            response.total = page.total
            response.nextPageToken = page.nextPageToken
            return response
        }
    }

    public func exportInvalidRecords(
        request: Graduate_Esigning_V1_ListInvalidRecordsRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ExportFile {
        let rows = try await Self.allPages(request) { page in
            let response = try await self.listInvalidRecords(request: page, context: context)
            return (response.records.map { record -> [XLSXWorkbook.Cell] in
                [
                    .text(record.kindName), .text(record.graduate.name), .text(record.graduate.department), .text(record.graduate.major),
                    .text(EducationLevel.name(ofCode: record.graduate.educationLevel) ?? ""), .text(record.graduate.idNumber),
                    .text(record.graduate.studentNumber), .text(record.summary), .text(record.statusName),
                    .text(BeijingTime.minute(milliseconds: record.invalidatedAtMs)), .text(record.invalidReason),
                ]
            }, response.nextPageToken)
        }
        return try self.workbook(
            sheet: "失效信息管理",
            header: ["业务类型", "姓名", "院系", "专业", "学历", "身份证号", "学号", "单位/去向", "失效前状态", "失效时间", "失效原因"],
            rows: rows
        )
    }

    private static func invalidRecord(_ row: Row) -> Graduate_Esigning_V1_InvalidRecord {
        var record = Graduate_Esigning_V1_InvalidRecord()
        record.kind = row["kind"]
        record.id = row["id"]
        let detail: String = row["detail"]
        let status: String = row["status"]
        switch record.kind {
        case "agreement":
            record.kindName = detail == SigningFlow.backRegistration.rawValue ? "补登" : "签约"
            record.statusName = AgreementStatus(rawValue: status)?.name ?? status
        case "termination":
            record.kindName = "解约"
            record.statusName = TerminationStatus(rawValue: status)?.name ?? status
        default:
            record.kindName = "去向登记"
            record.statusName = RegistrationStatus(rawValue: status)?.name ?? status
        }
        record.status = status
        record.summary = row["summary"]
        record.graduate = GraduatePartyView.listed(
            id: row["graduate_id"], name: row["graduate_name"], idNumber: row["id_number"], department: row["department"],
            major: row["major"], educationLevel: row["education_level"], studentNumber: row["student_number"], cohort: row["cohort"]
        )
        record.invalidatedAtMs = row["invalidated_at_ms"]
        record.invalidReason = row["invalid_reason"]
        return record
    }
}
