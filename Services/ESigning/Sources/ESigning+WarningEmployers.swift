import AuthKit
import ESigningDomain
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit

/// 预警单位管理 (DOMAIN.md §4.8): each school keeps a list of employers with a reason; an
/// employer listed by 5 or more schools is a national warning employer shown to every school.
/// Graduates answering an offer and reviewers see the warning on the agreement.
extension ESigningService {
    /// "5所以上" (inferred): how many schools make a national warning.
    static let nationalWarningSchools = 5

    public func listWarningEmployers(
        request: Graduate_Esigning_V1_ListWarningEmployersRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ListWarningEmployersResponse {
        let (_, school) = try self.staffCaller()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        return try await self.pool.read { db in
            // Every listed credit code with its school count, this school's entry, and the latest name.
            var conditions = SQLConditions()
            conditions.add(request.nationalOnly ? "school_count >= ?" : "(own_reason IS NOT NULL OR school_count >= ?)", Self.nationalWarningSchools)
            conditions.matching(request.query, in: ["credit_code", "employer_name"])
            let listed = """
                SELECT credit_code,
                       count(DISTINCT school_code) AS school_count,
                       max(CASE WHEN school_code = ?1 THEN reason END) AS own_reason,
                       max(CASE WHEN school_code = ?1 THEN added_by_name END) AS own_added_by,
                       max(CASE WHEN school_code = ?1 THEN added_at_ms END) AS own_added_at,
                       coalesce(max(CASE WHEN school_code = ?1 THEN employer_name END), max(employer_name)) AS employer_name
                FROM warning_employer WHERE removed_at_ms IS NULL GROUP BY credit_code
                """
            let arguments: StatementArguments = [school] + conditions.arguments
            let page = try ListPage(
                db, "(\(listed)) \(conditions.whereClause)", arguments: arguments, orderBy: "own_added_at DESC NULLS LAST, credit_code",
                size: pageSize, offset: offset
            )
            var response = Graduate_Esigning_V1_ListWarningEmployersResponse()
            response.employers = page.rows.map(Self.warningEmployer)
            response.total = page.total
            response.nextPageToken = page.nextPageToken
            return response
        }
    }

    public func addWarningEmployer(
        request: Graduate_Esigning_V1_AddWarningEmployerRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_WarningEmployer {
        let (principal, school) = try self.schoolStaff()
        let creditCode: String
        do {
            creditCode = try CreditCode(request.creditCode).value
        } catch {
            throw RPCError.invalid(field: "creditCode", error.message)
        }
        let name = try Self.text(request.employerName, field: "employerName", label: "单位名称", max: 100)
        let reason = try Self.checkedReason(request.reason)
        guard !reason.isEmpty else { throw RPCError.invalid(field: "reason", "请填写列入预警的原因") }
        let now = self.settings.clock()
        return try await self.command(request, by: principal, method: "AddWarningEmployer") { db in
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM warning_employer WHERE school_code = ? AND credit_code = ? AND removed_at_ms IS NULL",
                arguments: [school, creditCode]
            ) == true {
                throw RPCError.alreadyExists(field: "creditCode", "该单位已在本校的预警单位名单中")
            }
            try db.execute(
                sql: """
                    INSERT INTO warning_employer (school_code, credit_code, employer_name, reason, added_by, added_by_name, added_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [school, creditCode, name, reason, principal.subject, principal.displayName, now]
            )
            return try self.warning(db, school: school, creditCode: creditCode)
        }
    }

    public func removeWarningEmployer(
        request: Graduate_Esigning_V1_RemoveWarningEmployerRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_WarningEmployer {
        let (principal, school) = try self.schoolStaff()
        let creditCode = request.creditCode.trimmingCharacters(in: .whitespaces).uppercased()
        let now = self.settings.clock()
        return try await self.command(request, by: principal, method: "RemoveWarningEmployer") { db in
            let removed = try self.warning(db, school: school, creditCode: creditCode)
            guard removed.listedBySchool else { throw RPCError.notFound("该单位不在本校的预警单位名单中") }
            try db.execute(
                sql: """
                    UPDATE warning_employer SET removed_at_ms = ?, removed_by = ?
                    WHERE school_code = ? AND credit_code = ? AND removed_at_ms IS NULL
                    """,
                arguments: [now, principal.subject, school, creditCode]
            )
            return removed
        }
    }

    /// The warning a school's people see for an employer; `listedBySchool` false and
    /// `national` false when it is on no list that matters to them.
    func warning(_ db: Database, school: String, creditCode: String) throws -> Graduate_Esigning_V1_WarningEmployer {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT ?2 AS credit_code,
                       count(DISTINCT school_code) AS school_count,
                       max(CASE WHEN school_code = ?1 THEN reason END) AS own_reason,
                       max(CASE WHEN school_code = ?1 THEN added_by_name END) AS own_added_by,
                       max(CASE WHEN school_code = ?1 THEN added_at_ms END) AS own_added_at,
                       coalesce(max(CASE WHEN school_code = ?1 THEN employer_name END), max(employer_name), '') AS employer_name
                FROM warning_employer WHERE credit_code = ?2 AND removed_at_ms IS NULL
                """,
            arguments: [school, creditCode]
        )
        return row.map(Self.warningEmployer) ?? Graduate_Esigning_V1_WarningEmployer()
    }

    /// The warning shown on an agreement (nil-like when the employer is on no relevant list).
    func agreementWarning(_ db: Database, school: String, creditCode: String) throws -> Graduate_Esigning_V1_EmployerWarning? {
        let listed = try self.warning(db, school: school, creditCode: creditCode)
        guard listed.listedBySchool || listed.national else { return nil }
        var warning = Graduate_Esigning_V1_EmployerWarning()
        warning.listedBySchool = listed.listedBySchool
        warning.reason = listed.reason
        warning.national = listed.national
        warning.schoolCount = listed.schoolCount
        return warning
    }

    private static func warningEmployer(_ row: Row) -> Graduate_Esigning_V1_WarningEmployer {
        var employer = Graduate_Esigning_V1_WarningEmployer()
        employer.creditCode = row["credit_code"]
        employer.employerName = row["employer_name"] ?? ""
        employer.reason = row["own_reason"] ?? ""
        employer.addedByName = row["own_added_by"] ?? ""
        employer.addedAtMs = row["own_added_at"] ?? 0
        employer.listedBySchool = (row["own_reason"] as String?) != nil
        employer.schoolCount = row["school_count"]
        employer.national = employer.schoolCount >= Self.nationalWarningSchools
        return employer
    }

    /// School-level staff (not a 院系 account) with the module: who keeps the school's lists.
    func schoolStaff() throws -> (Principal, String) {
        let (principal, school) = try self.staffCaller()
        guard let role = principal.role, !role.isDepartmentScoped else { throw RPCError.denied("只有学校管理员或学校操作员可以办理") }
        return (principal, school)
    }
}
