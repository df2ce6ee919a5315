import Foundation
public import GRDB
public import GraduateProto
public import StorageKit
import ESigningDomain
import SwiftProtobuf

/// Applies the accounts service's events to e-signing's copies of schools, 院系, reviewers,
/// graduates and employers. Called by the inbox inside the event's transaction, so an
/// event is applied exactly once even when delivered twice.
public enum Projections {
    public static func apply(_ event: Event, in db: Database) throws {
        if try OrganisationCopy.apply(event, in: db) { return }
        switch event.type {
        case "roster.graduate.added", "roster.graduate.updated", "roster.graduate.removed":
            let graduate = try Graduate_Events_V1_RosterGraduate(serializedBytes: event.payload)
            let removed = event.type == "roster.graduate.removed"
            try Self.upsert(graduate, removed: removed, in: db)
            if removed {
                try Self.invalidate(
                    graduateID: graduate.graduateID, reason: graduate.removedReason,
                    at: event.occurredAtMs > 0 ? event.occurredAtMs : nowMilliseconds(), in: db
                )
            } else if event.type == "roster.graduate.added" {
                try Self.restore(graduateID: graduate.graduateID, in: db)
            }
        case "employer.registered", "employer.approved", "employer.rejected", "employer.resubmitted":
            let employer = try Graduate_Events_V1_EmployerChanged(serializedBytes: event.payload)
            try db.executeCached(
                sql: """
                    INSERT INTO employer (id, credit_code, name, nature, industry, region_code, address, contact_name,
                                          contact_phone, email, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        credit_code = excluded.credit_code, name = excluded.name, nature = excluded.nature,
                        industry = excluded.industry, region_code = excluded.region_code, address = excluded.address,
                        contact_name = excluded.contact_name, contact_phone = excluded.contact_phone,
                        email = excluded.email, status = excluded.status
                    """,
                arguments: [
                    employer.employerID, employer.creditCode, employer.name, employer.nature, employer.industry,
                    employer.regionCode, employer.address, employer.contactName, employer.contactPhone, employer.email,
                    employer.status,
                ]
            )
        default:
            // Events this service does not need (API keys, say) are acknowledged and skipped.
            break
        }
    }

    /// 失效 (§4.7): every record of the graduate — agreements, terminations, registrations,
    /// finished ones too (an 已解约 agreement, an approved termination) — is kept but frozen,
    /// with when and why: the school's own reason for the removal.
    static func invalidate(graduateID: String, reason schoolReason: String, at time: Int64, in db: Database) throws {
        let reason = schoolReason.isEmpty ? "毕业生已从学生名单中移除" : "毕业生已从学生名单中移除：\(schoolReason)"
        try db.executeCached(
            sql: """
                UPDATE agreement SET invalidated_at_ms = ?, invalid_reason = ?, version = version + 1
                WHERE graduate_id = ? AND invalidated_at_ms IS NULL
                """,
            arguments: [time, reason, graduateID]
        )
        for table in ["termination", "destination_registration"] {
            try db.executeCached(
                sql: "UPDATE \(table) SET invalidated_at_ms = ?, invalid_reason = ? WHERE graduate_id = ? AND invalidated_at_ms IS NULL",
                arguments: [time, reason, graduateID]
            )
        }
    }

    /// Back on the roster: the records are valid again, as they were.
    static func restore(graduateID: String, in db: Database) throws {
        try db.executeCached(
            sql: """
                UPDATE agreement SET invalidated_at_ms = NULL, invalid_reason = '', version = version + 1
                WHERE graduate_id = ? AND invalidated_at_ms IS NOT NULL
                """,
            arguments: [graduateID]
        )
        for table in ["termination", "destination_registration"] {
            try db.executeCached(
                sql: "UPDATE \(table) SET invalidated_at_ms = NULL, invalid_reason = '' WHERE graduate_id = ? AND invalidated_at_ms IS NOT NULL",
                arguments: [graduateID]
            )
        }
    }

    /// A graduate as the roster now has them. The copies in open records follow, so lists
    /// filter by the current 院系 and 专业 (identity fields always come from the roster, §2).
    static func upsert(_ graduate: Graduate_Events_V1_RosterGraduate, removed: Bool, in db: Database) throws {
        try db.executeCached(
            sql: """
                INSERT INTO graduate (id, school_code, department, major, education_level, name, id_number, student_number,
                                      gender, cohort, graduation_date, length_of_schooling, training_mode, bound_unit,
                                      origin_region, mobile, removed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    school_code = excluded.school_code, department = excluded.department, major = excluded.major,
                    education_level = excluded.education_level, name = excluded.name, id_number = excluded.id_number,
                    student_number = excluded.student_number, gender = excluded.gender, cohort = excluded.cohort,
                    graduation_date = excluded.graduation_date, length_of_schooling = excluded.length_of_schooling,
                    training_mode = excluded.training_mode, bound_unit = excluded.bound_unit,
                    origin_region = excluded.origin_region, mobile = excluded.mobile, removed = excluded.removed
                """,
            arguments: [
                graduate.graduateID, graduate.schoolCode, graduate.department, graduate.major, graduate.educationLevel,
                graduate.name, graduate.idNumber, graduate.studentNumber, graduate.gender, graduate.cohort,
                graduate.graduationDate, graduate.lengthOfSchooling, graduate.trainingMode, graduate.boundUnit,
                graduate.originRegion, graduate.mobile, removed,
            ]
        )
        try db.executeCached(
            sql: """
                UPDATE agreement SET department = ?, major = ?, education_level = ?, graduate_name = ?, id_number = ?,
                                     student_number = ?, version = version + 1
                WHERE graduate_id = ?
                """,
            arguments: [
                graduate.department, graduate.major, graduate.educationLevel, graduate.name, graduate.idNumber,
                graduate.studentNumber, graduate.graduateID,
            ]
        )
        for table in ["termination", "destination_registration"] {
            try db.executeCached(
                sql: """
                    UPDATE \(table) SET department = ?, major = ?, education_level = ?, graduate_name = ?, id_number = ?, student_number = ?
                    WHERE graduate_id = ?
                    """,
                arguments: [
                    graduate.department, graduate.major, graduate.educationLevel, graduate.name, graduate.idNumber,
                    graduate.studentNumber, graduate.graduateID,
                ]
            )
        }
    }
}
