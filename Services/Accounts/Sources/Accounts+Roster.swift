import AuthKit
import Foundation
import RPCTransport
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// The roster (学生名单, DOMAIN.md §2): import and list.
extension AccountsService {
    static let maximumImportBytes = 10 * 1024 * 1024

    /// What importing the file would do (the plan), writing nothing.
    public func previewRosterImport(
        request: Graduate_Accounts_V1_ImportRosterRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ImportRosterResponse {
        let (_, school) = try self.callerSchool()
        let rows: [(row: Int, graduate: ValidRosterRow)]
        switch try await Self.rosterRows(request) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let valid): rows = valid
        }
        let plan = try await self.pool.read { db in try RosterImport.plan(db, school: school, rows: rows, request) }
        return .init(plan, applied: false)
    }

    /// Applies the file's plan in one transaction — every graduate and its event, the new 院系
    /// and 培养方式 records — or nothing: refused with every bad row, or when the confirmed
    /// preview's plan is no longer the plan, or when 姓名/考生号 changes are not confirmed.
    public func importRoster(
        request: Graduate_Accounts_V1_ImportRosterRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ImportRosterResponse {
        let (principal, school) = try self.callerSchool()
        let rows: [(row: Int, graduate: ValidRosterRow)]
        switch try await Self.rosterRows(request) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let valid): rows = valid
        }
        // The plan is made on a snapshot, outside the single writer, so sign-ins and edits wait
        // only for the writes themselves. Inside, the plan still holds if no roster change
        // committed since the snapshot (each one moves the outbox's sequence, see
        // RosterImport.version); otherwise it is made again there.
        let (snapshot, version) = try await self.pool.read { db in
            (try RosterImport.plan(db, school: school, rows: rows, request), try RosterImport.version(db))
        }
        guard snapshot.errors.isEmpty else { return .init(snapshot, applied: false) }
        try Self.checkConfirmed(snapshot, request)
        let outbox = self.outbox
        let plan = try await self.pool.write { db -> RosterSyncPlan in
            var plan = snapshot
            if try RosterImport.version(db) != version {
                plan = try RosterImport.plan(db, school: school, rows: rows, request)
                guard plan.errors.isEmpty else { return plan }
                try Self.checkConfirmed(plan, request)
            }
            let changedBy = try String.fetchOne(db, sql: "SELECT display_name FROM account WHERE id = ?", arguments: [principal.subject])
            try RosterImport.apply(plan, school: school, changedBy: changedBy ?? principal.displayName ?? "就业管理系统", outbox: outbox, db)
            return plan
        }
        return .init(plan, applied: plan.errors.isEmpty)
    }

    /// The plan is the previewed one (when the request names it), and its 姓名/考生号 changes
    /// are confirmed.
    private static func checkConfirmed(_ plan: RosterSyncPlan, _ request: Graduate_Accounts_V1_ImportRosterRequest) throws {
        if !request.expectedPlanDigest.isEmpty, request.expectedPlanDigest != plan.digest {
            throw RPCError.wrongState("学生名单或文件在预览后已有变化，请重新预览后再导入")
        }
        if plan.identityChanges > 0, !request.confirmIdentityChanges {
            throw RPCError.wrongState("有\(plan.identityChanges)名学生的姓名或考生号与学生名单中的不同，请在预览中核对并确认后再导入")
        }
    }

    /// The file's valid rows, or every problem of its bad ones.
    private static func rosterRows(
        _ request: Graduate_Accounts_V1_ImportRosterRequest
    ) async throws -> Result<[(row: Int, graduate: ValidRosterRow)], RosterRejection> {
        guard !request.content.isEmpty else { throw RPCError.invalid(field: "content", "请选择要导入的文件") }
        guard request.content.count <= Self.maximumImportBytes else {
            throw RPCError.invalid(field: "content", "文件不能超过10MB")
        }
        let lowerName = request.fileName.lowercased()
        // An .xlsx file is a zip: it starts with "PK". The bytes decide, not only the name.
        let isXLSX = request.content.starts(with: [0x50, 0x4B, 0x03, 0x04])
        guard lowerName.isEmpty || lowerName.hasSuffix(".csv") || lowerName.hasSuffix(".xlsx") else {
            throw RPCError.invalid(field: "fileName", "请上传CSV（UTF-8编码）或Excel（.xlsx）文件")
        }
        if lowerName.hasSuffix(".xlsx"), !isXLSX {
            throw RPCError.invalid(field: "content", "文件不是有效的Excel（.xlsx）文件")
        }
        guard request.mode == .merge || request.mode == .replace else {
            throw RPCError.invalid(field: "mode", "导入方式应为合并（merge）或替换（replace）")
        }
        let content = request.content
        defer { if isXLSX { FreedMemory.giveBack() } }
        return isXLSX ? await Self.excelReads.run { RosterFile.parse(xlsx: content) } : RosterFile.parse(csv: content)
    }

    public func listGraduates(
        request: Graduate_Accounts_V1_ListGraduatesRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ListGraduatesResponse {
        let (principal, school) = try self.callerSchool()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        try Self.checkRosterFilters(request)
        return try await self.pool.read { db in
            let (whereClause, arguments) = try Self.rosterFilter(db, request, principal: principal, school: school)
            let total = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM graduate WHERE \(whereClause)", arguments: StatementArguments(arguments)
            ) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM graduate WHERE \(whereClause) ORDER BY department, major, student_number LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [pageSize, offset])
            )
            var response = Graduate_Accounts_V1_ListGraduatesResponse()
            response.graduates = rows.map(GraduateRecord.proto)
            response.total = Int32(total)
            response.nextPageToken = PageToken.next(offset: offset, returned: rows.count, total: total)
            return response
        }
    }

    static func checkRosterFilters(_ request: Graduate_Accounts_V1_ListGraduatesRequest) throws {
        if !request.educationLevel.isEmpty, EducationLevel(rawValue: request.educationLevel) == nil {
            throw RPCError.invalid(field: "educationLevel", "未知的学历代码")
        }
        if !request.trainingMode.isEmpty, TrainingMode(rawValue: request.trainingMode) == nil {
            throw RPCError.invalid(field: "trainingMode", "未知的培养方式代码")
        }
    }

    /// The roster list's filters as SQL, the list and its export alike; a 院系 account sees
    /// exactly its own 院系's graduates (DOMAIN.md §1).
    static func rosterFilter(
        _ db: Database, _ request: Graduate_Accounts_V1_ListGraduatesRequest, principal: Principal, school: String
    ) throws -> (String, [(any DatabaseValueConvertible)?]) {
        var conditions = ["school_code = ?", "removed = 0"]
        var arguments: [(any DatabaseValueConvertible)?] = [school]
        if let department = try Self.scopedDepartment(db, principal) {
            conditions.append("department = ?")
            arguments.append(department)
        }
        if !request.department.isEmpty { conditions.append("department = ?"); arguments.append(request.department) }
        if !request.major.isEmpty { conditions.append("major = ?"); arguments.append(request.major) }
        if !request.educationLevel.isEmpty { conditions.append("education_level = ?"); arguments.append(request.educationLevel) }
        if !request.trainingMode.isEmpty { conditions.append("training_mode = ?"); arguments.append(request.trainingMode) }
        if request.cohort != 0 { conditions.append("cohort = ?"); arguments.append(Int(request.cohort)) }
        let query = request.query.trimmingCharacters(in: .whitespaces)
        if !query.isEmpty {
            let pattern = PageToken.containing(query)
            let like = "LIKE ? \(PageToken.likeEscape)"
            conditions.append("(name \(like) OR id_number \(like) OR student_number \(like) OR candidate_number \(like))")
            arguments += [pattern, pattern, pattern, pattern]
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}

extension RosterRowError {
    var proto: Graduate_Accounts_V1_RowError {
        var error = Graduate_Accounts_V1_RowError()
        error.row = Int32(self.row)
        error.field = self.field
        error.reason = self.reason
        return error
    }
}

/// The `graduate` table.
enum GraduateRecord {
    /// Inserts a new graduate, or updates one (putting a removed one back on the roster) with the new data.
    static func upsert(_ db: Database, school: String, _ graduate: RosterValues, now: Int64) throws -> String {
        // Cached statements throughout: an import runs these 20,000 times in one transaction.
        let existing = try String.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM graduate WHERE school_code = ? AND id_number = ?"), arguments: [school, graduate.idNumber]
        )
        let id = existing ?? UUID().uuidString.lowercased()
        let values: [(any DatabaseValueConvertible)?] = [
            graduate.department, graduate.major, graduate.educationLevel, graduate.candidateNumber, graduate.name,
            graduate.studentNumber, graduate.gender, graduate.cohort, graduate.graduationDate,
            graduate.lengthOfSchooling, graduate.trainingMode, graduate.boundUnit, graduate.originRegion,
            graduate.mobile, now,
        ]
        if existing != nil {
            try db.executeCached(
                sql: """
                    UPDATE graduate SET department = ?, major = ?, education_level = ?, candidate_number = ?, name = ?,
                        student_number = ?, gender = ?, cohort = ?, graduation_date = ?, length_of_schooling = ?,
                        training_mode = ?, bound_unit = ?, origin_region = ?, mobile = ?, updated_at_ms = ?, removed = 0
                    WHERE id = ?
                    """,
                arguments: StatementArguments(values + [id])
            )
        } else {
            try db.executeCached(
                sql: """
                    INSERT INTO graduate (department, major, education_level, candidate_number, name, student_number, gender,
                        cohort, graduation_date, length_of_schooling, training_mode, bound_unit, origin_region, mobile,
                        updated_at_ms, id, school_code, id_number, created_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: StatementArguments(values + [id, school, graduate.idNumber, now])
            )
        }
        return id
    }

    /// A stored graduate as the import plan compares it.
    static func member(_ row: Row) -> RosterMember {
        RosterMember(id: row["id"], removed: row["removed"], values: RosterValues(
            department: row["department"], major: row["major"], educationLevel: row["education_level"],
            candidateNumber: row["candidate_number"], name: row["name"], idNumber: row["id_number"],
            studentNumber: row["student_number"], gender: row["gender"], cohort: row["cohort"],
            graduationDate: row["graduation_date"], lengthOfSchooling: row["length_of_schooling"],
            trainingMode: row["training_mode"], boundUnit: row["bound_unit"], originRegion: row["origin_region"], mobile: row["mobile"]
        ))
    }

    static func proto(_ row: Row) -> Graduate_Accounts_V1_Graduate {
        var graduate = Graduate_Accounts_V1_Graduate()
        graduate.id = row["id"]
        graduate.schoolCode = row["school_code"]
        graduate.department = row["department"]
        graduate.major = row["major"]
        graduate.educationLevel = row["education_level"]
        graduate.candidateNumber = row["candidate_number"]
        graduate.name = row["name"]
        graduate.idNumber = row["id_number"]
        graduate.studentNumber = row["student_number"]
        graduate.gender = row["gender"]
        graduate.cohort = Int32(row["cohort"] as Int)
        graduate.graduationDate = row["graduation_date"]
        graduate.lengthOfSchooling = row["length_of_schooling"]
        graduate.trainingMode = row["training_mode"]
        graduate.boundUnit = row["bound_unit"]
        graduate.originRegion = row["origin_region"]
        graduate.mobile = row["mobile"]
        graduate.removed = row["removed"]
        graduate.updatedAtMs = row["updated_at_ms"]
        return graduate
    }

    /// The roster event payload for a graduate as now stored.
    static func event(_ db: Database, id: String) throws -> Graduate_Events_V1_RosterGraduate {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM graduate WHERE id = ?"), arguments: [id]) else {
            throw RPCError.notFound("没有这名学生")
        }
        var event = Graduate_Events_V1_RosterGraduate()
        event.graduateID = id
        event.schoolCode = row["school_code"]
        event.department = row["department"]
        event.major = row["major"]
        event.educationLevel = row["education_level"]
        event.name = row["name"]
        event.idNumber = row["id_number"]
        event.studentNumber = row["student_number"]
        event.cohort = Int32(row["cohort"] as Int)
        event.trainingMode = row["training_mode"]
        event.boundUnit = row["bound_unit"]
        event.gender = row["gender"]
        event.graduationDate = row["graduation_date"]
        event.originRegion = row["origin_region"]
        event.mobile = row["mobile"]
        event.lengthOfSchooling = row["length_of_schooling"]
        if row["removed"] as Bool { event.removedReason = row["removed_reason"] }
        return event
    }
}

extension Graduate_Accounts_V1_ImportRosterResponse {
    /// The most bad rows, and the most entries of each kind, an answer lists: 50,000 of them
    /// would not fit in one frame.
    static let maximumReportedErrors = 1_000

    /// A file refused before any plan: its first bad rows in row order, and how many there are.
    static func rejected(_ rejection: RosterRejection) -> Self {
        var response = Self()
        response.report(rejection)
        return response
    }

    /// A plan, applied or previewed; with bad rows, nothing is applied and they are reported.
    init(_ plan: RosterSyncPlan, applied: Bool) {
        self.init()
        self.applied = applied
        self.imported = applied ? Int32(plan.writes) : 0
        self.planDigest = plan.digest
        self.addedCount = Int32(plan.added.count)
        self.changedCount = Int32(plan.changed.count)
        self.restoredCount = Int32(plan.restored.count)
        self.removedCount = Int32(plan.removed.count)
        self.unchangedCount = Int32(plan.unchanged)
        self.identityChangeCount = Int32(plan.identityChanges)
        let limit = Self.maximumReportedErrors
        self.added = plan.added.prefix(limit).map(\.proto)
        self.changed = plan.changed.prefix(limit).map(\.proto)
        self.restored = plan.restored.prefix(limit).map(\.proto)
        self.removed = plan.removed.prefix(limit).map(\.proto)
        self.newDepartments = plan.newDepartments
        if !plan.errors.isEmpty { self.report(RosterRejection(plan.errors)) }
    }

    /// Reports a rejected file: its first bad rows in row order, and how many there are.
    mutating func report(_ rejection: RosterRejection) {
        let sorted = rejection.errors.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }
        self.errors = sorted.prefix(Self.maximumReportedErrors).map { $0.element.proto }
        self.errorCount = Int32(rejection.errors.count)
    }
}

extension RosterSyncPlan.Entry {
    var proto: Graduate_Accounts_V1_RosterPlanEntry {
        var entry = Graduate_Accounts_V1_RosterPlanEntry()
        entry.row = Int32(self.row)
        entry.graduateID = self.graduateID ?? ""
        entry.name = self.values.name
        entry.idNumber = self.values.idNumber
        entry.studentNumber = self.values.studentNumber
        entry.department = self.values.department
        entry.cohort = Int32(self.values.cohort)
        entry.changes = self.changes.map { change in
            var field = Graduate_Accounts_V1_RosterFieldChange()
            field.field = change.column.rawValue
            field.oldValue = change.old
            field.newValue = change.new
            return field
        }
        entry.identityChanged = self.identityChanged
        return entry
    }
}

/// Runs one piece of work at a time: an Excel file that inflates to tens of megabytes holds
/// its rows while it is read, so four at once would hold four times that.
actor OneAtATime {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () -> T) async -> T {
        while self.busy {
            await withCheckedContinuation { self.waiting.append($0) }
        }
        self.busy = true
        defer {
            self.busy = false
            if !self.waiting.isEmpty { self.waiting.removeFirst().resume() }
        }
        return body()
    }
}

extension AccountsService {
    /// Excel rosters are read one at a time per process (memory stays bounded).
    static let excelReads = OneAtATime()
}
