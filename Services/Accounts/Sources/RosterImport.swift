import Foundation
import GRDB
import GraduateProto
import StorageKit

/// A roster import's database side: the plan from the school's roster as it is, and applying
/// it inside the caller's transaction — with the same events the single changes emit, so
/// e-signing's projection follows an import as it follows an edit.
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

    /// Where the accounts database's history stands: the outbox's sequence. Every roster and
    /// 院系 change emits its event in its own transaction (the outbox rule that keeps
    /// e-signing's projection whole), so a plan made when the sequence stood here is still
    /// the plan while it stands here. (Other events move it too; then the plan is only made
    /// again, never wrongly kept.)
    static func version(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'outbox_event'") ?? 0
    }

    static func apply(_ plan: RosterSyncPlan, school: String, changedBy: String, outbox: Outbox, _ db: Database) throws {
        let now = nowMilliseconds()
        for name in plan.newDepartments {
            _ = try AccountsService.insertDepartment(db, school: school, name: name, outbox: outbox)
        }
        for entry in plan.added + plan.restored {
            let id = try GraduateRecord.upsert(db, school: school, entry.values, now: now)
            try AccountsService.emit("roster.graduate.added", id: id, outbox: outbox, db)
        }
        for entry in plan.changed {
            let id = try GraduateRecord.upsert(db, school: school, entry.values, now: now)
            if entry.changes.contains(where: { $0.column == .trainingMode || $0.column == .boundUnit }) {
                try Self.recordTrainingModeChange(entry, id: id, school: school, changedBy: changedBy, now: now, db)
            }
            try AccountsService.emit("roster.graduate.updated", id: id, outbox: outbox, db)
        }
        for entry in plan.removed {
            guard let id = entry.graduateID else { continue }
            try db.execute(
                sql: "UPDATE graduate SET removed = 1, removed_reason = ?, updated_at_ms = ? WHERE id = ?",
                arguments: [RosterSyncPlan.replaceRemovalReason, now, id]
            )
            try AccountsService.emit("roster.graduate.removed", id: id, outbox: outbox, db)
        }
    }

    /// 培养方式修改记录 keeps every change, an import's too.
    private static func recordTrainingModeChange(
        _ entry: RosterSyncPlan.Entry, id: String, school: String, changedBy: String, now: Int64, _ db: Database
    ) throws {
        guard let previous = entry.previous else { return }
        try db.execute(
            sql: """
                INSERT INTO training_mode_change (id, graduate_id, school_code, old_training_mode, new_training_mode,
                    old_bound_unit, new_bound_unit, reason, changed_by, changed_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                UUID().uuidString.lowercased(), id, school, previous.trainingMode, entry.values.trainingMode,
                previous.boundUnit, entry.values.boundUnit, Self.trainingModeReason, changedBy, now,
            ]
        )
    }
}
