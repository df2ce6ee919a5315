import ArchiveDomain
import AuthKit
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit

/// 登记设置 per school and 届别 (DOMAIN.md §5): open or closed, and the 审核方式.
extension ArchiveService {
    public func getArchiveSettings(
        request: Graduate_Archive_V1_GetArchiveSettingsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveSettings {
        let principal = try self.caller()
        guard let school = principal.schoolCode else { throw RPCError.denied() }
        let cohort = try Self.cohort(request.cohort)
        return try await self.pool.read { db in try Self.settingsProto(db, school: school, cohort: cohort) }
    }

    public func updateArchiveSettings(
        request: Graduate_Archive_V1_ArchiveSettings, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveSettings {
        let (_, school) = try self.staffCaller()
        let cohort = try Self.cohort(request.cohort)
        guard let mode = ArchiveReviewMode(rawValue: request.reviewMode) else {
            throw RPCError.invalid(field: "reviewMode", "审核方式应为仅学校审核（schoolOnly）或院系审核+学校审核（departmentThenSchool）")
        }
        return try await self.pool.write { db in
            // Applications under review keep the mode they were submitted under (their row says it).
            try db.execute(
                sql: """
                    INSERT INTO archive_settings (school_code, cohort, registration_open, review_mode, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (school_code, cohort) DO UPDATE SET registration_open = excluded.registration_open,
                        review_mode = excluded.review_mode, updated_at_ms = excluded.updated_at_ms
                    """,
                arguments: [school, cohort, request.registrationOpen, mode.rawValue, nowMilliseconds()]
            )
            return try Self.settingsProto(db, school: school, cohort: cohort)
        }
    }

    /// The 届别 asked for, or the one being worked on.
    static func cohort(_ requested: Int32) throws -> Int {
        guard requested != 0 else { return Cohort.current() }
        guard (2000...2100).contains(requested) else { throw RPCError.invalid(field: "cohort", "届别应为4位年份，如2027") }
        return Int(requested)
    }

    /// A school that has saved nothing yet: open, reviewed by the school only.
    static func settings(_ db: Database, school: String, cohort: Int) throws -> ArchiveSettings {
        try Self.settingsRow(db, school: school, cohort: cohort).map(Self.settings) ?? ArchiveSettings()
    }

    private static func settingsRow(_ db: Database, school: String, cohort: Int) throws -> Row? {
        try Row.fetchOne(
            db, sql: "SELECT registration_open, review_mode, updated_at_ms FROM archive_settings WHERE school_code = ? AND cohort = ?",
            arguments: [school, cohort]
        )
    }

    private static func settings(_ row: Row) -> ArchiveSettings {
        ArchiveSettings(isOpen: row["registration_open"], reviewMode: ArchiveReviewMode(rawValue: row["review_mode"]) ?? .schoolOnly)
    }

    private static func settingsProto(_ db: Database, school: String, cohort: Int) throws -> Graduate_Archive_V1_ArchiveSettings {
        let row = try Self.settingsRow(db, school: school, cohort: cohort)
        let settings = row.map(Self.settings) ?? ArchiveSettings()
        var proto = Graduate_Archive_V1_ArchiveSettings()
        proto.cohort = Int32(cohort)
        proto.registrationOpen = settings.isOpen
        proto.reviewMode = settings.reviewMode.rawValue
        proto.reviewModeName = settings.reviewMode.name
        proto.updatedAtMs = row?["updated_at_ms"] ?? 0
        return proto
    }
}
