import AuthKit
import DocumentKit
import ESigningDomain
import Foundation
import GRDB
import GraduateDomain
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
            return try self.shown(record, db, detailed: true)
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
        for (index, flow) in request.flows.enumerated() where SigningFlow(rawValue: flow) == nil {
            throw RPCError.invalid(field: "flows[\(index)]", "签约方式应为 employerOffer、graduateApplication 或 backRegistration")
        }
        return try await self.pool.read { db in
            var conditions = try self.listScope(principal, db)
            conditions.roster(cohort: request.cohort, department: request.department, major: request.major, educationLevel: request.educationLevel)
            if !request.flow.isEmpty { conditions.add("flow = ?", request.flow) }
            conditions.oneOf("flow", request.flows)
            conditions.oneOf("status", request.statuses)
            conditions.period("updated_at_ms", from: request.fromMs, to: request.toMs)
            conditions.matching(request.query, in: ["graduate_name", "id_number", "student_number", "employer_name", "number"])
            let page = try ListPage(
                db, "agreement \(conditions.whereClause)", arguments: conditions.arguments, orderBy: "updated_at_ms DESC, id",
                size: pageSize, offset: offset
            )
            var response = Graduate_Esigning_V1_ListAgreementsResponse()
            response.agreements = try page.rows.map { try self.shown(AgreementRecord(row: $0), db, detailed: false) }
            response.total = page.total
            response.nextPageToken = page.nextPageToken
            return response
        }
    }

    public func getCounters(
        request: Graduate_Esigning_V1_GetCountersRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Counters {
        let (principal, school) = try self.staffCaller()
        if request.cohort != 0 { _ = try Self.checkedCohort(request.cohort) }
        return try await self.pool.read { db in
            var conditions = try self.listScope(principal, db)
            if request.cohort != 0 { conditions.add("cohort = ?", request.cohort) }
            func counts(_ table: String) throws -> [(String, Int32)] {
                try Row.fetchAll(
                    db, sql: "SELECT status, count(*) AS n FROM \(table) \(conditions.whereClause) GROUP BY status ORDER BY status",
                    arguments: conditions.arguments
                ).map { ($0["status"], $0["n"]) }
            }
            // What waits for this caller: the 院系's reviews, or the school's. A 院系 account of a
            // school that reviews alone (仅学校审核, for the 届 asked or for every 届 it set) has
            // no reviews of its own: its counters show what waits for the school, which is its
            // graduates' progress, instead of 待院系审核 tiles that can only ever read 0.
            // Asked only for a 院系 account: a school account's stage is the school's either way.
            let departmentScoped = try (principal.role?.isDepartmentScoped ?? false) && Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM signing_settings
                                   WHERE school_code = ? AND review_mode = 'departmentThenSchool' AND (? = 0 OR cohort = ?))
                    """,
                arguments: [school, request.cohort, request.cohort]
            ) == true
            var counters = Graduate_Esigning_V1_Counters()
            func statusCount(_ status: String, _ name: String, _ count: Int32, pending: Bool) -> Graduate_Esigning_V1_StatusCount {
                if pending { counters.pendingTotal += count }
                var entry = Graduate_Esigning_V1_StatusCount()
                entry.status = status
                entry.statusName = name
                entry.count = count
                return entry
            }
            counters.counts = try counts("agreement").compactMap { status, count in
                AgreementStatus(rawValue: status).map {
                    statusCount(status, $0.name, count, pending: departmentScoped ? $0.awaitsDepartment : $0.awaitsSchool)
                }
            }
            counters.terminationCounts = try counts("termination").compactMap { status, count in
                TerminationStatus(rawValue: status).map {
                    statusCount(status, $0.name, count, pending: departmentScoped ? $0.awaitsDepartment : $0.awaitsSchool)
                }
            }
            counters.registrationCounts = try counts("destination_registration").compactMap { status, count in
                RegistrationStatus(rawValue: status).map {
                    statusCount(status, $0.name, count, pending: departmentScoped ? $0.awaitsDepartment : $0.awaitsSchool)
                }
            }
            counters.labelled = Self.labelledCounters(counters, departmentScoped: departmentScoped)
            return counters
        }
    }

    /// The home page's counters (§13): the labels and what each adds up, for the caller's stage.
    static func labelledCounters(_ counters: Graduate_Esigning_V1_Counters, departmentScoped: Bool) -> [Graduate_Esigning_V1_LabelledCount] {
        func sum(_ statuses: [some RawRepresentable<String>], in counts: [Graduate_Esigning_V1_StatusCount]) -> Int32 {
            let codes = Set(statuses.map(\.rawValue))
            return counts.filter { codes.contains($0.status) }.reduce(0) { $0 + $1.count }
        }
        return HomeCounter.allCases.map { counter in
            let (agreements, terminations, registrations) = counter.statuses(forDepartment: departmentScoped)
            var labelled = Graduate_Esigning_V1_LabelledCount()
            labelled.label = counter.label(forDepartment: departmentScoped)
            labelled.count = sum(agreements, in: counters.counts) + sum(terminations, in: counters.terminationCounts)
                + sum(registrations, in: counters.registrationCounts)
            labelled.list = counter.list
            // One kind per counter: the list filter is that kind's statuses.
            labelled.statuses = agreements.map(\.rawValue) + terminations.map(\.rawValue) + registrations.map(\.rawValue)
            return labelled
        }
    }

    /// The code lists of signing (`GetCodeLists`), from the domain, for the gateway's 代码表.
    public func getCodeLists(
        request: Graduate_Esigning_V1_GetCodeListsRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_SigningCodeLists {
        Self.codeLists
    }

    static let codeLists: Graduate_Esigning_V1_SigningCodeLists = {
        func entry(_ code: String, _ name: String) -> Graduate_Esigning_V1_CodeEntry {
            var entry = Graduate_Esigning_V1_CodeEntry()
            entry.code = code
            entry.name = name
            return entry
        }
        var lists = Graduate_Esigning_V1_SigningCodeLists()
        lists.signingStatuses = AgreementStatus.allCases.map { entry($0.rawValue, $0.name) }
        lists.destinationCategories = DestinationCategory.registrable.map { category in
            var item = Graduate_Esigning_V1_DestinationCategoryEntry()
            item.code = category.rawValue
            item.name = category.name
            item.placed = category.isPlaced
            item.proofName = category.proofName ?? ""
            item.fields = category.fields.map { field in
                var entry = Graduate_Esigning_V1_DestinationField()
                entry.key = field.rawValue
                entry.label = field.label
                entry.required = field.isRequired
                return entry
            }
            return item
        }
        lists.studyLevels = StudyLevel.allCases.map { entry($0.rawValue, $0.name) }
        lists.terminationStatuses = TerminationStatus.allCases.map { entry($0.rawValue, $0.name) }
        lists.registrationStatuses = RegistrationStatus.allCases.map { entry($0.rawValue, $0.name) }
        lists.statisticsColumns = StatisticsColumn.allCases.map { entry($0.rawValue, $0.name) }
        return lists
    }()

    /// Who sees which records in lists: staff their school (院系 accounts their 院系) without
    /// the 失效 ones (those are listed in 失效信息管理, §4.7); graduates and employers their own.
    func listScope(_ principal: Principal, _ db: Database) throws -> SQLConditions {
        var conditions = SQLConditions()
        switch principal.kind {
        case .staff:
            let (_, school) = try self.staffCaller()
            conditions.add("school_code = ?", school)
            if let department = try Self.departmentName(of: principal, in: db) { conditions.add("department = ?", department) }
            conditions.add("invalidated_at_ms IS NULL")
        case .graduate:
            conditions.add("graduate_id = ?", principal.subject)
        case .employer:
            conditions.add("employer_id = ?", principal.subject)
        default:
            throw RPCError.denied()
        }
        return conditions
    }

    /// Every page of a list, for an export (a page holds at most 200; exports stop at 100,000 rows).
    static func allPages<Request: PagedListRequest>(
        _ request: Request, _ page: (Request) async throws -> ([[XLSXWorkbook.Cell]], String)
    ) async throws -> [[XLSXWorkbook.Cell]] {
        var next = request
        next.pageSize = 200
        next.pageToken = ""
        var rows: [[XLSXWorkbook.Cell]] = []
        repeat {
            let (more, token) = try await page(next)
            rows += more
            next.pageToken = token
        } while !next.pageToken.isEmpty && rows.count < 100_000
        return rows
    }

    /// One sheet as an Excel file named after it and today's date.
    func workbook(sheet: String, header: [String], rows: [[XLSXWorkbook.Cell]]) throws -> Graduate_Esigning_V1_ExportFile {
        var workbook = XLSXWorkbook()
        workbook.addSheet(name: sheet, header: header, rows: rows)
        var file = Graduate_Esigning_V1_ExportFile()
        do {
            file.content = try workbook.data()
        } catch {
            throw RPCError(code: .internalError, message: "导出失败：\(error.message)")
        }
        file.fileName = "\(sheet)-\(BeijingTime.date(milliseconds: self.settings.clock())).xlsx"
        return file
    }
}

/// The list requests exports page through.
protocol PagedListRequest: Sendable {
    var pageSize: Int32 { get set }
    var pageToken: String { get set }
}

extension Graduate_Esigning_V1_ListAgreementsRequest: PagedListRequest {}
extension Graduate_Esigning_V1_ListTerminationsRequest: PagedListRequest {}
extension Graduate_Esigning_V1_ListRegistrationsRequest: PagedListRequest {}
extension Graduate_Esigning_V1_ListInvalidRecordsRequest: PagedListRequest {}
