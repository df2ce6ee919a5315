import DocumentKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit

/// 学生名单 to Excel, like every other list: the list's filters, every matching graduate (no
/// paging), the columns of the import template plus the names people read (学历, 培养方式,
/// 生源所在地), so an exported file imports back unchanged.
extension AccountsService {
    public func exportGraduates(
        request: Graduate_Accounts_V1_ListGraduatesRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_RosterExport {
        let (principal, school) = try self.callerSchool()
        try Self.checkRosterFilters(request)
        let rows = try await self.pool.read { db in
            let (whereClause, arguments) = try Self.rosterFilter(db, request, principal: principal, school: school)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM graduate WHERE \(whereClause) ORDER BY department, major, student_number",
                arguments: StatementArguments(arguments)
            ).map(GraduateRecord.member)
        }
        var workbook = XLSXWorkbook()
        workbook.addSheet(
            name: "学生名单",
            header: RosterColumn.allCases.map(\.rawValue) + ["生源所在地名称"],
            rows: rows.map { member in
                RosterColumn.allCases.map { column -> XLSXWorkbook.Cell in .text(member.values.shown(column)) }
                    + [.text(member.values.originRegion.isEmpty ? "" : Regions.display(member.values.originRegion))]
            }
        )
        var file = Graduate_Accounts_V1_RosterExport()
        do {
            file.content = try workbook.data()
        } catch {
            throw RPCError(code: .internalError, message: "导出失败：\(error.message)")
        }
        file.fileName = "学生名单-\(BeijingTime.date(milliseconds: nowMilliseconds())).xlsx"
        return file
    }
}
