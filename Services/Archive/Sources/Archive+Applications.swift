import ArchiveDomain
import AuthKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// 申请记录 (DOMAIN.md §5): the graduate applies with new values; the 院系 (in 院系审核+学校审核)
/// and the school review; 通过 puts the values in force, 不通过 needs a reason and the graduate
/// edits and resubmits; the graduate may withdraw while under review.
extension ArchiveService {
    public func submitArchiveApplication(
        request: Graduate_Archive_V1_SubmitArchiveApplicationRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveApplication {
        let principal = try self.caller()
        let outbox = self.outbox
        return try await self.pool.write { db in
            guard let graduate = try ArchiveGraduateRow.fetch(db, id: principal.subject), !graduate.removed else {
                throw RPCError.wrongState("您不在学生名单中，不能登记档案/户口信息")
            }
            let values = try Self.validated(request.values, for: graduate)
            let settings = try Self.settings(db, school: graduate.school, cohort: graduate.cohort)
            let latest = try Self.latestApplication(db, graduate.id)
            let state: ArchiveApplicationState
            let action: String
            if let latest, latest.status == ArchiveApplicationStatus.rejected.rawValue {
                // After 不通过 the same application is edited and submitted again.
                let current = ArchiveApplicationState(status: .rejected, reviewMode: ArchiveReviewMode(rawValue: latest.reviewMode) ?? .schoolOnly)
                state = try Self.refusingInChinese { () throws(ArchiveRefusal) in
                    try ArchiveApplicationMachine.apply(.resubmit, to: current, settings: settings)
                }
                action = ArchiveApplicationAction.resubmit.rawValue
            } else {
                let underReview = latest.map { ArchiveApplicationStatus(rawValue: $0.status)?.isUnderReview == true } ?? false
                state = try Self.refusingInChinese { () throws(ArchiveRefusal) in
                    try ArchiveApplicationMachine.submit(settings: settings, hasApplicationUnderReview: underReview)
                }
                action = "submit"
            }
            let previous = try Self.valuesInForce(db, graduate.id)
            let changes = ArchiveChanges.between(previous, values)
            guard !changes.isEmpty else { throw RPCError.invalid(field: "values", "与已登记的档案/户口信息相同，无需提交") }
            let now = nowMilliseconds()
            let id: String
            if action == "submit" {
                id = TimeOrderedID.make()
                try db.execute(
                    sql: """
                        INSERT INTO archive_application (id, graduate_id, school_code, status, review_mode, application_values,
                                                         previous_values, submitted_at_ms, updated_at_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [id, graduate.id, graduate.school, state.status.rawValue, state.reviewMode.rawValue, values.stored, previous?.stored, now, now]
                )
            } else {
                id = latest?.id ?? ""
                try db.execute(
                    sql: """
                        UPDATE archive_application SET status = ?, review_mode = ?, application_values = ?, previous_values = ?,
                            submitted_at_ms = ?, updated_at_ms = ? WHERE id = ?
                        """,
                    arguments: [state.status.rawValue, state.reviewMode.rawValue, values.stored, previous?.stored, now, now, id]
                )
            }
            try Self.recordHistory(
                db, graduate: graduate.id, application: id, action: action, principal: principal, kind: "graduate",
                reason: "", statusAfter: state.status.rawValue, changes: changes
            )
            try Self.remindReviewers(db, graduate: graduate, status: state.status, outbox: outbox)
            return try Self.application(db, id: id)
        }
    }

    public func actOnArchiveApplication(
        request: Graduate_Archive_V1_ArchiveActRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveApplication {
        let principal = try self.caller()
        guard let action = ArchiveApplicationAction(rawValue: request.action), action != .resubmit else {
            throw RPCError.invalid(field: "action", "操作应为 departmentApprove、departmentReject、schoolApprove、schoolReject 或 withdraw")
        }
        let reason = request.reason.trimmingWhiteSpace()
        guard reason.count <= 200 else { throw RPCError.invalid(field: "reason", "原因最多200字") }
        let outbox = self.outbox
        return try await self.pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM archive_application WHERE id = ?", arguments: [request.applicationID]),
                  let graduate = try ArchiveGraduateRow.fetch(db, id: row["graduate_id"]),
                  try Self.maySee(graduate, principal, db)
            else { throw RPCError.notFound("没有这条申请记录") }
            try Self.authorize(principal, as: action.party, for: graduate, db)
            guard !graduate.removed else { throw RPCError.wrongState("该毕业生已从学生名单中移除（失效），申请不能再办理") }
            let state = ArchiveApplicationState(
                status: ArchiveApplicationStatus(rawValue: row["status"]) ?? .withdrawn,
                reviewMode: ArchiveReviewMode(rawValue: row["review_mode"]) ?? .schoolOnly
            )
            let settings = try Self.settings(db, school: graduate.school, cohort: graduate.cohort)
            let next = try Self.refusingInChinese { () throws(ArchiveRefusal) in
                try ArchiveApplicationMachine.apply(action, to: state, settings: settings, reason: reason)
            }
            try db.execute(
                sql: "UPDATE archive_application SET status = ?, updated_at_ms = ? WHERE id = ?",
                arguments: [next.status.rawValue, nowMilliseconds(), request.applicationID]
            )
            let values = ArchiveRecordValues.stored(row["application_values"])
            var changes: [ArchiveFieldChange] = []
            if next.status == .approved, let values {
                let previous = try Self.valuesInForce(db, graduate.id)
                changes = ArchiveChanges.between(previous, values)
                try Self.putInForce(values, replacing: previous, graduate: graduate, by: principal, outbox: outbox, db)
            }
            try Self.recordHistory(
                db, graduate: graduate.id, application: request.applicationID, action: action.rawValue, principal: principal,
                kind: action.party.rawValue, reason: reason, statusAfter: next.status.rawValue, changes: changes
            )
            if next.status.isUnderReview {
                try Self.remindReviewers(db, graduate: graduate, status: next.status, outbox: outbox)
            } else if action != .withdraw {
                try Self.remind(db, graduate: graduate, to: "graduate", recipient: graduate.id, kind: "reviewResult",
                                text: "您的档案/户口信息申请：\(next.status.name)" + (reason.isEmpty ? "" : "（\(reason)）"), outbox: outbox)
            }
            return try Self.application(db, id: request.applicationID)
        }
    }

    public func getArchiveApplication(
        request: Graduate_Archive_V1_GetArchiveApplicationRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveApplication {
        let principal = try self.caller()
        return try await self.pool.read { db in
            guard let graduateID = try String.fetchOne(db, sql: "SELECT graduate_id FROM archive_application WHERE id = ?", arguments: [request.applicationID]),
                  let graduate = try ArchiveGraduateRow.fetch(db, id: graduateID), try Self.maySee(graduate, principal, db)
            else { throw RPCError.notFound("没有这条申请记录") }
            return try Self.application(db, id: request.applicationID)
        }
    }

    public func listArchiveApplications(
        request: Graduate_Archive_V1_ListArchiveApplicationsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ListArchiveApplicationsResponse {
        let principal = try self.caller()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        if !request.filter.status.isEmpty, ArchiveApplicationStatus(rawValue: request.filter.status) == nil {
            throw RPCError.invalid(field: "filter.status", "申请状态不在列表中")
        }
        return try await self.pool.read { db in
            var conditions: [String]
            var arguments: [(any DatabaseValueConvertible)?]
            if principal.kind == .graduate {
                (conditions, arguments) = (["g.id = ?"], [principal.subject])
            } else {
                let (staff, school) = try self.staffCaller()
                (conditions, arguments) = try Self.graduateFilter(db, request.filter, principal: staff, school: school)
                if request.awaitingMe {
                    let own = try Self.departmentName(of: staff, in: db)
                    conditions.append("a.status = ?")
                    arguments.append((own == nil ? ArchiveApplicationStatus.awaitingSchool : .awaitingDepartment).rawValue)
                }
            }
            if !request.filter.status.isEmpty {
                conditions.append("a.status = ?")
                arguments.append(request.filter.status)
            }
            if request.filter.fromMs > 0 {
                conditions.append("a.submitted_at_ms >= ?")
                arguments.append(request.filter.fromMs)
            }
            if request.filter.toMs > 0 {
                conditions.append("a.submitted_at_ms < ?")
                arguments.append(request.filter.toMs)
            }
            let from = "archive_application a JOIN graduate g ON g.id = a.graduate_id WHERE \(conditions.joined(separator: " AND "))"
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(from)", arguments: StatementArguments(arguments)) ?? 0
            let ids = try String.fetchAll(
                db, sql: "SELECT a.id FROM \(from) ORDER BY a.submitted_at_ms DESC, a.id LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [pageSize, offset])
            )
            var response = Graduate_Archive_V1_ListArchiveApplicationsResponse()
            response.applications = try ids.map { try Self.application(db, id: $0) }
            response.total = Int32(total)
            response.nextPageToken = PageToken.next(offset: offset, returned: ids.count, total: total)
            return response
        }
    }

    // MARK: - Reading and recording

    /// The statuses under review as an SQL list, from the machine's own `isUnderReview`.
    static let underReviewSQL = "(" + ArchiveApplicationStatus.allCases.filter(\.isUnderReview).map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    static func applicationUnderReview(_ db: Database, _ graduateID: String) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT id FROM archive_application WHERE graduate_id = ? AND status IN \(Self.underReviewSQL)", arguments: [graduateID]
        )
    }

    static func latestApplication(_ db: Database, _ graduateID: String) throws -> Graduate_Archive_V1_ArchiveApplication? {
        guard let id = try String.fetchOne(
            db, sql: "SELECT id FROM archive_application WHERE graduate_id = ? ORDER BY submitted_at_ms DESC, id DESC LIMIT 1",
            arguments: [graduateID]
        ) else { return nil }
        return try Self.application(db, id: id)
    }

    static func application(_ db: Database, id: String) throws -> Graduate_Archive_V1_ArchiveApplication {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM archive_application WHERE id = ?", arguments: [id]),
              let graduate = try ArchiveGraduateRow.fetch(db, id: row["graduate_id"])
        else { throw RPCError.notFound("没有这条申请记录") }
        var application = Graduate_Archive_V1_ArchiveApplication()
        application.id = id
        application.graduate = graduate.proto
        application.status = row["status"]
        application.statusName = ArchiveApplicationStatus(rawValue: row["status"])?.name ?? ""
        application.reviewMode = row["review_mode"]
        let previous = ArchiveRecordValues.stored(row["previous_values"])
        if let values = ArchiveRecordValues.stored(row["application_values"]) {
            application.values = Graduate_Archive_V1_ArchiveValues(values)
            application.changes = ArchiveChanges.between(previous, values).map(\.proto)
        }
        if let previous { application.previous = Graduate_Archive_V1_ArchiveValues(previous) }
        application.submittedAtMs = row["submitted_at_ms"]
        application.updatedAtMs = row["updated_at_ms"]
        application.history = try Row.fetchAll(
            db, sql: "SELECT * FROM archive_history WHERE application_id = ? ORDER BY at_ms, id", arguments: [id]
        ).map(Self.step)
        return application
    }

    private static func step(_ row: Row) -> Graduate_Archive_V1_ApplicationStep {
        var step = Graduate_Archive_V1_ApplicationStep()
        step.action = row["action"]
        step.actionName = ArchiveApplicationAction(rawValue: step.action)?.name
            ?? ["submit": "提交申请", "schoolImport": "批量导入"][step.action] ?? "学校修改"
        step.actorName = row["actor_name"]
        step.actorKind = row["actor_kind"]
        step.reason = row["reason"]
        step.statusAfter = row["status_after"]
        step.statusAfterName = ArchiveApplicationStatus(rawValue: step.statusAfter)?.name ?? ArchiveRecordStatus(rawValue: step.statusAfter)?.name ?? ""
        step.atMs = row["at_ms"]
        return step
    }

    /// Every step in the graduate's history: who, when, what changed (old → new), why.
    static func recordHistory(
        _ db: Database, graduate: String, application: String?, action: String, principal: Principal, kind: String,
        reason: String, statusAfter: String, changes: [ArchiveFieldChange]
    ) throws {
        let changed = changes.map { "\($0.label)：\($0.old) → \($0.new)" }.joined(separator: "\n")
        try db.execute(
            sql: """
                INSERT INTO archive_history (id, graduate_id, application_id, action, actor_id, actor_name, actor_kind, reason,
                                             status_after, changes, at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                TimeOrderedID.make(), graduate, application, action, principal.subject, principal.displayName ?? "", kind, reason,
                statusAfter, changed, nowMilliseconds(),
            ]
        )
    }

    /// Whether the caller may see the graduate's applications at all (others get "not found").
    static func maySee(_ graduate: ArchiveGraduateRow, _ principal: Principal, _ db: Database) throws -> Bool {
        switch principal.kind {
        case .graduate: return graduate.id == principal.subject
        case .staff:
            guard principal.schoolCode == graduate.school, principal.modules.contains(ArchiveProjections.module) else { return false }
            if let own = try Self.departmentName(of: principal, in: db) { return own == graduate.department }
            return true
        default: return false
        }
    }

    /// The caller must be the step's party: the graduate, the 院系's reviewer for this module,
    /// or the school's staff.
    static func authorize(_ principal: Principal, as party: ArchiveParty, for graduate: ArchiveGraduateRow, _ db: Database) throws {
        switch party {
        case .graduate:
            guard principal.kind == .graduate, principal.subject == graduate.id else { throw RPCError.denied("只有毕业生本人可以办理") }
        case .school:
            guard principal.kind == .staff, let role = principal.role, !role.isDepartmentScoped else {
                throw RPCError.denied("只有学校管理员或学校操作员可以办理")
            }
        case .departmentReviewer:
            guard principal.kind == .staff, try Self.departmentName(of: principal, in: db) == graduate.department else {
                throw RPCError.denied("只有本院系的审核人可以进行院系审核")
            }
            let reviewer = try String.fetchOne(
                db,
                sql: """
                    SELECT r.account_id FROM department_reviewer r JOIN department d ON d.id = r.department_id
                    WHERE d.school_code = ? AND d.name = ? AND r.module = ?
                    """,
                arguments: [graduate.school, graduate.department, ArchiveProjections.module]
            )
            guard reviewer == principal.subject else { throw RPCError.denied("您不是本院系“档案/户口信息管理”的审核人") }
        }
    }

    /// Reminders (§12) go through the outbox; messaging delivers them.
    static func remindReviewers(_ db: Database, graduate: ArchiveGraduateRow, status: ArchiveApplicationStatus, outbox: Outbox) throws {
        let department = status == .awaitingDepartment
        try Self.remind(
            db, graduate: graduate, to: department ? "department" : "school", recipient: department ? graduate.department : "",
            kind: "reviewNeeded", text: "\(graduate.name)的档案/户口信息申请“\(status.name)”，请审核", outbox: outbox
        )
    }

    static func remind(
        _ db: Database, graduate: ArchiveGraduateRow, to recipientKind: String, recipient: String, kind reminder: String, text: String, outbox: Outbox
    ) throws {
        var event = Graduate_Events_V1_ReminderRequested()
        event.recipientKind = recipientKind
        event.recipientID = recipient
        event.schoolCode = graduate.school
        event.kind = reminder
        event.agreementID = graduate.id
        event.recordKind = "archiveRecord"
        event.text = text
        try outbox.append(type: "reminder.requested", aggregateType: "archiveRecord", aggregateID: graduate.id, payload: try event.serializedBytes(), in: db)
    }
}
