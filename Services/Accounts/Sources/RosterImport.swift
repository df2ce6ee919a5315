import Foundation
import GRDB
import GraduateProto
import StorageKit

/// A roster import's database side: the plan from the school's roster as it is, and applying
/// it step by step inside the caller's transactions — with the same events the single
/// changes emit, so e-signing's projection follows an import as it follows an edit.
enum RosterImport {
    /// The reason a 培养方式 changed by an import is recorded with (the record wants one).
    static let trainingModeReason = "学生名单导入"

    static func plan(
        _ db: Database, school: String, rows: [(row: Int, graduate: ValidRosterRow)], _ request: Graduate_Accounts_V1_ImportRosterRequest
    ) throws -> RosterSyncPlan {
        // The whole roster in one read: the plan compares in memory, so a 20,000-row file
        // costs one scan, not 20,000 look-ups.
        let roster = try Row.fetchAll(db, sql: "SELECT * FROM graduate WHERE school_code = ?", arguments: [school]).map(GraduateRecord.member)
        let departments = Set(try String.fetchAll(db, sql: "SELECT name FROM department WHERE school_code = ?", arguments: [school]))
        return RosterSyncPlan.make(
            rows: rows, roster: roster, departments: departments,
            mode: request.mode == .replace ? .replace : .merge, createDepartments: request.createDepartments
        )
    }

    /// One write of a plan. The new 院系 come first: graduates are filed under them.
    enum Step: Sendable {
        case department(String)
        case add(RosterSyncPlan.Entry)
        case restore(RosterSyncPlan.Entry)
        case change(RosterSyncPlan.Entry)
        case remove(RosterSyncPlan.Entry)
    }

    static func steps(_ plan: RosterSyncPlan) -> [Step] {
        plan.newDepartments.map(Step.department) + plan.added.map(Step.add) + plan.restored.map(Step.restore)
            + plan.changed.map(Step.change) + plan.removed.map(Step.remove)
    }

    /// Applies `step` in the current transaction. Each graduate's event is made from the
    /// plan's values, which are what the row now holds: reading 20,000 rows back cost as
    /// much as writing them.
    static func apply(_ step: Step, school: String, changedBy: String, outbox: Outbox, now: Int64, _ db: Database) throws {
        switch step {
        case .department(let name):
            _ = try AccountsService.insertDepartment(db, school: school, name: name, outbox: outbox)
        case .add(let entry):
            let id = TimeOrderedID.make()
            try GraduateRecord.insert(db, id: id, school: school, entry.values, now: now)
            try AccountsService.emit("roster.graduate.added", GraduateRecord.event(id: id, school: school, entry.values), outbox: outbox, db)
        case .restore(let entry), .change(let entry):
            guard let id = entry.graduateID else { return }
            try GraduateRecord.update(db, id: id, entry.values, now: now)
            if entry.changes.contains(where: { $0.column == .trainingMode || $0.column == .boundUnit }) {
                try Self.recordTrainingModeChange(entry, id: id, school: school, changedBy: changedBy, now: now, db)
            }
            let type = if case .restore = step { "roster.graduate.added" } else { "roster.graduate.updated" }
            try AccountsService.emit(type, GraduateRecord.event(id: id, school: school, entry.values), outbox: outbox, db)
        case .remove(let entry):
            guard let id = entry.graduateID else { return }
            try db.executeCached(
                sql: "UPDATE graduate SET removed = 1, removed_reason = ?, updated_at_ms = ? WHERE id = ?",
                arguments: [RosterSyncPlan.replaceRemovalReason, now, id]
            )
            let event = GraduateRecord.event(id: id, school: school, entry.values, removedReason: RosterSyncPlan.replaceRemovalReason)
            try AccountsService.emit("roster.graduate.removed", event, outbox: outbox, db)
        }
    }

    /// 培养方式修改记录 keeps every change, an import's too.
    private static func recordTrainingModeChange(
        _ entry: RosterSyncPlan.Entry, id: String, school: String, changedBy: String, now: Int64, _ db: Database
    ) throws {
        guard let previous = entry.previous else { return }
        try db.executeCached(
            sql: """
                INSERT INTO training_mode_change (id, graduate_id, school_code, old_training_mode, new_training_mode,
                    old_bound_unit, new_bound_unit, reason, changed_by, changed_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                TimeOrderedID.make(), id, school, previous.trainingMode, entry.values.trainingMode,
                previous.boundUnit, entry.values.boundUnit, Self.trainingModeReason, changedBy, now,
            ]
        )
    }
}
