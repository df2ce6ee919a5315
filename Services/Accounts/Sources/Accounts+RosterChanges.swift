import AuthKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// Single changes to the roster: add, update, remove, 培养方式 changes and their record,
/// and the import template. Every change emits its roster event in the same transaction.
extension AccountsService {
    public func addGraduate(request: Graduate_Accounts_V1_Graduate, context: ServerContext) async throws -> Graduate_Accounts_V1_Graduate {
        let (_, school) = try self.callerSchool()
        let graduate = try Self.validated(request)
        let outbox = self.outbox
        return try await self.pool.write { db in
            try RosterWrites.begin(db, school: school)
            if let existing = try Row.fetchOne(
                db, sql: "SELECT removed FROM graduate WHERE school_code = ? AND id_number = ?", arguments: [school, graduate.idNumber.value]
            ), !(existing["removed"] as Bool) {
                throw RPCError.alreadyExists(field: "idNumber", "该身份证号已在学生名单中")
            }
            try Self.checkStudentNumberFree(db, school: school, graduate.studentNumber, except: graduate.idNumber.value)
            let id = try GraduateRecord.upsert(db, school: school, RosterValues(graduate), now: nowMilliseconds())
            try Self.emit("roster.graduate.added", id: id, outbox: outbox, db)
            return try Self.fetch(db, id: id, school: school)
        }
    }

    public func updateGraduate(request: Graduate_Accounts_V1_Graduate, context: ServerContext) async throws -> Graduate_Accounts_V1_Graduate {
        let (_, school) = try self.callerSchool()
        let outbox = self.outbox
        return try await self.pool.write { db in
            try RosterWrites.begin(db, school: school)
            let current = try Self.fetchOnRoster(db, id: request.id, school: school)
            guard request.idNumber.isEmpty || request.idNumber.uppercased() == current.idNumber else {
                throw RPCError.invalid(field: "idNumber", "身份证号不能修改；如有错误，请删除后重新添加")
            }
            guard request.trainingMode.isEmpty || request.trainingMode == current.trainingMode else {
                throw RPCError.invalid(field: "trainingMode", "培养方式请通过“修改培养方式”变更，以便留下修改记录")
            }
            var merged = request
            merged.idNumber = current.idNumber
            merged.trainingMode = current.trainingMode
            if merged.boundUnit.isEmpty { merged.boundUnit = current.boundUnit }
            let graduate = try Self.validated(merged)
            try Self.checkStudentNumberFree(db, school: school, graduate.studentNumber, except: graduate.idNumber.value)
            _ = try GraduateRecord.upsert(db, school: school, RosterValues(graduate), now: nowMilliseconds())
            try Self.emit("roster.graduate.updated", id: current.id, outbox: outbox, db)
            return try Self.fetch(db, id: current.id, school: school)
        }
    }

    public func removeGraduate(
        request: Graduate_Accounts_V1_RemoveGraduateRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Graduate {
        let (_, school) = try self.callerSchool()
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200 else { throw RPCError.invalid(field: "reason", "请填写删除原因（最多200字）") }
        let outbox = self.outbox
        return try await self.pool.write { db in
            try RosterWrites.begin(db, school: school)
            let current = try Self.fetchOnRoster(db, id: request.graduateID, school: school)
            // The row stays: history and other services' records keep pointing at it.
            try db.execute(
                sql: "UPDATE graduate SET removed = 1, removed_reason = ?, updated_at_ms = ? WHERE id = ?",
                arguments: [reason, nowMilliseconds(), current.id]
            )
            try Self.emit("roster.graduate.removed", id: current.id, outbox: outbox, db)
            return try Self.fetch(db, id: current.id, school: school)
        }
    }

    public func changeTrainingMode(
        request: Graduate_Accounts_V1_ChangeTrainingModeRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_TrainingModeChange {
        let (principal, school) = try self.callerSchool()
        guard let mode = TrainingMode(rawValue: request.trainingMode) else {
            throw RPCError.invalid(field: "trainingMode", "培养方式应为 1 非定向、2 定向 或 3 委培")
        }
        let boundUnit = mode.isBound ? request.boundUnit.trimmingCharacters(in: .whitespaces) : ""
        if mode.isBound, boundUnit.isEmpty { throw RPCError.invalid(field: "boundUnit", "培养方式为\(mode.name)时必须填写定向/委培单位") }
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200 else { throw RPCError.invalid(field: "reason", "请填写修改原因（最多200字）") }
        let outbox = self.outbox
        return try await self.pool.write { db in
            try RosterWrites.begin(db, school: school)
            let current = try Self.fetchOnRoster(db, id: request.graduateID, school: school)
            guard current.trainingMode != mode.rawValue || current.boundUnit != boundUnit else {
                throw RPCError.invalid(field: "trainingMode", "培养方式没有变化")
            }
            let changedBy = try String.fetchOne(db, sql: "SELECT display_name FROM account WHERE id = ?", arguments: [principal.subject]) ?? ""
            let id = UUID().uuidString.lowercased()
            let now = nowMilliseconds()
            try db.execute(
                sql: """
                    INSERT INTO training_mode_change (id, graduate_id, school_code, old_training_mode, new_training_mode,
                        old_bound_unit, new_bound_unit, reason, changed_by, changed_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, current.id, school, current.trainingMode, mode.rawValue, current.boundUnit, boundUnit, reason, changedBy, now]
            )
            try db.execute(
                sql: "UPDATE graduate SET training_mode = ?, bound_unit = ?, updated_at_ms = ? WHERE id = ?",
                arguments: [mode.rawValue, boundUnit, now, current.id]
            )
            try Self.emit("roster.graduate.updated", id: current.id, outbox: outbox, db)
            return try Self.trainingModeChanges(db, school: school, where: "c.id = ?", [id], limit: 1, offset: 0).first!
        }
    }

    public func listTrainingModeChanges(
        request: Graduate_Accounts_V1_ListTrainingModeChangesRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ListTrainingModeChangesResponse {
        let (principal, school) = try self.callerSchool()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        let query = request.query.trimmingCharacters(in: .whitespaces)
        return try await self.pool.read { db in
            var conditions = ["1 = 1"]
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let department = try Self.scopedDepartment(db, principal) {
                conditions.append("g.department = ?")
                arguments.append(department)
            }
            if !query.isEmpty {
                conditions.append("(g.name LIKE ? \(PageToken.likeEscape) OR g.id_number LIKE ? \(PageToken.likeEscape))")
                let pattern = PageToken.containing(query)
                arguments += [pattern, pattern]
            }
            let condition = conditions.joined(separator: " AND ")
            var response = Graduate_Accounts_V1_ListTrainingModeChangesResponse()
            response.total = Int32(try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM training_mode_change c JOIN graduate g ON g.id = c.graduate_id WHERE c.school_code = ? AND \(condition)",
                arguments: StatementArguments([school] + arguments)
            ) ?? 0)
            response.changes = try Self.trainingModeChanges(db, school: school, where: condition, arguments, limit: pageSize, offset: offset)
            response.nextPageToken = PageToken.next(offset: offset, returned: response.changes.count, total: Int(response.total))
            return response
        }
    }

    public func getRosterTemplate(
        request: Graduate_Accounts_V1_GetRosterTemplateRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_RosterTemplate {
        _ = try self.callerSchool()
        var template = Graduate_Accounts_V1_RosterTemplate()
        template.content = RosterFile.templateCSV()
        template.fileName = "学生名单导入模板.csv"
        return template
    }

    // MARK: Helpers

    /// Validates a graduate given through the API; the first problem names its API field.
    static func validated(_ graduate: Graduate_Accounts_V1_Graduate) throws -> ValidRosterRow {
        var row = RosterRow()
        row.department = graduate.department
        row.major = graduate.major
        row.educationLevel = graduate.educationLevel
        row.candidateNumber = graduate.candidateNumber
        row.name = graduate.name
        row.idNumber = graduate.idNumber
        row.studentNumber = graduate.studentNumber
        row.gender = graduate.gender
        row.cohort = graduate.cohort == 0 ? "" : String(graduate.cohort)
        row.graduationDate = graduate.graduationDate
        row.lengthOfSchooling = graduate.lengthOfSchooling
        row.trainingMode = graduate.trainingMode
        row.boundUnit = graduate.boundUnit
        row.originRegion = graduate.originRegion
        row.mobile = graduate.mobile
        switch RosterValidation.validate(row, number: 0) {
        case .success(let valid):
            return valid
        case .failure(let rejection):
            let first = rejection.errors[0]
            let column = RosterColumn(rawValue: first.field)
            throw RPCError.invalid(field: column?.apiField ?? first.field, "\(first.field)：\(first.reason)")
        }
    }

    /// The 院系 name a department-scoped caller is limited to; nil for school-wide roles.
    static func scopedDepartment(_ db: Database, _ principal: Principal) throws -> String? {
        guard let role = principal.role, role.isDepartmentScoped else { return nil }
        // An account whose 院系 was deleted sees nothing rather than everything.
        return try String.fetchOne(db, sql: "SELECT name FROM department WHERE id = ?", arguments: [principal.departmentID]) ?? "\u{0}"
    }

    static func checkStudentNumberFree(_ db: Database, school: String, _ studentNumber: String, except idNumber: String) throws {
        if try Bool.fetchOne(
            db,
            sql: "SELECT 1 FROM graduate WHERE school_code = ? AND student_number = ? AND id_number <> ?",
            arguments: [school, studentNumber, idNumber]
        ) == true {
            throw RPCError.alreadyExists(field: "studentNumber", "该学号已被其他学生使用")
        }
    }

    static func fetch(_ db: Database, id: String, school: String) throws -> Graduate_Accounts_V1_Graduate {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM graduate WHERE id = ? AND school_code = ?", arguments: [id, school]) else {
            throw RPCError.notFound("学生不存在")
        }
        return GraduateRecord.proto(row)
    }

    /// A graduate who is still on the roster (changes to removed ones are refused).
    static func fetchOnRoster(_ db: Database, id: String, school: String) throws -> Graduate_Accounts_V1_Graduate {
        let graduate = try Self.fetch(db, id: id, school: school)
        guard !graduate.removed else { throw RPCError.wrongState("该学生已不在学生名单中") }
        return graduate
    }

    static func emit(_ type: String, id: String, outbox: Outbox, _ db: Database) throws {
        try Self.emit(type, try GraduateRecord.event(db, id: id), outbox: outbox, db)
    }

    static func emit(_ type: String, _ event: Graduate_Events_V1_RosterGraduate, outbox: Outbox, _ db: Database) throws {
        try outbox.append(type: type, aggregateType: "graduate", aggregateID: event.graduateID, payload: try event.serializedBytes(), in: db)
    }

    static func trainingModeChanges(
        _ db: Database,
        school: String,
        where condition: String,
        _ arguments: [(any DatabaseValueConvertible)?],
        limit: Int,
        offset: Int
    ) throws -> [Graduate_Accounts_V1_TrainingModeChange] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT c.*, g.name, g.id_number, g.department FROM training_mode_change c JOIN graduate g ON g.id = c.graduate_id
                WHERE c.school_code = ? AND \(condition) ORDER BY c.changed_at_ms DESC, c.id LIMIT ? OFFSET ?
                """,
            arguments: StatementArguments([school] + arguments + [limit, offset])
        ).map { row in
            var change = Graduate_Accounts_V1_TrainingModeChange()
            change.id = row["id"]
            change.graduateID = row["graduate_id"]
            change.graduateName = row["name"]
            change.idNumber = row["id_number"]
            change.department = row["department"]
            change.oldTrainingMode = row["old_training_mode"]
            change.newTrainingMode = row["new_training_mode"]
            change.oldBoundUnit = row["old_bound_unit"]
            change.newBoundUnit = row["new_bound_unit"]
            change.reason = row["reason"]
            change.changedBy = row["changed_by"]
            change.changedAtMs = row["changed_at_ms"]
            return change
        }
    }
}
