import AuthKit
import ESigningDomain
import Foundation
import GRDB
public import GRPCCore
public import GraduateProto
import ServiceKit
import StorageKit

/// The detail view, the lists (staff: the guide's 在线签约管理 table with its filters;
/// graduates and employers: their own records) and the §13 counters.
extension ESigningService {
    public func getAgreement(
        request: Graduate_Esigning_V1_GetAgreementRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Agreement {
        let principal = try self.caller()
        return try await self.pool.read { db in
            guard let record = try AgreementRecord.fetch(db, id: request.agreementID), try self.maySee(record, principal, db) else {
                throw RPCError.notFound("签约记录不存在")
            }
            return try record.proto(db, detailed: true)
        }
    }

    public func listAgreements(
        request: Graduate_Esigning_V1_ListAgreementsRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ListAgreementsResponse {
        let principal = try self.caller()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        for (index, status) in request.statuses.enumerated() where AgreementStatus(rawValue: status) == nil {
            throw RPCError.invalid(field: "statuses[\(index)]", "未知的签约状态：\(status)")
        }
        if !request.flow.isEmpty, SigningFlow(rawValue: request.flow) == nil {
            throw RPCError.invalid(field: "flow", "签约方式应为 employerOffer、graduateApplication 或 backRegistration")
        }
        if request.cohort != 0 { _ = try Self.checkedCohort(request.cohort) }
        return try await self.pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            try self.scope(principal, db, &conditions, &arguments)
            func filter(_ sql: String, _ value: some DatabaseValueConvertible) {
                conditions.append(sql)
                arguments += [value]
            }
            if request.cohort != 0 { filter("cohort = ?", request.cohort) }
            if !request.department.isEmpty { filter("department = ?", request.department) }
            if !request.major.isEmpty { filter("major = ?", request.major) }
            if !request.educationLevel.isEmpty { filter("education_level = ?", request.educationLevel) }
            if !request.flow.isEmpty { filter("flow = ?", request.flow) }
            if !request.statuses.isEmpty {
                conditions.append("status IN (\(Array(repeating: "?", count: request.statuses.count).joined(separator: ", ")))")
                arguments += StatementArguments(request.statuses)
            }
            if request.fromMs != 0 { filter("updated_at_ms >= ?", request.fromMs) }
            if request.toMs != 0 { filter("updated_at_ms < ?", request.toMs) }
            let query = request.query.trimmingCharacters(in: .whitespaces)
            if !query.isEmpty {
                let pattern = "%" + PageToken.likeSafe(query) + "%"
                conditions.append("(graduate_name LIKE ? OR id_number LIKE ? OR student_number LIKE ? OR employer_name LIKE ? OR number LIKE ?)")
                arguments += [pattern, pattern, pattern, pattern, pattern]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM agreement \(whereClause)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM agreement \(whereClause) ORDER BY updated_at_ms DESC, id LIMIT ? OFFSET ?",
                arguments: arguments + [pageSize, offset]
            )
            var response = Graduate_Esigning_V1_ListAgreementsResponse()
            response.agreements = try rows.map { try AgreementRecord(row: $0).proto(db, detailed: false) }
            response.total = Int32(total)
            response.nextPageToken = PageToken.next(offset: offset, returned: rows.count, total: total)
            return response
        }
    }

    public func getCounters(
        request: Graduate_Esigning_V1_GetCountersRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Counters {
        let (principal, _) = try self.staffCaller()
        if request.cohort != 0 { _ = try Self.checkedCohort(request.cohort) }
        return try await self.pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            try self.scope(principal, db, &conditions, &arguments)
            if request.cohort != 0 {
                conditions.append("cohort = ?")
                arguments += [request.cohort]
            }
            let rows = try Row.fetchAll(
                db, sql: "SELECT status, count(*) AS n FROM agreement WHERE \(conditions.joined(separator: " AND ")) GROUP BY status",
                arguments: arguments
            )
            var counters = Graduate_Esigning_V1_Counters()
            let departmentScoped = principal.role?.isDepartmentScoped ?? false
            for row in rows {
                guard let status = AgreementStatus(rawValue: row["status"]) else { continue }
                var count = Graduate_Esigning_V1_StatusCount()
                count.status = status.rawValue
                count.statusName = status.name
                count.count = row["n"]
                counters.counts.append(count)
                // What waits for this caller: the 院系's reviews, or the school's.
                if departmentScoped ? status.awaitsDepartment : status.awaitsSchool { counters.pendingTotal += count.count }
            }
            counters.counts.sort { $0.status < $1.status }
            return counters
        }
    }

    /// Who sees which records: staff their school (院系 accounts their 院系), graduates and
    /// employers their own.
    func scope(_ principal: Principal, _ db: Database, _ conditions: inout [String], _ arguments: inout StatementArguments) throws {
        switch principal.kind {
        case .staff:
            let (_, school) = try self.staffCaller()
            conditions.append("school_code = ?")
            arguments += [school]
            if let department = try Self.departmentName(of: principal, in: db) {
                conditions.append("department = ?")
                arguments += [department]
            }
        case .graduate:
            conditions.append("graduate_id = ?")
            arguments += [principal.subject]
        case .employer:
            conditions.append("employer_id = ?")
            arguments += [principal.subject]
        default:
            throw RPCError.denied()
        }
    }
}
