import AuthKit
import DocumentKit
import ESigningDomain
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit

/// 数据统计 (DOMAIN.md §8, guide 图30): per 院系 of a 届别, with a 总计 row. Every column is a
/// `StatisticsColumn`, defined as a list filter, and counted here from the same rows the
/// lists show (失效 records excluded), so a number always equals the filtered list's total.
extension ESigningService {
    public func getStatistics(request: Graduate_Esigning_V1_StatisticsRequest, context: ServerContext) async throws -> Graduate_Esigning_V1_Statistics {
        let (principal, school) = try self.staffCaller()
        guard request.cohort != 0 else { throw RPCError.invalid(field: "cohort", "请指定届别") }
        let cohort = try Self.checkedCohort(request.cohort)
        return try await self.pool.read { db in
            let department = try Self.departmentName(of: principal, in: db)
            return try Self.statistics(db, school: school, cohort: cohort, department: department)
        }
    }

    public func exportStatistics(request: Graduate_Esigning_V1_StatisticsRequest, context: ServerContext) async throws -> Graduate_Esigning_V1_ExportFile {
        let statistics = try await self.getStatistics(request: request, context: context)
        func cells(_ row: Graduate_Esigning_V1_StatisticsRow) -> [XLSXWorkbook.Cell] {
            [.text(row.department), .number(Double(row.total))] + row.counts.map { .number(Double($0)) } + [.text(row.placementRate)]
        }
        return try self.workbook(
            sheet: "数据统计\(statistics.cohort)届",
            header: ["院系", "总数"] + statistics.columns.map(\.name) + ["落实率"],
            rows: statistics.rows.map(cells) + [cells(statistics.total)]
        )
    }

    static func statistics(_ db: Database, school: String, cohort: Int, department: String?) throws -> Graduate_Esigning_V1_Statistics {
        var scope = SQLConditions()
        scope.add("school_code = ?", school)
        scope.add("cohort = ?", cohort)
        if let department { scope.add("department = ?", department) }
        var records = scope
        records.add("invalidated_at_ms IS NULL")

        // Record counts by 院系 and by what the columns distinguish.
        var tallies: [String: [Tally: Int]] = [:]
        func tally(_ sql: String, key: (Row) -> Tally) throws {
            for row in try Row.fetchAll(db, sql: sql, arguments: records.arguments) {
                tallies[row["department"], default: [:]][key(row), default: 0] += row["n"] as Int
            }
        }
        try tally("SELECT department, flow, status, count(*) AS n FROM agreement \(records.whereClause) GROUP BY department, flow, status") {
            Tally(source: .agreements, flow: $0["flow"], status: $0["status"])
        }
        try tally("SELECT department, status, count(*) AS n FROM termination \(records.whereClause) GROUP BY department, status") {
            Tally(source: .terminations, status: $0["status"])
        }
        try tally(
            "SELECT department, status, category, count(*) AS n FROM destination_registration \(records.whereClause) GROUP BY department, status, category"
        ) { Tally(source: .registrations, status: $0["status"], category: $0["category"]) }
        var roster: [String: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT department, count(*) AS n FROM graduate \(scope.whereClause) AND removed = 0 GROUP BY department",
            arguments: scope.arguments
        ) { roster[row["department"]] = row["n"] }

        let columns = StatisticsColumn.allCases
        func count(_ column: StatisticsColumn, in counts: [Tally: Int]) -> Int {
            let filter = column.filter
            return counts.reduce(0) { sum, entry in
                let tally = entry.key
                let matches = tally.source == filter.source && filter.statuses.contains(tally.status)
                    && (filter.source != .agreements || filter.flows.contains { $0.rawValue == tally.flow })
                return matches ? sum + entry.value : sum
            }
        }
        /// 落实率's numerator: one effective destination per graduate, so effective agreements
        /// plus approved registrations of an employment or study category (§7).
        func placed(in counts: [Tally: Int]) -> Int {
            counts.reduce(0) { sum, entry in
                let tally = entry.key
                let placed = switch tally.source {
                case .agreements: AgreementStatus(rawValue: tally.status)?.isEffective == true
                case .registrations:
                    RegistrationStatus(rawValue: tally.status)?.isEffective == true && DestinationCategory(rawValue: tally.category)?.isPlaced == true
                case .terminations: false
                }
                return placed ? sum + entry.value : sum
            }
        }
        func row(_ name: String, total: Int, counts: [Tally: Int]) -> Graduate_Esigning_V1_StatisticsRow {
            var row = Graduate_Esigning_V1_StatisticsRow()
            row.department = name
            row.total = Int32(total)
            row.counts = columns.map { Int32(count($0, in: counts)) }
            row.placed = Int32(placed(in: counts))
            row.placementRate = PlacementRate.text(placed: Int(row.placed), total: total)
            return row
        }

        var statistics = Graduate_Esigning_V1_Statistics()
        statistics.cohort = Int32(cohort)
        statistics.columns = columns.map { column in
            var entry = Graduate_Esigning_V1_StatisticsColumn()
            entry.key = column.rawValue
            entry.name = column.name
            entry.source = column.filter.source.rawValue
            entry.flows = column.filter.flows.map(\.rawValue)
            entry.statuses = column.filter.statuses
            return entry
        }
        let departments = Set(roster.keys).union(tallies.keys).sorted()
        statistics.rows = departments.map { row($0, total: roster[$0] ?? 0, counts: tallies[$0] ?? [:]) }
        let all = tallies.values.reduce(into: [Tally: Int]()) { sum, counts in sum.merge(counts, uniquingKeysWith: +) }
        statistics.total = row("总计", total: roster.values.reduce(0, +), counts: all)
        return statistics
    }
}

/// What a group of records has in common for the statistics: where it comes from, its flow
/// (agreements), status and category (registrations).
private struct Tally: Hashable {
    var source: StatisticsColumn.Source
    var flow = ""
    var status: String
    var category = ""
}
