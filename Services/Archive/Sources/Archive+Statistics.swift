import ArchiveDomain
import AuthKit
import GRDB
public import GRPCCore
public import GraduateProto
import ServiceKit

/// 数据统计 per 院系 with 总计 (DOMAIN.md §5) and the module home's counters (§13).
extension ArchiveService {
    public func getArchiveStatistics(
        request: Graduate_Archive_V1_ArchiveStatisticsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveStatistics {
        let (principal, school) = try self.staffCaller()
        let cohort = try Self.cohort(request.cohort)
        return try await self.pool.read { db in
            var filter = Graduate_Archive_V1_ArchiveListFilter()
            filter.cohort = Int32(cohort)
            let (conditions, arguments) = try Self.graduateFilter(db, filter, principal: principal, school: school)
            // One row per graduate: the department, the type in force, and whether a review is open.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT g.department, r.transfer_type,
                           EXISTS (SELECT 1 FROM archive_application a WHERE a.graduate_id = g.id
                                   AND a.status IN \(Self.underReviewSQL)) AS under_review
                    FROM graduate g LEFT JOIN archive_record r ON r.graduate_id = g.id
                    WHERE \(conditions.joined(separator: " AND "))
                    """,
                arguments: StatementArguments(arguments)
            )
            let facts = rows.map { row in
                let type = (row["transfer_type"] as String?).flatMap(ArchiveTransferType.init(rawValue:))
                return ArchiveStatisticsFact(
                    department: row["department"],
                    status: ArchiveRecordStatus(registered: type != nil, underReview: row["under_review"]),
                    transferType: type
                )
            }
            var statistics = Graduate_Archive_V1_ArchiveStatistics()
            statistics.cohort = Int32(cohort)
            statistics.rows = ArchiveStatistics.table(facts).map { row in
                var proto = Graduate_Archive_V1_ArchiveStatisticsRow()
                proto.label = row.department
                proto.department = row.department == ArchiveStatistics.totalRow ? "" : row.department
                proto.total = Int32(row[.total])
                proto.registered = Int32(row[.registered])
                proto.underReview = Int32(row[.underReview])
                proto.unregistered = Int32(row[.unregistered])
                for type in ArchiveTransferType.allCases { proto.byTransferType[type.rawValue] = Int32(row[.transferType(type)]) }
                return proto
            }
            return statistics
        }
    }

    public func getArchiveCounters(
        request: Graduate_Archive_V1_GetArchiveCountersRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveCounters {
        let (principal, school) = try self.staffCaller()
        let cohort = try Self.cohort(request.cohort)
        return try await self.pool.read { db in
            let own = try Self.departmentName(of: principal, in: db)
            let mode = try Self.settings(db, school: school, cohort: cohort).reviewMode
            var counters = Graduate_Archive_V1_ArchiveCounters()
            for counter in ArchiveHomeCounter.shown(forDepartment: own != nil, reviewMode: mode) {
                let statuses = counter.statuses(forDepartment: own != nil)
                var sql = """
                    SELECT count(*) FROM archive_application a JOIN graduate g ON g.id = a.graduate_id
                    WHERE g.school_code = ? AND g.removed = 0 AND g.cohort = ?
                      AND a.status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))
                    """
                var arguments: [(any DatabaseValueConvertible)?] = [school, cohort] + statuses.map(\.rawValue)
                if let own {
                    sql += " AND g.department = ?"
                    arguments.append(own)
                }
                var proto = Graduate_Archive_V1_ArchiveCounter()
                proto.key = counter.rawValue
                proto.label = counter.label(forDepartment: own != nil)
                proto.count = Int32(try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0)
                proto.status = statuses.first?.rawValue ?? ""
                counters.counters.append(proto)
            }
            return counters
        }
    }
}
