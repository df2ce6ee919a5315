import ESigningDomain
import Foundation
import GRDB
import GRPCCore
import GraduateProto

/// One termination as stored (table `termination`).
struct TerminationRecord: Sendable {
    var id: String
    var agreementID: String
    var schoolCode: String
    var cohort: Int
    var graduateID: String
    var employerID: String?
    var kind: TerminationKind
    var initiator: SigningParty
    var status: TerminationStatus
    var reason: String
    var lastReason: String
    var department: String
    var major: String
    var educationLevel: String
    var graduateName: String
    var idNumber: String
    var studentNumber: String
    var employerName: String
    var employerCreditCode: String
    var agreementNumber: String
    var createdAt: Int64
    var updatedAt: Int64
    var invalidatedAt: Int64?
    var invalidReason: String

    init(row: Row) throws {
        guard let kind = TerminationKind(rawValue: row["kind"]), let status = TerminationStatus(rawValue: row["status"]),
              let initiator = SigningParty(rawValue: row["initiator"])
        else { throw RPCError(code: .internalError, message: "解约记录状态无法识别") }
        self.id = row["id"]
        self.agreementID = row["agreement_id"]
        self.schoolCode = row["school_code"]
        self.cohort = row["cohort"]
        self.graduateID = row["graduate_id"]
        self.employerID = row["employer_id"]
        self.kind = kind
        self.initiator = initiator
        self.status = status
        self.reason = row["reason"]
        self.lastReason = row["last_reason"]
        self.department = row["department"]
        self.major = row["major"]
        self.educationLevel = row["education_level"]
        self.graduateName = row["graduate_name"]
        self.idNumber = row["id_number"]
        self.studentNumber = row["student_number"]
        self.employerName = row["employer_name"]
        self.employerCreditCode = row["employer_credit_code"]
        self.agreementNumber = row["agreement_number"]
        self.createdAt = row["created_at_ms"]
        self.updatedAt = row["updated_at_ms"]
        self.invalidatedAt = row["invalidated_at_ms"]
        self.invalidReason = row["invalid_reason"]
    }

    /// A new termination of `agreement`.
    init(id: String, agreement: AgreementRecord, kind: TerminationKind, initiator: SigningParty, status: TerminationStatus, reason: String, now: Int64) {
        self.id = id
        self.agreementID = agreement.id
        self.schoolCode = agreement.schoolCode
        self.cohort = agreement.cohort
        self.graduateID = agreement.graduateID
        self.employerID = agreement.employerID
        self.kind = kind
        self.initiator = initiator
        self.status = status
        self.reason = reason
        self.lastReason = ""
        self.department = agreement.department
        self.major = agreement.major
        self.educationLevel = agreement.educationLevel
        self.graduateName = agreement.graduateName
        self.idNumber = agreement.idNumber
        self.studentNumber = agreement.studentNumber
        self.employerName = agreement.content.employer.name
        self.employerCreditCode = agreement.content.employer.creditCode
        self.agreementNumber = agreement.number ?? ""
        self.createdAt = now
        self.updatedAt = now
        self.invalidatedAt = nil
        self.invalidReason = ""
    }

    static func fetch(_ db: Database, id: String) throws -> TerminationRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM termination WHERE id = ?", arguments: [id]).map(TerminationRecord.init(row:))
    }

    /// The termination of this agreement still under way, if any.
    static func openTermination(_ db: Database, agreementID: String) throws -> TerminationRecord? {
        try Row.fetchAll(db, sql: "SELECT * FROM termination WHERE agreement_id = ?", arguments: [agreementID])
            .map(TerminationRecord.init(row:))
            .first { !TerminationMachine.isClosed($0.status, kind: $0.kind) }
    }

    func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO termination (id, agreement_id, school_code, cohort, graduate_id, employer_id, kind, initiator, status,
                                         reason, last_reason, department, major, education_level, graduate_name, id_number,
                                         student_number, employer_name, employer_credit_code, agreement_number,
                                         created_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                self.id, self.agreementID, self.schoolCode, self.cohort, self.graduateID, self.employerID, self.kind.rawValue,
                self.initiator.rawValue, self.status.rawValue, self.reason, self.lastReason, self.department, self.major,
                self.educationLevel, self.graduateName, self.idNumber, self.studentNumber, self.employerName,
                self.employerCreditCode, self.agreementNumber, self.createdAt, self.updatedAt,
            ]
        )
    }

    func update(_ db: Database) throws {
        try db.execute(
            sql: "UPDATE termination SET status = ?, reason = ?, last_reason = ?, updated_at_ms = ? WHERE id = ?",
            arguments: [self.status.rawValue, self.reason, self.lastReason, self.updatedAt, self.id]
        )
    }

    static func initiatorName(_ party: SigningParty) -> String {
        switch party {
        case .graduate: "毕业生"
        case .employer: "用人单位"
        default: "学校"
        }
    }

    func proto(_ db: Database, detailed: Bool) throws -> Graduate_Esigning_V1_Termination {
        var termination = Graduate_Esigning_V1_Termination()
        termination.id = self.id
        termination.agreementID = self.agreementID
        termination.agreementNumber = self.agreementNumber
        termination.schoolCode = self.schoolCode
        termination.cohort = Int32(self.cohort)
        termination.kind = self.kind.rawValue
        termination.kindName = self.kind.name
        termination.initiator = self.initiator.rawValue
        termination.initiatorName = Self.initiatorName(self.initiator)
        termination.status = self.status.rawValue
        termination.statusName = self.status.name
        termination.reason = self.reason
        termination.lastReason = self.lastReason
        termination.graduate = GraduatePartyView.listed(
            id: self.graduateID, name: self.graduateName, idNumber: self.idNumber, department: self.department, major: self.major,
            educationLevel: self.educationLevel, studentNumber: self.studentNumber, cohort: self.cohort
        )
        termination.employerID = self.employerID ?? ""
        termination.employerName = self.employerName
        termination.employerCreditCode = self.employerCreditCode
        termination.createdAtMs = self.createdAt
        termination.updatedAtMs = self.updatedAt
        termination.invalidatedAtMs = self.invalidatedAt ?? 0
        termination.invalidReason = self.invalidReason
        // Lists and details alike: the kind alone does not tell an application from a 补登.
        termination.agreementFlow = try String.fetchOne(db, sql: "SELECT flow FROM agreement WHERE id = ?", arguments: [self.agreementID]) ?? ""
        if detailed {
            try GraduatePartyView.complete(&termination.graduate, schoolCode: self.schoolCode, db)
            termination.history = try RecordTrail.history(db, record: self.id)
            termination.attachments = try RecordTrail.attachments(db, record: self.id)
        }
        return termination
    }
}
