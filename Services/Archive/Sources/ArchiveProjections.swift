import Foundation
public import GRDB
public import GraduateProto
public import StorageKit
import SwiftProtobuf

/// Applies accounts' events (schools, 院系, this module's reviewers, the roster) and esigning's
/// (effective destinations) to archive's copies. Called by the inbox inside the event's
/// transaction, so an event is applied exactly once even when delivered twice.
public enum ArchiveProjections {
    /// The module name reviewers are set for in 账号管理.
    static let module = "archive"

    public static func apply(_ event: Event, in db: Database) throws {
        if try OrganisationCopy.apply(event, module: Self.module, in: db) { return }
        switch event.type {
        case "roster.graduate.added", "roster.graduate.updated", "roster.graduate.removed":
            let graduate = try Graduate_Events_V1_RosterGraduate(serializedBytes: event.payload)
            try Self.upsert(graduate, removedAt: event.type == "roster.graduate.removed" ? max(event.occurredAtMs, 1) : nil, in: db)
        case "signing.destination.effective":
            let destination = try Graduate_Events_V1_DestinationChanged(serializedBytes: event.payload)
            try db.executeCached(
                sql: """
                    INSERT OR REPLACE INTO destination (graduate_id, school_code, source_id, destination_code, destination_name,
                                                        employer_name, employer_region_code, employer_address, at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    destination.graduateID, destination.schoolCode, Self.source(destination), destination.destinationCode,
                    destination.destinationName, destination.employerName, destination.employerRegionCode,
                    destination.employerAddress, destination.atMs,
                ]
            )
        case "signing.destination.ended":
            let destination = try Graduate_Events_V1_DestinationChanged(serializedBytes: event.payload)
            try db.executeCached(
                sql: "DELETE FROM destination WHERE graduate_id = ? AND source_id = ?",
                arguments: [destination.graduateID, Self.source(destination)]
            )
        default:
            // Events this module does not need (employers, sessions, reminders) are acknowledged and skipped.
            break
        }
    }

    private static func source(_ destination: Graduate_Events_V1_DestinationChanged) -> String {
        destination.agreementID.isEmpty ? destination.registrationID : destination.agreementID
    }

    /// The graduate as the roster has them. A removal makes the record 失效 with the school's
    /// reason; the graduate listed again (an added event) makes it valid again, as it was.
    static func upsert(_ graduate: Graduate_Events_V1_RosterGraduate, removedAt: Int64?, in db: Database) throws {
        try db.executeCached(
            sql: """
                INSERT INTO graduate (id, school_code, department, major, education_level, name, id_number, student_number,
                                      cohort, graduation_date, removed, removed_reason, removed_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    school_code = excluded.school_code, department = excluded.department, major = excluded.major,
                    education_level = excluded.education_level, name = excluded.name, id_number = excluded.id_number,
                    student_number = excluded.student_number, cohort = excluded.cohort,
                    graduation_date = excluded.graduation_date, removed = excluded.removed,
                    removed_reason = excluded.removed_reason, removed_at_ms = excluded.removed_at_ms
                """,
            arguments: [
                graduate.graduateID, graduate.schoolCode, graduate.department, graduate.major, graduate.educationLevel,
                graduate.name, graduate.idNumber, graduate.studentNumber, graduate.cohort, graduate.graduationDate,
                removedAt != nil, removedAt == nil ? "" : graduate.removedReason, removedAt ?? 0,
            ]
        )
    }
}
