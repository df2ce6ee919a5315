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
        guard let grouping = StatisticsGrouping(requested: request.groupBy) else {
            throw RPCError.invalid(field: "groupBy", "统计方式应为按院系（department）、学历（educationLevel）或专业（major）")
        }
        return try await self.pool.read { db in
            let department = try Self.departmentName(of: principal, in: db)
            return try Self.statistics(db, school: school, cohort: cohort, department: department, grouping: grouping)
        }
    }

    public func exportStatistics(request: Graduate_Esigning_V1_StatisticsRequest, context: ServerContext) async throws -> Graduate_Esigning_V1_ExportFile {
        let statistics = try await self.getStatistics(request: request, context: context)
        let grouping = StatisticsGrouping(requested: statistics.groupBy) ?? .department
        func cells(_ row: Graduate_Esigning_V1_StatisticsRow) -> [XLSXWorkbook.Cell] {
            [.text(row.label), .number(Double(row.total))] + row.counts.map { .number(Double($0)) } + [.text(row.placementRate)]
        }
        return try self.workbook(
            sheet: "数据统计\(statistics.cohort)届" + (grouping == .department ? "" : "（按\(grouping.heading)）"),
            header: [grouping.heading, "总数"] + statistics.columns.map(\.name) + ["落实率"],
            rows: statistics.rows.map(cells) + [cells(statistics.total)]
        )
    }

    static func statistics(
        _ db: Database, school: String, cohort: Int, department: String?, grouping: StatisticsGrouping = .department
    ) throws -> Graduate_Esigning_V1_Statistics {
        var scope = SQLConditions()
        scope.add("school_code = ?", school)
        scope.add("cohort = ?", cohort)
        if let department { scope.add("department = ?", department) }
        var records = scope
        records.add("invalidated_at_ms IS NULL")
        let keys = grouping.columns.joined(separator: ", ")
        func group(of row: Row) -> StatisticsGroup {
            StatisticsGroup(
                department: grouping.columns.contains("department") ? row["department"] : "",
                educationLevel: grouping.columns.contains("education_level") ? row["education_level"] : "",
                major: grouping.columns.contains("major") ? row["major"] : ""
            )
        }

        // Record counts by group and by what the columns distinguish.
        var tallies: [StatisticsGroup: [Tally: Int]] = [:]
        func tally(_ sql: String, key: (Row) -> Tally) throws {
            for row in try Row.fetchAll(db, sql: sql, arguments: records.arguments) {
                tallies[group(of: row), default: [:]][key(row), default: 0] += row["n"] as Int
            }
        }
        try tally("SELECT \(keys), flow, status, count(*) AS n FROM agreement \(records.whereClause) GROUP BY \(keys), flow, status") {
            Tally(source: .agreements, flow: $0["flow"], status: $0["status"])
        }
        try tally("SELECT \(keys), status, count(*) AS n FROM termination \(records.whereClause) GROUP BY \(keys), status") {
            Tally(source: .terminations, status: $0["status"])
        }
        try tally(
            "SELECT \(keys), status, category, count(*) AS n FROM destination_registration \(records.whereClause) GROUP BY \(keys), status, category"
        ) { Tally(source: .registrations, status: $0["status"], category: $0["category"]) }
        var roster: [StatisticsGroup: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT \(keys), count(*) AS n FROM graduate \(scope.whereClause) AND removed = 0 GROUP BY \(keys)",
            arguments: scope.arguments
        ) { roster[group(of: row)] = row["n"] }

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
        func placed(in counts: [Tally: Int]) -> Int {
            counts.reduce(0) { sum, entry in entry.key.isPlaced ? sum + entry.value : sum }
        }
        func row(_ group: StatisticsGroup?, total: Int, counts: [Tally: Int]) -> Graduate_Esigning_V1_StatisticsRow {
            var row = Graduate_Esigning_V1_StatisticsRow()
            row.department = group?.department ?? ""
            row.educationLevel = group?.educationLevel ?? ""
            row.major = group?.major ?? ""
            row.label = group?.label ?? "总计"
            row.total = Int32(total)
            row.counts = columns.map { Int32(count($0, in: counts)) }
            row.placed = Int32(placed(in: counts))
            row.placementRate = PlacementRate.text(placed: Int(row.placed), total: total)
            return row
        }

        var statistics = Graduate_Esigning_V1_Statistics()
        statistics.cohort = Int32(cohort)
        statistics.groupBy = grouping.rawValue
        statistics.columns = columns.map { column in
            var entry = Graduate_Esigning_V1_StatisticsColumn()
            entry.key = column.rawValue
            entry.name = column.name
            entry.source = column.filter.source.rawValue
            entry.flows = column.filter.flows.map(\.rawValue)
            entry.statuses = column.filter.statuses
            return entry
        }
        let groups = Set(roster.keys).union(tallies.keys).sorted { ($0.department, $0.educationLevel, $0.major) < ($1.department, $1.educationLevel, $1.major) }
        statistics.rows = groups.map { row($0, total: roster[$0] ?? 0, counts: tallies[$0] ?? [:]) }
        let all = tallies.values.reduce(into: [Tally: Int]()) { sum, counts in sum.merge(counts, uniquingKeysWith: +) }
        statistics.total = row(nil, total: roster.values.reduce(0, +), counts: all)
        statistics.placedByDay = try Self.placedByDay(db, records)
        return statistics
    }

    /// The season's line: the destinations in force today (those 落实率 counts) by the Beijing
    /// day they became effective, with the running total.
    private static func placedByDay(_ db: Database, _ records: SQLConditions) throws -> [Graduate_Esigning_V1_DailyPlaced] {
        var byDay: [Int64: Int] = [:]
        let day = "(effective_at_ms + \(BeijingTime.offsetMilliseconds)) / 86400000"
        func tally(_ sql: String, key: (Row) -> Tally) throws {
            for row in try Row.fetchAll(db, sql: sql, arguments: records.arguments) where key(row).isPlaced {
                byDay[row["day"], default: 0] += row["n"] as Int
            }
        }
        try tally(
            "SELECT \(day) AS day, status, count(*) AS n FROM agreement \(records.whereClause) AND effective_at_ms IS NOT NULL GROUP BY day, status"
        ) { Tally(source: .agreements, status: $0["status"]) }
        try tally(
            """
            SELECT \(day) AS day, status, category, count(*) AS n FROM destination_registration \(records.whereClause)
                AND effective_at_ms IS NOT NULL GROUP BY day, status, category
            """
        ) { Tally(source: .registrations, status: $0["status"], category: $0["category"]) }
        var cumulative = 0
        return byDay.keys.sorted().map { day in
            cumulative += byDay[day] ?? 0
            var entry = Graduate_Esigning_V1_DailyPlaced()
            entry.date = BeijingTime.date(milliseconds: day * 86_400_000 - BeijingTime.offsetMilliseconds)
            entry.placed = Int32(byDay[day] ?? 0)
            entry.cumulative = Int32(cumulative)
            return entry
        }
    }
}

/// One row's graduates: the values of the grouping's columns ("" for the others).
private struct StatisticsGroup: Hashable {
    var department: String
    var educationLevel: String
    var major: String

    /// What the table prints: the 院系, the 学历's name (the group holds its code), or "院系 专业".
    var label: String {
        let level = EducationLevel.name(ofCode: self.educationLevel) ?? self.educationLevel
        return [self.department, level, self.major].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// What a group of records has in common for the statistics: where it comes from, its flow
/// (agreements), status and category (registrations).
private struct Tally: Hashable {
    var source: StatisticsColumn.Source
    var flow = ""
    var status: String
    var category = ""

    /// 落实率's numerator: one effective destination per graduate, so effective agreements
    /// plus approved registrations of an employment or study category (§7).
    var isPlaced: Bool {
        switch self.source {
        case .agreements: AgreementStatus(rawValue: self.status)?.isEffective == true
        case .registrations:
            RegistrationStatus(rawValue: self.status)?.isEffective == true && DestinationCategory(rawValue: self.category)?.isPlaced == true
        case .terminations: false
        }
    }
}
