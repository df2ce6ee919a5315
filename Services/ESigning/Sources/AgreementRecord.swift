import AuthKit
import ESigningDomain
import Foundation
import GRDB
import GRPCCore
import GraduateDomain
import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// One signing record as stored (table `agreement`), with what every step needs.
struct AgreementRecord: Sendable {
    var id: String
    var schoolCode: String
    var cohort: Int
    var graduateID: String
    var employerID: String?
    var flow: SigningFlow
    var status: AgreementStatus
    var agreementType: String
    var number: String?
    var department: String
    var major: String
    var educationLevel: String
    var graduateName: String
    var idNumber: String
    var studentNumber: String
    var content: Graduate_Esigning_V1_AgreementContent
    var respondBy: Int64?
    var lastReason: String
    var createdAt: Int64
    var updatedAt: Int64
    var effectiveAt: Int64?
    /// Counts the record's changes: which version a printed PDF shows.
    var version: Int
    /// 失效: when the graduate left the roster (nil while on it), and why.
    var invalidatedAt: Int64?
    var invalidReason: String

    init(row: Row) throws {
        self.id = row["id"]
        self.schoolCode = row["school_code"]
        self.cohort = row["cohort"]
        self.graduateID = row["graduate_id"]
        self.employerID = row["employer_id"]
        guard let flow = SigningFlow(rawValue: row["flow"]), let status = AgreementStatus(rawValue: row["status"]) else {
            throw RPCError(code: .internalError, message: "签约记录状态无法识别")
        }
        self.flow = flow
        self.status = status
        self.agreementType = row["agreement_type"]
        self.number = row["number"]
        self.department = row["department"]
        self.major = row["major"]
        self.educationLevel = row["education_level"]
        self.graduateName = row["graduate_name"]
        self.idNumber = row["id_number"]
        self.studentNumber = row["student_number"]
        self.content = try Graduate_Esigning_V1_AgreementContent(serializedBytes: row["content"] as Data)
        self.respondBy = row["respond_by_ms"]
        self.lastReason = row["last_reason"]
        self.createdAt = row["created_at_ms"]
        self.updatedAt = row["updated_at_ms"]
        self.effectiveAt = row["effective_at_ms"]
        self.version = row["version"]
        self.invalidatedAt = row["invalidated_at_ms"]
        self.invalidReason = row["invalid_reason"]
    }

    /// A new record for `graduate` (a row of the graduate projection).
    init(
        id: String, graduate: Row, employerID: String?, flow: SigningFlow, status: AgreementStatus, agreementType: String,
        content: Graduate_Esigning_V1_AgreementContent, respondBy: Int64?, now: Int64
    ) {
        self.id = id
        self.schoolCode = graduate["school_code"]
        self.cohort = graduate["cohort"]
        self.graduateID = graduate["id"]
        self.employerID = employerID
        self.flow = flow
        self.status = status
        self.agreementType = agreementType
        self.number = nil
        self.department = graduate["department"]
        self.major = graduate["major"]
        self.educationLevel = graduate["education_level"]
        self.graduateName = graduate["name"]
        self.idNumber = graduate["id_number"]
        self.studentNumber = graduate["student_number"]
        self.content = content
        self.respondBy = respondBy
        self.lastReason = ""
        self.createdAt = now
        self.updatedAt = now
        self.effectiveAt = nil
        self.version = 1
        self.invalidatedAt = nil
        self.invalidReason = ""
    }

    static func fetch(_ db: Database, id: String) throws -> AgreementRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM agreement WHERE id = ?", arguments: [id]).map(AgreementRecord.init(row:))
    }

    func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO agreement (id, school_code, cohort, graduate_id, employer_id, flow, status, agreement_type, number,
                                       department, major, education_level, graduate_name, id_number, student_number,
                                       employer_name, employer_credit_code, content, respond_by_ms, last_reason,
                                       created_at_ms, updated_at_ms, effective_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                self.id, self.schoolCode, self.cohort, self.graduateID, self.employerID, self.flow.rawValue, self.status.rawValue,
                self.agreementType, self.number, self.department, self.major, self.educationLevel, self.graduateName,
                self.idNumber, self.studentNumber, self.content.employer.name, self.content.employer.creditCode,
                try self.content.serializedBytes() as Data, self.respondBy, self.lastReason, self.createdAt, self.updatedAt,
                self.effectiveAt,
            ]
        )
    }

    /// Stores the record's new status, data and number, as its next version.
    mutating func update(_ db: Database) throws {
        self.version += 1
        try db.execute(
            sql: """
                UPDATE agreement SET status = ?, number = ?, employer_name = ?, employer_credit_code = ?, content = ?,
                                     last_reason = ?, updated_at_ms = ?, effective_at_ms = ?, version = version + 1
                WHERE id = ?
                """,
            arguments: [
                self.status.rawValue, self.number, self.content.employer.name, self.content.employer.creditCode,
                try self.content.serializedBytes() as Data, self.lastReason, self.updatedAt, self.effectiveAt, self.id,
            ]
        )
    }

    /// The next 协议编号 of the school, once, when the record takes effect (§6).
    mutating func assignNumber(_ db: Database) throws {
        guard self.number == nil, let school = SchoolCode(self.schoolCode) else { return }
        try db.execute(
            sql: """
                INSERT INTO agreement_serial (school_code, last_serial) VALUES (?, 1)
                ON CONFLICT (school_code) DO UPDATE SET last_serial = last_serial + 1
                """,
            arguments: [self.schoolCode]
        )
        let serial = try Int.fetchOne(db, sql: "SELECT last_serial FROM agreement_serial WHERE school_code = ?", arguments: [self.schoolCode]) ?? 1
        self.number = AgreementNumber(cohort: self.cohort, flow: self.flow, schoolCode: school, serial: serial).value
    }

    /// Appends one line of the audit trail.
    func recordHistory(
        _ db: Database, actor: Principal?, party: SigningParty, action: String, from: AgreementStatus?, reason: String, at: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO agreement_history (agreement_id, at_ms, actor_kind, actor_id, actor_name, action, from_status, to_status, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                self.id, at, party.rawValue, actor?.subject ?? "system", actor?.displayName ?? (party == .system ? "系统" : ""),
                action, from?.rawValue ?? "", self.status.rawValue, reason,
            ]
        )
    }

    /// The record as the API shows it. The roster part comes from the graduate projection
    /// when `db` is given (detail views), else from the copied list fields.
    func proto(_ db: Database, detailed: Bool) throws -> Graduate_Esigning_V1_Agreement {
        var agreement = Graduate_Esigning_V1_Agreement()
        agreement.id = self.id
        agreement.schoolCode = self.schoolCode
        agreement.cohort = Int32(self.cohort)
        agreement.flow = self.flow.rawValue
        agreement.flowName = self.flow.name
        agreement.initiator = self.flow.initiator
        agreement.status = self.status.rawValue
        agreement.statusName = self.status.name
        agreement.number = self.number ?? ""
        agreement.employerID = self.employerID ?? ""
        agreement.employer = self.content.employer
        agreement.job = self.content.job
        agreement.respondByMs = self.respondBy ?? 0
        agreement.createdAtMs = self.createdAt
        agreement.updatedAtMs = self.updatedAt
        agreement.effectiveAtMs = self.effectiveAt ?? 0
        agreement.lastReason = self.lastReason
        agreement.agreementType = self.agreementType
        agreement.invalidatedAtMs = self.invalidatedAt ?? 0
        agreement.invalidReason = self.invalidReason
        var graduate = GraduatePartyView.listed(
            id: self.graduateID, name: self.graduateName, idNumber: self.idNumber, department: self.department, major: self.major,
            educationLevel: self.educationLevel, studentNumber: self.studentNumber, cohort: self.cohort
        )
        if detailed {
            try GraduatePartyView.complete(&graduate, schoolCode: self.schoolCode, db)
            agreement.history = try Row.fetchAll(
                db, sql: "SELECT * FROM agreement_history WHERE agreement_id = ? ORDER BY id", arguments: [self.id]
            ).map(Self.historyEntry)
            agreement.attachments = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.sha256, a.content_type, a.size, aa.kind, aa.uploaded_at_ms FROM agreement_attachment aa
                    JOIN attachment a ON a.sha256 = aa.sha256 WHERE aa.agreement_id = ? ORDER BY aa.uploaded_at_ms
                    """,
                arguments: [self.id]
            ).map(RecordTrail.attachment)
        }
        agreement.graduate = graduate
        if let viewer = Principal.current, viewer.kind == .employer, !self.status.graduateHasAgreed {
            GraduatePartyView.limitToOffer(&agreement.graduate)
        }
        return agreement
    }

    /// A line of agreement_history, its names from the domain (the table keeps codes only).
    static func historyEntry(_ row: Row) -> Graduate_Esigning_V1_HistoryEntry {
        var entry = RecordTrail.historyEntry(row)
        entry.actionName = SigningAction(rawValue: entry.action)?.name ?? "发起"
        entry.toStatusName = AgreementStatus(rawValue: entry.toStatus)?.name ?? ""
        return entry
    }
}

/// 乙方 as records show them: the fields lists carry, completed from the roster projection
/// for detail views (identity fields always come from the roster, §2).
enum GraduatePartyView {
    static func listed(
        id: String, name: String, idNumber: String, department: String, major: String, educationLevel: String,
        studentNumber: String, cohort: Int
    ) -> Graduate_Esigning_V1_GraduateParty {
        var graduate = Graduate_Esigning_V1_GraduateParty()
        graduate.graduateID = id
        graduate.name = name
        graduate.idNumber = idNumber
        graduate.department = department
        graduate.major = major
        graduate.educationLevel = educationLevel
        graduate.studentNumber = studentNumber
        graduate.cohort = Int32(cohort)
        return graduate
    }

    /// What an employer may see of a graduate who has not agreed to its offer: what it
    /// entered (姓名, 身份证号) and the school's name. An offer sent and withdrawn at once must
    /// not reveal anyone's 院系, 专业, 学历 or mobile number.
    static func limitToOffer(_ graduate: inout Graduate_Esigning_V1_GraduateParty) {
        var limited = Graduate_Esigning_V1_GraduateParty()
        limited.graduateID = graduate.graduateID
        limited.name = graduate.name
        limited.idNumber = graduate.idNumber
        limited.schoolName = graduate.schoolName
        graduate = limited
    }

    static func complete(_ graduate: inout Graduate_Esigning_V1_GraduateParty, schoolCode: String, _ db: Database) throws {
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM graduate WHERE id = ?", arguments: [graduate.graduateID]) {
            graduate.gender = Gender.name(ofCode: row["gender"]) ?? ""
            graduate.graduationDate = row["graduation_date"]
            graduate.trainingMode = TrainingMode.name(ofCode: row["training_mode"]) ?? ""
            graduate.originRegion = row["origin_region"]
            graduate.mobile = row["mobile"]
        }
        graduate.schoolName = try String.fetchOne(db, sql: "SELECT name FROM school WHERE code = ?", arguments: [schoolCode]) ?? ""
    }
}
