import AuthKit
import ESigningDomain
import Foundation
import GRDB
import GraduateDomain
import GRPCCore
import GraduateProto
import ServiceKit

/// What every kind of record (agreement, termination, registration) has for deciding who
/// sees it, who acts on it and who is reminded about it.
protocol ScopedRecord {
    /// "agreement", "termination" or "registration": how reminders name the record.
    static var recordKind: String { get }
    var id: String { get }
    var schoolCode: String { get }
    var department: String { get }
    var graduateID: String { get }
    var employerID: String? { get }
    var graduateName: String { get }
}

extension AgreementRecord: ScopedRecord {
    static let recordKind = "agreement"
}

extension TerminationRecord: ScopedRecord {
    static let recordKind = "termination"
}

/// Statuses as an SQL list, `('a', 'b')`, derived from the domain so queries cannot drift from it.
func sqlList(_ statuses: [some RawRepresentable<String>]) -> String {
    "(" + statuses.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
}

/// What the lists share: a WHERE clause built from the filters a request carries. Every
/// record table (agreement, termination, destination_registration) copies the roster fields
/// the filters use under the same column names.
struct SQLConditions {
    private(set) var clauses: [String] = []
    private(set) var arguments: StatementArguments = []

    mutating func add(_ sql: String, _ values: any DatabaseValueConvertible...) {
        self.clauses.append(sql)
        for value in values { self.arguments += [value] }
    }

    /// `column IN (?, ?, …)`, nothing when `values` is empty.
    mutating func oneOf(_ column: String, _ values: [String]) {
        guard !values.isEmpty else { return }
        self.clauses.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
        self.arguments += StatementArguments(values)
    }

    /// A name, 身份证号 or 学号 (and whatever else `columns` names) containing `fragment`.
    mutating func matching(_ fragment: String, in columns: [String]) {
        let text = fragment.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return }
        let pattern = PageToken.containing(text)
        self.clauses.append("(" + columns.map { "\($0) LIKE ? \(PageToken.likeEscape)" }.joined(separator: " OR ") + ")")
        self.arguments += StatementArguments(Array(repeating: pattern, count: columns.count))
    }

    /// The roster filters every staff list has (DOMAIN.md §4: 院系, 专业, 学历, date).
    mutating func roster(cohort: Int32, department: String, major: String, educationLevel: String) {
        if cohort != 0 { self.add("cohort = ?", cohort) }
        if !department.isEmpty { self.add("department = ?", department) }
        if !major.isEmpty { self.add("major = ?", major) }
        if !educationLevel.isEmpty { self.add("education_level = ?", educationLevel) }
    }

    mutating func period(_ column: String, from: Int64, to: Int64) {
        if from != 0 { self.add("\(column) >= ?", from) }
        if to != 0 { self.add("\(column) < ?", to) }
    }

    var whereClause: String { self.clauses.isEmpty ? "" : "WHERE " + self.clauses.joined(separator: " AND ") }
}

/// One page of a list: the rows `source` (a table with its WHERE clause, or a subquery) gives
/// in `order`, how many it gives in all, and the token of the next page.
struct ListPage {
    var rows: [Row]
    var total: Int32
    var nextPageToken: String

    init(_ db: Database, _ source: String, arguments: StatementArguments, orderBy order: String, size: Int, offset: Int) throws {
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(source)", arguments: arguments) ?? 0
        self.rows = try Row.fetchAll(db, sql: "SELECT * FROM \(source) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: arguments + [size, offset])
        self.total = Int32(total)
        self.nextPageToken = PageToken.next(offset: offset, returned: self.rows.count, total: total)
    }
}

/// The audit trail and proofs of terminations and registrations (tables record_history and
/// record_attachment); agreements keep theirs in agreement_history/agreement_attachment.
enum RecordTrail {
    static func append(
        _ db: Database, record id: String, actor: Principal?, party: SigningParty, action: String, actionName: String,
        from: String, to: String, toName: String, reason: String, at: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO record_history (record_id, at_ms, actor_kind, actor_id, actor_name, action, action_name,
                                            from_status, to_status, to_status_name, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, at, party.rawValue, actor?.subject ?? "system", actor?.displayName ?? (party == .system ? "系统" : ""),
                action, actionName, from, to, toName, reason,
            ]
        )
    }

    static func history(_ db: Database, record id: String) throws -> [Graduate_Esigning_V1_HistoryEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM record_history WHERE record_id = ? ORDER BY id", arguments: [id]).map { row in
            var entry = Self.historyEntry(row)
            entry.actionName = row["action_name"]
            entry.toStatusName = row["to_status_name"]
            return entry
        }
    }

    /// The columns every history table has (names are added by the caller).
    static func historyEntry(_ row: Row) -> Graduate_Esigning_V1_HistoryEntry {
        var entry = Graduate_Esigning_V1_HistoryEntry()
        entry.atMs = row["at_ms"]
        entry.actorKind = row["actor_kind"]
        entry.actorID = row["actor_id"]
        entry.actorName = row["actor_name"]
        entry.action = row["action"]
        entry.fromStatus = row["from_status"]
        entry.toStatus = row["to_status"]
        entry.reason = row["reason"]
        return entry
    }

    static func attachments(_ db: Database, record id: String) throws -> [Graduate_Esigning_V1_Attachment] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.sha256, a.content_type, a.size, ra.kind, ra.uploaded_at_ms FROM record_attachment ra
                JOIN attachment a ON a.sha256 = ra.sha256 WHERE ra.record_id = ? ORDER BY ra.uploaded_at_ms
                """,
            arguments: [id]
        ).map(Self.attachment)
    }

    /// A row of sha256, content_type, size, kind and uploaded_at_ms.
    static func attachment(_ row: Row) -> Graduate_Esigning_V1_Attachment {
        var attachment = Graduate_Esigning_V1_Attachment()
        attachment.sha256 = row["sha256"]
        attachment.contentType = row["content_type"]
        attachment.size = row["size"]
        attachment.kind = row["kind"]
        attachment.uploadedAtMs = row["uploaded_at_ms"]
        return attachment
    }

    /// Links a scan the caller uploaded to a termination or registration.
    static func attach(_ db: Database, record id: String, sha256: String, kind: String, by principal: Principal, at now: Int64) throws {
        try ESigningService.checkUploaded(db, sha256: sha256, by: principal)
        try db.execute(
            sql: "INSERT INTO record_attachment (record_id, sha256, kind, uploaded_at_ms) VALUES (?, ?, ?, ?)",
            arguments: [id, sha256, kind, now]
        )
    }
}

extension ESigningService {
    /// The scan was uploaded by this caller (others' uploads cannot be linked by guessing a hash).
    static func checkUploaded(_ db: Database, sha256: String, by principal: Principal) throws {
        guard try Bool.fetchOne(
            db,
            sql: "SELECT 1 FROM attachment WHERE sha256 = ? AND uploaded_by = ? UNION ALL SELECT 1 FROM attachment_upload WHERE sha256 = ? AND uploaded_by = ?",
            arguments: [sha256, principal.subject, sha256, principal.subject]
        ) == true else { throw RPCError.invalid(field: "attachmentSha256", "附件不存在，请重新上传") }
    }

    /// A reason as people type it: trimmed, at most 500 characters.
    static func checkedReason(_ text: String) throws -> String {
        let reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count <= 500 else { throw RPCError.invalid(field: "reason", "原因最多500字") }
        return reason
    }

    /// The graduate's destination can still be changed by the parties (§7: until 31 August).
    func changesClosed(cohort: Int, now: Int64) -> Bool {
        !DestinationChangeDeadline.isOpen(cohort: cohort, now: now)
    }

    /// The graduate has an effective destination other than `excluding`: an agreement or a registration.
    static func hasEffectiveDestination(_ db: Database, graduateID: String, excluding: String?) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM agreement WHERE graduate_id = ?1 AND id <> ?2
                               AND status IN \(sqlList(AgreementStatus.allCases.filter(\.isEffective))))
                    OR EXISTS (SELECT 1 FROM destination_registration WHERE graduate_id = ?1 AND id <> ?2
                               AND status IN \(RegistrationRecord.effectiveStatusesSQL))
                """,
            arguments: [graduateID, excluding ?? ""]
        ) ?? false
    }
}
