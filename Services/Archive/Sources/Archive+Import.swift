import ArchiveDomain
import AuthKit
import Crypto
import DocumentKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import RPCTransport
import ServiceKit
import StorageKit

/// 批量导入 (DOMAIN.md §5): the school fills in many records from one file in the template's
/// columns, with the roster sync's pattern — a preview lists every bad row, or what would
/// change; the import applies exactly the previewed plan, all or nothing.
extension ArchiveService {
    static let maximumImportBytes = 10 * 1024 * 1024
    static let defaultImportReason = "批量导入"
    /// The most bad rows and plan entries an answer lists (the counts are always whole).
    static let listedImportErrors = 1_000
    static let listedImportEntries = 500
    /// Excel files are read one at a time per process (memory stays bounded).
    static let excelReads = OneAtATime()

    public func importArchiveRecords(
        request: Graduate_Archive_V1_ImportArchiveRecordsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ImportArchiveRecordsResponse {
        let (principal, school) = try self.staffCaller()
        let reason = request.reason.trimmingWhiteSpace().isEmpty ? Self.defaultImportReason : request.reason.trimmingWhiteSpace()
        guard reason.count <= 200 else { throw RPCError.invalid(field: "reason", "导入原因最多200字") }
        // 批量导入 is the school's: a 院系 account fills in records one by one. Refused before
        // the file is read, so a 院系 account is told so whatever it uploaded.
        guard principal.role == .schoolAdmin || principal.role == .schoolOperator else {
            throw RPCError.denied("批量导入由学校管理员或学校操作员操作")
        }
        let records = try await Self.importRecords(request)
        let today = IDNumber.today()
        let snapshot = try await self.pool.read { db in try ArchiveImportPlan.make(db, records, school: school, today: today) }
        if request.preview || !snapshot.errors.isEmpty { return snapshot.response(applied: false) }
        let outbox = self.outbox
        return try await self.pool.write { db in
            // Planned again inside the writer: the records as they are now, not as previewed.
            let plan = try ArchiveImportPlan.make(db, records, school: school, today: today)
            guard plan.errors.isEmpty else { return plan.response(applied: false) }
            if !request.expectedPlanDigest.isEmpty, request.expectedPlanDigest != plan.digest {
                throw RPCError.wrongState("档案/户口信息在预览后已有变化，请重新预览后再导入")
            }
            for entry in plan.entries {
                try Self.putInForce(entry.values, replacing: entry.previous, graduate: entry.graduate, by: principal, outbox: outbox, db)
                try Self.recordHistory(
                    db, graduate: entry.graduate.id, application: nil, action: "schoolImport", principal: principal, kind: "school",
                    reason: reason, statusAfter: ArchiveRecordStatus.registered.rawValue, changes: entry.changes
                )
            }
            return plan.response(applied: true)
        }
    }

    /// The file's data records (header checked and dropped), CSV or .xlsx by its bytes.
    private static func importRecords(_ request: Graduate_Archive_V1_ImportArchiveRecordsRequest) async throws -> [CSVReader.Record] {
        guard !request.content.isEmpty else { throw RPCError.invalid(field: "content", "请选择要导入的文件") }
        guard request.content.count <= Self.maximumImportBytes else { throw RPCError.invalid(field: "content", "文件不能超过10MB") }
        let lowerName = request.fileName.lowercased()
        guard lowerName.isEmpty || lowerName.hasSuffix(".csv") || lowerName.hasSuffix(".xlsx") else {
            throw RPCError.invalid(field: "fileName", "请上传Excel（.xlsx）或CSV（UTF-8编码）文件")
        }
        let isXLSX = XLSXReader.isZip(request.content)
        if lowerName.hasSuffix(".xlsx"), !isXLSX { throw RPCError.invalid(field: "content", "文件不是有效的Excel（.xlsx）文件") }
        let content = request.content
        let read: Result<[CSVReader.Record], RPCError> = if isXLSX {
            await Self.excelReads.run {
                defer { FreedMemory.giveBack() }
                do throws(XLSXReader.Problem) {
                    return .success(try XLSXReader.records(from: content))
                } catch {
                    return .failure(RPCError.invalid(field: "content", error == .tooLarge ? "文件内容过大" : "文件不是有效的Excel（.xlsx）文件"))
                }
            }
        } else {
            Result { () throws(CSVReader.Problem) in try CSVReader.records(from: content) }.mapError { problem in
                switch problem {
                case .notUTF8: RPCError.invalid(field: "content", "CSV文件应为UTF-8编码（Excel中“另存为”选“CSV UTF-8”）")
                case .unterminatedQuote(let record): RPCError.invalid(field: "content", "第\(record)行的引号没有结束")
                }
            }
        }
        var records = try read.get()
        guard let header = records.first else { throw RPCError.invalid(field: "content", "文件是空的") }
        let headers = ArchiveImport.headers
        var named = header.fields.map { $0.trimmingWhiteSpace() }
        while named.last?.isEmpty == true { named.removeLast() }
        guard named == headers else {
            throw RPCError.invalid(field: "content", "第1行应为模板的表头（\(headers.joined(separator: "、"))），请使用“下载模板”的文件")
        }
        records.removeFirst()
        // Rows left blank (every cell empty) are skipped, as a spreadsheet user expects.
        records.removeAll { $0.fields.allSatisfy { $0.trimmingWhiteSpace().isEmpty } }
        guard !records.isEmpty else { throw RPCError.invalid(field: "content", "文件中没有数据行") }
        guard records.count <= 50_000 else { throw RPCError.invalid(field: "content", "一次最多导入50000行") }
        return records
    }
}

/// What an import of a file would do to the school's records as they are: the bad rows, or
/// the records it registers or changes (rows equal to the record in force change nothing).
struct ArchiveImportPlan {
    struct Entry {
        var row: Int
        var graduate: ArchiveGraduateRow
        var values: ArchiveRecordValues
        /// The values in force the import replaces (nil: it registers the graduate).
        var previous: ArchiveRecordValues?
        var changes: [ArchiveFieldChange]

        var registers: Bool { self.previous == nil }
    }

    var rows = 0
    var errors: [ArchiveImportError] = []
    var entries: [Entry] = []
    var unchanged = 0

    /// One read of the school's roster copy with the values in force and open reviews: the
    /// rows are compared in memory, so a 20,000-row file costs one scan, not 20,000 look-ups.
    static func make(_ db: Database, _ records: [CSVReader.Record], school: String, today: Int) throws -> ArchiveImportPlan {
        let roster = try Row.fetchAll(
            db,
            sql: """
                SELECT g.*, r.record_values,
                       EXISTS (SELECT 1 FROM archive_application a WHERE a.graduate_id = g.id
                               AND a.status IN \(ArchiveService.underReviewSQL)) AS under_review
                FROM graduate g LEFT JOIN archive_record r ON r.graduate_id = g.id
                WHERE g.school_code = ? AND g.removed = 0
                """,
            arguments: [school]
        )
        var byIDNumber: [String: (graduate: ArchiveGraduateRow, inForce: String?, underReview: Bool)] = [:]
        for row in roster { byIDNumber[row["id_number"]] = (ArchiveGraduateRow(row), row["record_values"], row["under_review"]) }

        var plan = ArchiveImportPlan()
        var seen: [String: Int] = [:]
        for record in records {
            plan.rows += 1
            let validated = ArchiveImport.validate(record.fields, row: record.number, today: today) { idNumber in
                byIDNumber[idNumber.value].map { found in
                    ArchiveImportGraduate(
                        name: found.graduate.name,
                        context: ArchiveValidationContext(graduationYearMonth: found.graduate.graduationDate, cohortYear: found.graduate.cohort),
                        hasApplicationUnderReview: found.underReview
                    )
                }
            }
            switch validated {
            case .failure(let rejection):
                plan.errors += rejection.errors
            case .success(let valid):
                if let first = seen[valid.idNumber.value] {
                    plan.errors.append(ArchiveImportError(row: record.number, column: "身份证号", reason: "与第\(first)行重复"))
                    continue
                }
                seen[valid.idNumber.value] = record.number
                guard let found = byIDNumber[valid.idNumber.value] else { continue }
                let previous = ArchiveRecordValues.stored(found.inForce)
                let changes = ArchiveChanges.between(previous, valid.values)
                if changes.isEmpty {
                    plan.unchanged += 1
                } else {
                    plan.entries.append(Entry(row: record.number, graduate: found.graduate, values: valid.values, previous: previous, changes: changes))
                }
            }
        }
        return plan
    }

    /// Names this plan on these records: an import with the preview's digest applies only
    /// if nothing it would write has moved since.
    var digest: String {
        var hasher = SHA256()
        for entry in self.entries {
            // Field by field, not the stored JSON: its key order is not promised.
            let changes = entry.changes.map { "\($0.field.rawValue)=\($0.old)\u{1F}\($0.new)" }.joined(separator: "\u{1E}")
            hasher.update(data: Data("\(entry.graduate.id)\u{1D}\(changes)\u{1C}".utf8))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func response(applied: Bool) -> Graduate_Archive_V1_ImportArchiveRecordsResponse {
        var response = Graduate_Archive_V1_ImportArchiveRecordsResponse()
        response.applied = applied
        response.rows = Int32(self.rows)
        response.errorCount = Int32(self.errors.count)
        response.errors = self.errors.prefix(ArchiveService.listedImportErrors).map { error in
            var proto = Graduate_Archive_V1_ArchiveImportRowError()
            proto.row = Int32(error.row)
            proto.column = error.column
            proto.reason = error.reason
            return proto
        }
        guard self.errors.isEmpty else { return response }
        response.registered = Int32(self.entries.count { $0.registers })
        response.changed = Int32(self.entries.count { !$0.registers })
        response.unchanged = Int32(self.unchanged)
        response.entries = self.entries.prefix(ArchiveService.listedImportEntries).map { entry in
            var proto = Graduate_Archive_V1_ArchiveImportEntry()
            proto.row = Int32(entry.row)
            proto.graduate = entry.graduate.proto
            proto.kind = entry.registers ? "register" : "change"
            proto.changes = entry.changes.map(\.proto)
            return proto
        }
        response.planDigest = self.digest
        return response
    }
}
