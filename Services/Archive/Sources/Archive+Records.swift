import ArchiveDomain
import AuthKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// A graduate as archive's roster copy has them.
struct ArchiveGraduateRow: Sendable {
    var id: String
    var school: String
    var department: String
    var major: String
    var educationLevel: String
    var name: String
    var idNumber: String
    var studentNumber: String
    var cohort: Int
    var graduationDate: String
    var removed: Bool
    var removedReason: String

    init(_ row: Row) {
        self.id = row["id"]
        self.school = row["school_code"]
        self.department = row["department"]
        self.major = row["major"]
        self.educationLevel = row["education_level"]
        self.name = row["name"]
        self.idNumber = row["id_number"]
        self.studentNumber = row["student_number"]
        self.cohort = row["cohort"]
        self.graduationDate = row["graduation_date"]
        self.removed = row["removed"]
        self.removedReason = row["removed_reason"]
    }

    static func fetch(_ db: Database, id: String) throws -> ArchiveGraduateRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM graduate WHERE id = ?", arguments: [id]).map(Self.init)
    }

    var proto: Graduate_Archive_V1_ArchiveGraduate {
        var graduate = Graduate_Archive_V1_ArchiveGraduate()
        graduate.graduateID = self.id
        graduate.name = self.name
        graduate.idNumber = self.idNumber
        graduate.studentNumber = self.studentNumber
        graduate.department = self.department
        graduate.major = self.major
        graduate.educationLevel = self.educationLevel
        graduate.educationLevelName = EducationLevel.name(ofCode: self.educationLevel) ?? self.educationLevel
        graduate.cohort = Int32(self.cohort)
        return graduate
    }
}

/// The graduate's record: the values in force, the open application, the suggestion from the
/// destination; read by the graduate, listed and edited by the school.
extension ArchiveService {
    public func getMyArchiveRecord(
        request: Graduate_Archive_V1_GetMyArchiveRecordRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveRecord {
        let principal = try self.caller()
        return try await self.pool.read { db in
            guard let graduate = try ArchiveGraduateRow.fetch(db, id: principal.subject) else {
                throw RPCError.notFound("学生名单中还没有您的信息，请稍后再试或联系学校")
            }
            return try Self.record(db, graduate)
        }
    }

    public func getArchiveRecord(
        request: Graduate_Archive_V1_GetArchiveRecordRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveRecord {
        let (principal, school) = try self.staffCaller()
        return try await self.pool.read { db in
            try Self.record(db, try Self.staffGraduate(db, id: request.graduateID, principal: principal, school: school))
        }
    }

    /// The school edits a record directly: in force at once, recorded in the history with its reason.
    public func updateArchiveRecord(
        request: Graduate_Archive_V1_UpdateArchiveRecordRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveRecord {
        let (principal, school) = try self.staffCaller()
        let reason = request.reason.trimmingWhiteSpace()
        guard !reason.isEmpty, reason.count <= 200 else { throw RPCError.invalid(field: "reason", "请填写修改原因（最多200字）") }
        let outbox = self.outbox
        return try await self.pool.write { db in
            let graduate = try Self.staffGraduate(db, id: request.graduateID, principal: principal, school: school)
            guard !graduate.removed else { throw RPCError.wrongState("该毕业生已从学生名单中移除（失效），不能修改") }
            let values = try Self.validated(request.values, for: graduate)
            let underReview = try Self.applicationUnderReview(db, graduate.id) != nil
            try Self.refusingInChinese { () throws(ArchiveRefusal) in
                try ArchiveApplicationMachine.checkSchoolEdit(hasApplicationUnderReview: underReview)
            }
            let previous = try Self.valuesInForce(db, graduate.id)
            let changes = ArchiveChanges.between(previous, values)
            guard !changes.isEmpty else { throw RPCError.invalid(field: "values", "档案/户口信息没有变化") }
            try Self.putInForce(values, replacing: previous, graduate: graduate, by: principal, outbox: outbox, db)
            try Self.recordHistory(
                db, graduate: graduate.id, application: nil, action: "schoolEdit", principal: principal, kind: "school",
                reason: reason, statusAfter: ArchiveRecordStatus.registered.rawValue, changes: changes
            )
            return try Self.record(db, graduate)
        }
    }

    public func listArchiveRecords(
        request: Graduate_Archive_V1_ListArchiveRecordsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ListArchiveRecordsResponse {
        let (principal, school) = try self.staffCaller()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        return try await self.pool.read { db in
            var (conditions, arguments) = try Self.graduateFilter(db, request.filter, principal: principal, school: school)
            let status = request.filter.status
            let underReview = "EXISTS (SELECT 1 FROM archive_application a WHERE a.graduate_id = g.id AND a.status IN \(Self.underReviewSQL))"
            switch status {
            case "": break
            case ArchiveRecordStatus.registered.rawValue: conditions.append("r.graduate_id IS NOT NULL")
            case ArchiveRecordStatus.underReview.rawValue: conditions.append("r.graduate_id IS NULL AND \(underReview)")
            case ArchiveRecordStatus.unregistered.rawValue: conditions.append("r.graduate_id IS NULL AND NOT \(underReview)")
            default: throw RPCError.invalid(field: "filter.status", "状态应为未登记（unregistered）、审核中（underReview）或已登记（registered）")
            }
            if !request.filter.transferType.isEmpty {
                guard ArchiveTransferType(rawValue: request.filter.transferType) != nil else {
                    throw RPCError.invalid(field: "filter.transferType", "档案转递类型不在代码表中")
                }
                conditions.append("r.transfer_type = ?")
                arguments.append(request.filter.transferType)
            }
            let from = "graduate g LEFT JOIN archive_record r ON r.graduate_id = g.id WHERE \(conditions.joined(separator: " AND "))"
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(from)", arguments: StatementArguments(arguments)) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT g.* FROM \(from) ORDER BY g.department, g.major, g.student_number LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [pageSize, offset])
            )
            var response = Graduate_Archive_V1_ListArchiveRecordsResponse()
            response.records = try Self.records(db, rows.map(ArchiveGraduateRow.init))
            response.total = Int32(total)
            response.nextPageToken = PageToken.next(offset: offset, returned: rows.count, total: total)
            return response
        }
    }

    /// The conditions on `graduate g` every list shares: school, the caller's 院系, the roster
    /// filters, and 失效 or not.
    static func graduateFilter(
        _ db: Database, _ filter: Graduate_Archive_V1_ArchiveListFilter, principal: Principal, school: String
    ) throws -> ([String], [(any DatabaseValueConvertible)?]) {
        var conditions = ["g.school_code = ?", "g.removed = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [school, filter.invalid]
        if filter.cohort != 0 {
            conditions.append("g.cohort = ?")
            arguments.append(try Self.cohort(filter.cohort))
        }
        if let own = try Self.departmentName(of: principal, in: db) {
            conditions.append("g.department = ?")
            arguments.append(own)
        } else if !filter.department.isEmpty {
            conditions.append("g.department = ?")
            arguments.append(filter.department)
        }
        if !filter.major.isEmpty {
            conditions.append("g.major = ?")
            arguments.append(filter.major)
        }
        if !filter.educationLevel.isEmpty {
            guard EducationLevel(rawValue: filter.educationLevel) != nil else { throw RPCError.invalid(field: "filter.educationLevel", "学历不在代码表中") }
            conditions.append("g.education_level = ?")
            arguments.append(filter.educationLevel)
        }
        let query = filter.query.trimmingWhiteSpace()
        if !query.isEmpty {
            guard query.count <= 50 else { throw RPCError.invalid(field: "filter.query", "搜索内容最多50字") }
            conditions.append("(g.name LIKE ? ESCAPE '\\' OR g.id_number LIKE ? ESCAPE '\\' OR g.student_number LIKE ? ESCAPE '\\')")
            let pattern = PageToken.containing(query)
            arguments += [pattern, pattern, pattern]
        }
        return (conditions, arguments)
    }

    /// A graduate of the caller's school (and 院系), or "not found" — never another's data.
    static func staffGraduate(_ db: Database, id: String, principal: Principal, school: String) throws -> ArchiveGraduateRow {
        guard let graduate = try ArchiveGraduateRow.fetch(db, id: id), graduate.school == school else {
            throw RPCError.notFound("没有这名毕业生")
        }
        if let own = try Self.departmentName(of: principal, in: db), own != graduate.department { throw RPCError.notFound("没有这名毕业生") }
        return graduate
    }

    static func valuesInForce(_ db: Database, _ graduateID: String) throws -> ArchiveRecordValues? {
        ArchiveRecordValues.stored(try String.fetchOne(db, sql: "SELECT record_values FROM archive_record WHERE graduate_id = ?", arguments: [graduateID]))
    }

    /// The values become the record's: 已登记, and the event the transfer reports will follow.
    /// `previous` is what was in force (nil: none), which every caller has just read to list
    /// the changes.
    static func putInForce(
        _ values: ArchiveRecordValues, replacing previous: ArchiveRecordValues?, graduate: ArchiveGraduateRow, by principal: Principal,
        outbox: Outbox, _ db: Database
    ) throws {
        let now = nowMilliseconds()
        let first = previous == nil
        // Cached: a 批量导入 runs it once per record.
        try db.executeCached(
            sql: """
                INSERT INTO archive_record (graduate_id, school_code, transfer_type, record_values, registered_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (graduate_id) DO UPDATE SET transfer_type = excluded.transfer_type,
                    record_values = excluded.record_values, updated_at_ms = excluded.updated_at_ms
                """,
            arguments: [graduate.id, graduate.school, values.transferType.rawValue, values.stored, now, now]
        )
        var event = Graduate_Events_V1_ArchiveRecordChanged()
        event.graduateID = graduate.id
        event.schoolCode = graduate.school
        event.values = Graduate_Archive_V1_ArchiveValues(values)
        event.changedBy = principal.displayName ?? ""
        event.atMs = now
        try outbox.append(
            type: first ? "archive.record.registered" : "archive.record.changed", aggregateType: "archiveRecord",
            aggregateID: graduate.id, payload: try event.serializedBytes(), in: db
        )
    }

    /// The record as the API shows it.
    static func record(_ db: Database, _ graduate: ArchiveGraduateRow) throws -> Graduate_Archive_V1_ArchiveRecord {
        guard let record = try Self.records(db, [graduate]).first else { throw RPCError.notFound("没有这名毕业生") }
        return record
    }

    /// The records of a page of graduates in four queries, not four per graduate (a list's page,
    /// an export's 200 at a time); an open or refused application is read whole, with its history.
    static func records(_ db: Database, _ graduates: [ArchiveGraduateRow]) throws -> [Graduate_Archive_V1_ArchiveRecord] {
        guard !graduates.isEmpty else { return [] }
        let ids = StatementArguments(graduates.map(\.id))
        let marks = databaseQuestionMarks(count: graduates.count)
        func byGraduate(_ sql: String) throws -> [String: Row] {
            // The first row per graduate wins: the queries order the latest first.
            var rows: [String: Row] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: ids) where rows[row["graduate_id"]] == nil { rows[row["graduate_id"]] = row }
            return rows
        }
        let inForce = try byGraduate("SELECT graduate_id, record_values, registered_at_ms FROM archive_record WHERE graduate_id IN (\(marks))")
        let latest = try byGraduate(
            "SELECT graduate_id, id, status FROM archive_application WHERE graduate_id IN (\(marks)) ORDER BY submitted_at_ms DESC, id DESC"
        )
        let destinations = try byGraduate("SELECT * FROM destination WHERE graduate_id IN (\(marks))")
        return try graduates.map { graduate in
            var record = Graduate_Archive_V1_ArchiveRecord()
            record.graduate = graduate.proto
            let row = inForce[graduate.id]
            let values = ArchiveRecordValues.stored(row?["record_values"])
            let status = (latest[graduate.id]?["status"] as String?).flatMap(ArchiveApplicationStatus.init(rawValue:))
            let underReview = status?.isUnderReview == true
            record.status = ArchiveRecordStatus(registered: values != nil, underReview: underReview).rawValue
            record.statusName = ArchiveRecordStatus.shown(registered: values != nil, underReview: underReview)
            if let values {
                record.values = Graduate_Archive_V1_ArchiveValues(values)
                record.shown = values.shown
                record.registeredAtMs = row?["registered_at_ms"] ?? 0
            }
            if underReview || status == .rejected, let id: String = latest[graduate.id]?["id"] {
                record.openApplication = try Self.application(db, id: id)
            }
            if let suggestion = Self.suggestion(destinations[graduate.id]) {
                record.suggested = suggestion.values
                record.suggestedFrom = suggestion.from
            }
            record.invalid = graduate.removed
            record.invalidReason = graduate.removed
                ? (graduate.removedReason.isEmpty ? "毕业生已从学生名单中移除" : "毕业生已从学生名单中移除：\(graduate.removedReason)") : ""
            return record
        }
    }

    /// 同步 (§5): the effective destination's unit as the default receiving unit — the
    /// employer, or the admitting school for 升学. Offered in the form, never applied by itself.
    static func suggestion(_ row: Row?) -> (values: Graduate_Archive_V1_ArchiveValues, from: String)? {
        guard let row else { return nil }
        let (name, code): (String, String) = (row["employer_name"], row["destination_code"])
        guard !name.isEmpty else { return nil }
        let furtherStudy = code == DestinationCategory.furtherStudy.rawValue
        var values = Graduate_Archive_V1_ArchiveValues()
        values.transferType = (furtherStudy ? ArchiveTransferType.furtherStudy : .employer).rawValue
        values.receivingUnitName = name
        values.receivingUnitRegion = row["employer_region_code"]
        values.receivingUnitAddress = row["employer_address"]
        return (values, (furtherStudy ? "升学学校：" : "签约单位：") + name)
    }
}
