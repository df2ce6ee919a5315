import AuthKit
import DocumentKit
import Foundation
import RPCTransport
import GRDB
public import GRPCCore
import GraduateDomain
import Logging
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
        let rows: RosterPreparations.Rows
        switch try await self.rosterRows(request, school: school) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let valid): rows = valid
        }
        let prepared = try await self.plan(request, rows: rows, school: school)
        return .init(prepared.plan, applied: false, digest: prepared.digest)
    }

    /// Applies the file's plan — every graduate and its event, the new 院系 and 培养方式
    /// records — or nothing: refused with every bad row, or when the confirmed preview's plan
    /// is no longer the plan, or when 姓名/考生号 changes are not confirmed. Written in chunks
    /// that make one import (RosterImportJob).
    public func importRoster(
        request: Graduate_Accounts_V1_ImportRosterRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ImportRosterResponse {
        let (principal, school) = try self.callerSchool()
        let rows: RosterPreparations.Rows
        switch try await self.rosterRows(request, school: school) {
        case .failure(let rejection): return .rejected(rejection)
        case .success(let valid): rows = valid
        }
        // The plan is made on a snapshot, outside the single writer, so sign-ins and edits wait
        // only for the writes themselves; it is checked against the roster's version there.
        let snapshot = try await self.plan(request, rows: rows, school: school)
        guard snapshot.plan.errors.isEmpty else { return .init(snapshot.plan, applied: false, digest: snapshot.digest) }
        try Self.checkConfirmed(snapshot, request)
        let changedBy = try await self.pool.read { db in
            try String.fetchOne(db, sql: "SELECT display_name FROM account WHERE id = ?", arguments: [principal.subject])
        } ?? principal.displayName ?? "就业管理系统"
        let written = try await self.writeImport(snapshot, rows: rows, request, school: school, changedBy: changedBy)
        if written.plan.errors.isEmpty { self.rosterPreparations.forget(school: school) }
        return .init(written.plan, applied: written.plan.errors.isEmpty, digest: written.digest)
    }

    /// Finishes the imports a stopped process left half-written (RosterImportJob); run
    /// before the service takes calls.
    public func finishInterruptedRosterImports() async throws {
        for job in try await self.pool.read(RosterImportJob.interrupted) {
            var plan: RosterSyncPlan?
            if case .success(let rows) = try await Self.parseRoster(job.request) {
                plan = try await self.pool.read { db in try RosterImport.plan(db, school: job.school, rows: rows, job.request) }
            }
            guard let plan, plan.errors.isEmpty else {
                // Cannot happen with a file that was planned once; if it does, the school's
                // roster must not stay locked: the rest is dropped, loudly.
                self.logger.error(
                    "an interrupted roster import could not be planned again; its remaining rows are dropped",
                    metadata: ["school": "\(job.school)", "written": "\(job.progress.written)", "total": "\(job.progress.total)"]
                )
                try await self.pool.write { db in try RosterImportJob.abandon(job.progress.id, db) }
                continue
            }
            let steps = RosterImport.steps(plan)
            try await self.writeChunks(steps[...], job.progress, school: job.school, changedBy: job.changedBy)
            self.logger.notice(
                "an interrupted roster import was finished",
                metadata: ["school": "\(job.school)", "written": "\(job.progress.written)", "rest": "\(steps.count)"]
            )
        }
    }

    /// The plan of `rows` against the school's roster as it is: the one a preview made while
    /// the roster still stands where it was made, or one made on a snapshot now (and kept).
    private func plan(
        _ request: Graduate_Accounts_V1_ImportRosterRequest, rows: RosterPreparations.Rows, school: String
    ) async throws -> RosterPreparations.Plan {
        let key = RosterPreparations.key(of: request)
        let version = try await self.pool.read { db in try RosterWrites.version(db, school: school) }
        if let kept = self.rosterPreparations.plan(school: school, content: request.content, key: key, version: version) {
            return kept
        }
        let made = try await self.pool.read { db in
            let plan = try RosterImport.plan(db, school: school, rows: rows, request)
            return RosterPreparations.Plan(version: try RosterWrites.version(db, school: school), plan: plan, digest: plan.digest)
        }
        self.rosterPreparations.remember(school: school, content: request.content, key: key, made)
        return made
    }

    /// Starts the import's job, then writes its chunks. The first transaction checks that the
    /// snapshot's plan still holds, and makes it again there if the roster moved meanwhile.
    private func writeImport(
        _ snapshot: RosterPreparations.Plan,
        rows: RosterPreparations.Rows,
        _ request: Graduate_Accounts_V1_ImportRosterRequest,
        school: String,
        changedBy: String
    ) async throws -> RosterPreparations.Plan {
        let (plan, job) = try await self.pool.write { db -> (RosterPreparations.Plan, RosterImportJob.Progress?) in
            var current = snapshot
            if try RosterWrites.version(db, school: school) != snapshot.version {
                let plan = try RosterImport.plan(db, school: school, rows: rows, request)
                current = RosterPreparations.Plan(version: 0, plan: plan, digest: plan.digest)
                guard plan.errors.isEmpty else { return (current, nil) }
                try Self.checkConfirmed(current, request)
            }
            // Refused while another import of the school is being written.
            try RosterWrites.begin(db, school: school)
            let total = RosterImport.steps(current.plan).count
            guard total > 0 else { return (current, nil) }
            return (current, try RosterImportJob.start(db, school: school, request: request, changedBy: changedBy, total: total))
        }
        if let job { try await self.writeChunks(RosterImport.steps(plan.plan)[...], job, school: school, changedBy: changedBy) }
        return plan
    }

    /// Writes `steps` a chunk per transaction, recording the job's progress with each; the
    /// last chunk ends the job. A chunk ends after `rosterImportChunk` steps or once it has
    /// taken `rosterImportChunkTime`, whichever comes first: that is all another write
    /// (a sign-in's, say) waits for, on any machine.
    private func writeChunks(
        _ steps: ArraySlice<RosterImport.Step>, _ job: RosterImportJob.Progress, school: String, changedBy: String
    ) async throws {
        let (pool, outbox, settings) = (self.pool, self.outbox, self.settings)
        let size = max(1, settings.rosterImportChunk)
        // Not in the caller's task: a client that goes away mid-way must not cancel the rest
        // (GRDB interrupts the statements of a cancelled task).
        let logger = self.logger
        try await Task {
            let started = ContinuousClock.now
            var (progress, chunks) = (job, 0)
            var rest = steps
            defer {
                logger.info(
                    "roster import written",
                    metadata: ["school": "\(school)", "steps": "\(steps.count - rest.count)", "chunks": "\(chunks)",
                               "ms": "\((ContinuousClock.now - started).milliseconds)"]
                )
            }
            repeat {
                let (chunk, before, remaining) = (rest.prefix(size), progress, rest.count)
                let count = try await pool.write { db -> Int in
                    let (deadline, now) = (ContinuousClock.now + settings.rosterImportChunkTime, nowMilliseconds())
                    var count = 0
                    for step in chunk {
                        try RosterImport.apply(step, school: school, changedBy: changedBy, outbox: outbox, now: now, db)
                        count += 1
                        if count % 16 == 0, ContinuousClock.now >= deadline { break }
                    }
                    var after = before
                    after.written += count
                    try RosterImportJob.record(after, finished: count == remaining, db)
                    return count
                }
                rest = rest.dropFirst(count)
                progress.written += count
                chunks += 1
                try await settings.rosterImportChunkWritten(progress.written)
                if !rest.isEmpty { try await Task.sleep(for: settings.rosterImportPause) }
            } while !rest.isEmpty
        }.value
    }

    /// The plan is the previewed one (when the request names it), and its 姓名/考生号 changes
    /// are confirmed.
    private static func checkConfirmed(_ prepared: RosterPreparations.Plan, _ request: Graduate_Accounts_V1_ImportRosterRequest) throws {
        if !request.expectedPlanDigest.isEmpty, request.expectedPlanDigest != prepared.digest {
            throw RPCError.wrongState("学生名单或文件在预览后已有变化，请重新预览后再导入")
        }
        if prepared.plan.identityChanges > 0, !request.confirmIdentityChanges {
            throw RPCError.wrongState("有\(prepared.plan.identityChanges)名学生的姓名或考生号与学生名单中的不同，请在预览中核对并确认后再导入")
        }
    }

    /// The file's valid rows, read once per file: the preview's, when this is its file.
    private func rosterRows(
        _ request: Graduate_Accounts_V1_ImportRosterRequest, school: String
    ) async throws -> Result<RosterPreparations.Rows, RosterRejection> {
        let isXLSX = try Self.checkFile(request)
        if let kept = self.rosterPreparations.rows(school: school, content: request.content) { return .success(kept) }
        let parsed = await Self.parseRoster(request.content, isXLSX: isXLSX)
        if case .success(let rows) = parsed { self.rosterPreparations.remember(school: school, content: request.content, rows: rows) }
        return parsed
    }

    /// The file's valid rows, or every problem of its bad ones.
    private static func parseRoster(_ request: Graduate_Accounts_V1_ImportRosterRequest) async throws -> Result<RosterPreparations.Rows, RosterRejection> {
        await Self.parseRoster(request.content, isXLSX: try Self.checkFile(request))
    }

    private static func parseRoster(_ content: Data, isXLSX: Bool) async -> Result<RosterPreparations.Rows, RosterRejection> {
        defer { if isXLSX { FreedMemory.giveBack() } }
        return isXLSX ? await Self.excelReads.run { RosterFile.parse(xlsx: content) } : RosterFile.parse(csv: content)
    }

    /// The request's file and options, checked before the file is read; whether it is Excel.
    private static func checkFile(_ request: Graduate_Accounts_V1_ImportRosterRequest) throws -> Bool {
        guard !request.content.isEmpty else { throw RPCError.invalid(field: "content", "请选择要导入的文件") }
        guard request.content.count <= Self.maximumImportBytes else {
            throw RPCError.invalid(field: "content", "文件不能超过10MB")
        }
        let lowerName = request.fileName.lowercased()
        let isXLSX = XLSXReader.isZip(request.content)
        guard lowerName.isEmpty || lowerName.hasSuffix(".csv") || lowerName.hasSuffix(".xlsx") else {
            throw RPCError.invalid(field: "fileName", "请上传CSV（UTF-8编码）或Excel（.xlsx）文件")
        }
        if lowerName.hasSuffix(".xlsx"), !isXLSX {
            throw RPCError.invalid(field: "content", "文件不是有效的Excel（.xlsx）文件")
        }
        guard request.mode == .merge || request.mode == .replace else {
            throw RPCError.invalid(field: "mode", "导入方式应为合并（merge）或替换（replace）")
        }
        return isXLSX
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
        if let id = try String.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM graduate WHERE school_code = ? AND id_number = ?"), arguments: [school, graduate.idNumber]
        ) {
            try Self.update(db, id: id, graduate, now: now)
            return id
        }
        let id = TimeOrderedID.make()
        try Self.insert(db, id: id, school: school, graduate, now: now)
        return id
    }

    // Cached statements throughout: an import runs these 20,000 times.
    static func insert(_ db: Database, id: String, school: String, _ graduate: RosterValues, now: Int64) throws {
        try db.executeCached(
            sql: """
                INSERT INTO graduate (department, major, education_level, candidate_number, name, student_number, gender,
                    cohort, graduation_date, length_of_schooling, training_mode, bound_unit, origin_region, mobile,
                    updated_at_ms, id, school_code, id_number, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: StatementArguments(Self.columns(graduate, now: now) + [id, school, graduate.idNumber, now])
        )
    }

    /// The roster's values of graduate `id` (身份证号 and school stay), back on the roster if removed.
    static func update(_ db: Database, id: String, _ graduate: RosterValues, now: Int64) throws {
        try db.executeCached(
            sql: """
                UPDATE graduate SET department = ?, major = ?, education_level = ?, candidate_number = ?, name = ?,
                    student_number = ?, gender = ?, cohort = ?, graduation_date = ?, length_of_schooling = ?,
                    training_mode = ?, bound_unit = ?, origin_region = ?, mobile = ?, updated_at_ms = ?, removed = 0
                WHERE id = ?
                """,
            arguments: StatementArguments(Self.columns(graduate, now: now) + [id])
        )
    }

    private static func columns(_ graduate: RosterValues, now: Int64) -> [(any DatabaseValueConvertible)?] {
        [
            graduate.department, graduate.major, graduate.educationLevel, graduate.candidateNumber, graduate.name,
            graduate.studentNumber, graduate.gender, graduate.cohort, graduate.graduationDate,
            graduate.lengthOfSchooling, graduate.trainingMode, graduate.boundUnit, graduate.originRegion,
            graduate.mobile, now,
        ]
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
        let removed: Bool = row["removed"]
        return Self.event(id: id, school: row["school_code"], Self.member(row).values, removedReason: removed ? row["removed_reason"] : nil)
    }

    /// The roster event of a graduate holding `values` (what every subscriber keeps of it).
    static func event(id: String, school: String, _ values: RosterValues, removedReason: String? = nil) -> Graduate_Events_V1_RosterGraduate {
        var event = Graduate_Events_V1_RosterGraduate()
        event.graduateID = id
        event.schoolCode = school
        event.department = values.department
        event.major = values.major
        event.educationLevel = values.educationLevel
        event.name = values.name
        event.idNumber = values.idNumber
        event.studentNumber = values.studentNumber
        event.cohort = Int32(values.cohort)
        event.trainingMode = values.trainingMode
        event.boundUnit = values.boundUnit
        event.gender = values.gender
        event.graduationDate = values.graduationDate
        event.originRegion = values.originRegion
        event.mobile = values.mobile
        event.lengthOfSchooling = values.lengthOfSchooling
        if let removedReason { event.removedReason = removedReason }
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
    init(_ plan: RosterSyncPlan, applied: Bool, digest: String) {
        self.init()
        self.applied = applied
        self.imported = applied ? Int32(plan.writes) : 0
        self.planDigest = digest
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

extension AccountsService {
    /// Excel rosters are read one at a time per process (memory stays bounded).
    static let excelReads = OneAtATime()
}
