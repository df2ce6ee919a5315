import Foundation
import GRDB
import GRPCCore
import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// Every change of a school's roster or 院系 begins here, inside its transaction: it is
/// refused while an import of that school is being written, and it moves the school's roster
/// version, against which a plan made on a snapshot (or kept from a preview) is checked.
enum RosterWrites {
    static func begin(_ db: Database, school: String) throws {
        try RosterImportJob.checkNoneRunning(db, school: school)
        try db.executeCached(
            sql: """
                INSERT INTO roster_version (school_code, version) VALUES (?, 1)
                ON CONFLICT (school_code) DO UPDATE SET version = version + 1
                """,
            arguments: [school]
        )
    }

    /// Where the school's roster stands: a plan made while it stood here is still the plan
    /// while it stands here.
    static func version(_ db: Database, school: String) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM roster_version WHERE school_code = ?"), arguments: [school]) ?? 0
    }
}

/// A roster import being written. The plan is written in chunks, each its own transaction,
/// so that sign-ins and everyone else's writes wait for one chunk, not for the whole file.
/// The job row, written with the first chunk, makes the chunks one import:
/// - while it stands, the school's roster takes no other change (`RosterWrites.begin`), so
///   no edit lands between two chunks and is overwritten by a later one;
/// - it holds the request, file included, so a process that dies mid-way finishes the
///   import when it starts again. The file is planned again against the roster as far as
///   it got, which leaves exactly the rest: a sync applied a second time changes nothing
///   more. Nothing is half-imported for longer than the restart takes.
/// The last chunk deletes the row.
enum RosterImportJob {
    struct Progress: Sendable {
        var id: String
        var written: Int
        var total: Int
    }

    static func checkNoneRunning(_ db: Database, school: String) throws {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT written, total FROM roster_import_job WHERE school_code = ?"), arguments: [school]
        ) else { return }
        let (written, total): (Int, Int) = (row["written"], row["total"])
        throw RPCError.wrongState("学生名单正在导入（已写入\(written)/\(total)条），请稍后再试")
    }

    static func start(
        _ db: Database, school: String, request: Graduate_Accounts_V1_ImportRosterRequest, changedBy: String, total: Int
    ) throws -> Progress {
        let progress = Progress(id: UUID().uuidString.lowercased(), written: 0, total: total)
        try db.execute(
            sql: """
                INSERT INTO roster_import_job (id, school_code, request, changed_by, total, written, started_at_ms)
                VALUES (?, ?, ?, ?, ?, 0, ?)
                """,
            arguments: [progress.id, school, try request.serializedBytes() as Data, changedBy, total, nowMilliseconds()]
        )
        return progress
    }

    /// Records that `progress.written` steps are in; the last chunk ends the job.
    static func record(_ progress: Progress, finished: Bool, _ db: Database) throws {
        if finished {
            try db.execute(sql: "DELETE FROM roster_import_job WHERE id = ?", arguments: [progress.id])
        } else {
            try db.execute(sql: "UPDATE roster_import_job SET written = ? WHERE id = ?", arguments: [progress.written, progress.id])
        }
    }

    /// An import a stopped process left unfinished.
    struct Interrupted: Sendable {
        var progress: Progress
        var school: String
        var request: Graduate_Accounts_V1_ImportRosterRequest
        var changedBy: String
    }

    static func interrupted(_ db: Database) throws -> [Interrupted] {
        try Row.fetchAll(db, sql: "SELECT * FROM roster_import_job ORDER BY started_at_ms").map { row in
            Interrupted(
                progress: Progress(id: row["id"], written: row["written"], total: row["total"]),
                school: row["school_code"],
                request: try Graduate_Accounts_V1_ImportRosterRequest(serializedBytes: row["request"] as Data),
                changedBy: row["changed_by"]
            )
        }
    }

    static func abandon(_ id: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM roster_import_job WHERE id = ?", arguments: [id])
    }
}
