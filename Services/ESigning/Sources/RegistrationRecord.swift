import ESigningDomain
import Foundation
import GRDB
import GRPCCore
import GraduateDomain
import GraduateProto

/// One 毕业去向登记 as stored (table `destination_registration`).
struct RegistrationRecord: Sendable, ScopedRecord {
    static let recordKind = "registration"
    /// The statuses in which a registration is the graduate's destination, and those of one
    /// still under way (in review, or refused and not yet resubmitted), as SQL lists.
    static let effectiveStatusesSQL = sqlList(RegistrationStatus.allCases.filter(\.isEffective))
    static let openStatusesSQL = sqlList(RegistrationStatus.allCases.filter { !$0.isEffective && !$0.isClosed })

    var id: String
    var schoolCode: String
    var cohort: Int
    var graduateID: String
    var category: DestinationCategory
    var fields: [String: String]
    var status: RegistrationStatus
    var registeredBy: SigningParty
    var boundUnit: Bool
    var department: String
    var major: String
    var educationLevel: String
    var graduateName: String
    var idNumber: String
    var studentNumber: String
    var lastReason: String
    var createdAt: Int64
    var updatedAt: Int64
    var effectiveAt: Int64?
    var invalidatedAt: Int64?
    var invalidReason: String
    var employerID: String? { nil }

    init(row: Row) throws {
        guard let category = DestinationCategory(rawValue: row["category"]), let status = RegistrationStatus(rawValue: row["status"]),
              let registeredBy = SigningParty(rawValue: row["registered_by"]),
              let fields = try? JSONDecoder().decode([String: String].self, from: Data((row["fields"] as String).utf8))
        else { throw RPCError(code: .internalError, message: "去向登记记录无法识别") }
        self.id = row["id"]
        self.schoolCode = row["school_code"]
        self.cohort = row["cohort"]
        self.graduateID = row["graduate_id"]
        self.category = category
        self.fields = fields
        self.status = status
        self.registeredBy = registeredBy
        self.boundUnit = row["bound_unit"]
        self.department = row["department"]
        self.major = row["major"]
        self.educationLevel = row["education_level"]
        self.graduateName = row["graduate_name"]
        self.idNumber = row["id_number"]
        self.studentNumber = row["student_number"]
        self.lastReason = row["last_reason"]
        self.createdAt = row["created_at_ms"]
        self.updatedAt = row["updated_at_ms"]
        self.effectiveAt = row["effective_at_ms"]
        self.invalidatedAt = row["invalidated_at_ms"]
        self.invalidReason = row["invalid_reason"]
    }

    /// A new registration for `graduate` (a row of the graduate projection).
    init(
        id: String, graduate: Row, category: DestinationCategory, fields: [String: String], status: RegistrationStatus,
        registeredBy: SigningParty, boundUnit: Bool, now: Int64
    ) {
        self.id = id
        self.schoolCode = graduate["school_code"]
        self.cohort = graduate["cohort"]
        self.graduateID = graduate["id"]
        self.category = category
        self.fields = fields
        self.status = status
        self.registeredBy = registeredBy
        self.boundUnit = boundUnit
        self.department = graduate["department"]
        self.major = graduate["major"]
        self.educationLevel = graduate["education_level"]
        self.graduateName = graduate["name"]
        self.idNumber = graduate["id_number"]
        self.studentNumber = graduate["student_number"]
        self.lastReason = ""
        self.createdAt = now
        self.updatedAt = now
        self.effectiveAt = status.isEffective ? now : nil
        self.invalidatedAt = nil
        self.invalidReason = ""
    }

    static func fetch(_ db: Database, id: String) throws -> RegistrationRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM destination_registration WHERE id = ?", arguments: [id]).map(RegistrationRecord.init(row:))
    }

    var fieldsJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self.fields)) ?? Data("{}".utf8), as: UTF8.self)
    }

    var summary: String { self.category.summary(of: self.fields) }

    func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO destination_registration (id, school_code, cohort, graduate_id, category, fields, summary, status,
                                                      registered_by, bound_unit, department, major, education_level,
                                                      graduate_name, id_number, student_number, last_reason, created_at_ms,
                                                      updated_at_ms, effective_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                self.id, self.schoolCode, self.cohort, self.graduateID, self.category.rawValue, self.fieldsJSON, self.summary,
                self.status.rawValue, self.registeredBy.rawValue, self.boundUnit, self.department, self.major, self.educationLevel,
                self.graduateName, self.idNumber, self.studentNumber, self.lastReason, self.createdAt, self.updatedAt, self.effectiveAt,
            ]
        )
    }

    func update(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE destination_registration SET category = ?, fields = ?, summary = ?, status = ?, bound_unit = ?, last_reason = ?,
                                                    updated_at_ms = ?, effective_at_ms = ?
                WHERE id = ?
                """,
            arguments: [
                self.category.rawValue, self.fieldsJSON, self.summary, self.status.rawValue, self.boundUnit, self.lastReason,
                self.updatedAt, self.effectiveAt, self.id,
            ]
        )
    }

    func proto(_ db: Database, detailed: Bool) throws -> Graduate_Esigning_V1_DestinationRegistration {
        var registration = Graduate_Esigning_V1_DestinationRegistration()
        registration.id = self.id
        registration.schoolCode = self.schoolCode
        registration.cohort = Int32(self.cohort)
        registration.category = self.category.rawValue
        registration.categoryName = self.category.name
        registration.fields = self.fields
        registration.summary = self.summary
        registration.status = self.status.rawValue
        registration.statusName = self.status.name
        registration.registeredBy = self.registeredBy.rawValue
        registration.boundUnit = self.boundUnit
        registration.graduate = GraduatePartyView.listed(
            id: self.graduateID, name: self.graduateName, idNumber: self.idNumber, department: self.department, major: self.major,
            educationLevel: self.educationLevel, studentNumber: self.studentNumber, cohort: self.cohort
        )
        registration.lastReason = self.lastReason
        registration.createdAtMs = self.createdAt
        registration.updatedAtMs = self.updatedAt
        registration.effectiveAtMs = self.effectiveAt ?? 0
        registration.invalidatedAtMs = self.invalidatedAt ?? 0
        registration.invalidReason = self.invalidReason
        if detailed {
            try GraduatePartyView.complete(&registration.graduate, schoolCode: self.schoolCode, db)
            registration.history = try RecordTrail.history(db, record: self.id)
            registration.attachments = try RecordTrail.attachments(db, record: self.id)
        }
        return registration
    }
}
