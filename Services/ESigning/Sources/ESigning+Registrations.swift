import AuthKit
import DocumentKit
import ESigningDomain
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// 其他毕业去向信息登记 (DOMAIN.md §4.6, §7): the graduate registers a destination that is
/// not an agreement, with the category's fields and proof; the reviewers decide; the school
/// corrects or voids it; the graduate may ask for it to be voided. `RegistrationMachine`
/// decides every step. After 31 August of the graduation year the school registers instead.
extension ESigningService {
    public func registerDestination(
        request: Graduate_Esigning_V1_RegisterDestinationRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_DestinationRegistration {
        let principal = try self.caller()
        let (category, fields) = try Self.checkedDestination(category: request.category, fields: request.fields)
        let party: SigningParty = principal.kind == .staff ? .school : .graduate
        if party == .graduate, category.proofName != nil, request.attachmentSha256.isEmpty {
            throw RPCError.invalid(field: "attachmentSha256", "请上传\(category.proofName ?? "证明材料")")
        }
        let now = self.settings.clock()
        let summary = try await self.command(request, by: principal, method: "RegisterDestination") { db in
            let graduate = try self.registeringGraduate(db, principal, graduateID: request.graduateID)
            let boundUnit = try Self.checkedBoundUnit(graduate: graduate, category: category, fields: fields)
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM destination_registration WHERE graduate_id = ? AND status IN \(RegistrationRecord.openStatusesSQL)",
                arguments: [graduate["id"] as String]
            ) == true {
                throw RPCError.alreadyExists(field: "category", "该毕业生已有正在办理中的去向登记，请先处理（修改后重新提交或撤回）")
            }
            let settings = try self.signingSettings(db, school: graduate["school_code"], cohort: graduate["cohort"])
            let registrationContext = RegistrationContext(
                reviewMode: ReviewMode(rawValue: settings.reviewMode) ?? .schoolOnly,
                graduateHasOtherEffective: try Self.hasEffectiveDestination(db, graduateID: graduate["id"], excluding: nil),
                changesClosed: self.changesClosed(cohort: graduate["cohort"], now: now)
            )
            let status = try Self.refusingInChinese { try RegistrationMachine.initialStatus(by: party, context: registrationContext) }
            let record = RegistrationRecord(
                id: UUID().uuidString.lowercased(), graduate: graduate, category: category, fields: fields, status: status,
                registeredBy: party, boundUnit: boundUnit, now: now
            )
            try record.insert(db)
            if !request.attachmentSha256.isEmpty {
                try RecordTrail.attach(db, record: record.id, sha256: request.attachmentSha256, kind: "destinationProof", by: principal, at: now)
            }
            try Self.recordHistory(db, record, actor: principal, party: party, action: "create", from: nil, reason: "", at: now)
            try self.announce(db, record, after: nil, from: nil)
            return try record.proto(db, detailed: false)
        }
        return try await self.registrationDetail(of: summary.id)
    }

    public func actOnRegistration(
        request: Graduate_Esigning_V1_RegistrationActRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_DestinationRegistration {
        let principal = try self.caller()
        guard let action = RegistrationAction(rawValue: request.action) else { throw RPCError.invalid(field: "action", "不支持的去向登记操作") }
        let reason = try Self.checkedReason(request.reason)
        let changes = request.withChanges ? try Self.checkedDestination(category: request.category, fields: request.fields) : nil
        if action == .amend, changes == nil { throw RPCError.invalid(field: "fields", "请填写修改后的去向信息") }
        let now = self.settings.clock()
        let summary = try await self.command(request, by: principal, method: "ActOnRegistration") { db in
            guard var record = try RegistrationRecord.fetch(db, id: request.registrationID), try self.maySee(record, principal, db) else {
                throw RPCError.notFound("去向登记记录不存在")
            }
            try self.authorize(principal, as: action.party, for: record, db)
            guard record.invalidatedAt == nil else { throw RPCError.wrongState("此记录已失效（\(record.invalidReason)），不能再办理") }
            let settings = try self.signingSettings(db, school: record.schoolCode, cohort: record.cohort)
            let registrationContext = RegistrationContext(
                reviewMode: ReviewMode(rawValue: settings.reviewMode) ?? .schoolOnly,
                graduateHasOtherEffective: try Self.hasEffectiveDestination(db, graduateID: record.graduateID, excluding: record.id),
                changesClosed: self.changesClosed(cohort: record.cohort, now: now), reason: reason
            )
            let from = record.status
            record.status = try Self.refusingInChinese { try RegistrationMachine.apply(action, to: from, context: registrationContext) }
            if let (category, fields) = changes, action == .resubmit || action == .amend {
                guard let graduate = try Row.fetchOne(db, sql: "SELECT * FROM graduate WHERE id = ?", arguments: [record.graduateID]) else {
                    throw RPCError.wrongState("毕业生信息尚未同步，请稍后再试")
                }
                record.boundUnit = try Self.checkedBoundUnit(graduate: graduate, category: category, fields: fields)
                record.category = category
                record.fields = fields
            }
            if !request.attachmentSha256.isEmpty {
                try RecordTrail.attach(db, record: record.id, sha256: request.attachmentSha256, kind: "destinationProof", by: principal, at: now)
            }
            if action.requiresReason || !reason.isEmpty { record.lastReason = reason }
            record.updatedAt = now
            if record.status.isEffective, !from.isEffective { record.effectiveAt = now }
            try record.update(db)
            try Self.recordHistory(db, record, actor: principal, party: action.party, action: action.rawValue, from: from, reason: reason, at: now)
            try self.announce(db, record, after: action, from: from)
            return try record.proto(db, detailed: false)
        }
        return try await self.registrationDetail(of: summary.id)
    }

    public func getRegistration(
        request: Graduate_Esigning_V1_GetRegistrationRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_DestinationRegistration {
        let principal = try self.caller()
        return try await self.pool.read { db in
            guard let record = try RegistrationRecord.fetch(db, id: request.registrationID), try self.maySee(record, principal, db) else {
                throw RPCError.notFound("去向登记记录不存在")
            }
            return try record.proto(db, detailed: true)
        }
    }

    public func listRegistrations(
        request: Graduate_Esigning_V1_ListRegistrationsRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ListRegistrationsResponse {
        let principal = try self.caller()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        for (index, status) in request.statuses.enumerated() where RegistrationStatus(rawValue: status) == nil {
            throw RPCError.invalid(field: "statuses[\(index)]", "未知的去向登记状态：\(status)")
        }
        if !request.category.isEmpty, DestinationCategory(rawValue: request.category) == nil {
            throw RPCError.invalid(field: "category", "未知的毕业去向代码：\(request.category)")
        }
        if request.cohort != 0 { _ = try Self.checkedCohort(request.cohort) }
        return try await self.pool.read { db in
            var conditions = try self.listScope(principal, db)
            conditions.roster(cohort: request.cohort, department: request.department, major: request.major, educationLevel: request.educationLevel)
            conditions.oneOf("status", request.statuses)
            if !request.category.isEmpty { conditions.add("category = ?", request.category) }
            conditions.matching(request.query, in: ["graduate_name", "id_number", "student_number", "summary"])
            conditions.period("updated_at_ms", from: request.fromMs, to: request.toMs)
            let page = try ListPage(
                db, "destination_registration \(conditions.whereClause)", arguments: conditions.arguments,
                orderBy: "updated_at_ms DESC, id", size: pageSize, offset: offset
            )
            var response = Graduate_Esigning_V1_ListRegistrationsResponse()
            response.registrations = try page.rows.map { try RegistrationRecord(row: $0).proto(db, detailed: false) }
            response.total = page.total
            response.nextPageToken = page.nextPageToken
            return response
        }
    }

    public func exportRegistrations(
        request: Graduate_Esigning_V1_ListRegistrationsRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ExportFile {
        let rows = try await Self.allPages(request) { page in
            let response = try await self.listRegistrations(request: page, context: context)
            return (response.registrations.map { registration -> [XLSXWorkbook.Cell] in
                [
                    .text(registration.graduate.name), .text(registration.graduate.department), .text(registration.graduate.major),
                    .text(EducationLevel.name(ofCode: registration.graduate.educationLevel) ?? ""), .text(registration.graduate.idNumber),
                    .text(registration.graduate.studentNumber), .text(registration.category), .text(registration.categoryName),
                    .text(registration.summary), .text(registration.statusName),
                    .text(BeijingTime.minute(milliseconds: registration.updatedAtMs)),
                ]
            }, response.nextPageToken)
        }
        return try self.workbook(
            sheet: "去向登记管理",
            header: ["姓名", "院系", "专业", "学历", "身份证号", "学号", "毕业去向代码", "毕业去向", "单位/学校/项目", "登记状态", "更新时间"],
            rows: rows
        )
    }

    // MARK: - Steps

    func registrationDetail(of id: String) async throws -> Graduate_Esigning_V1_DestinationRegistration {
        try await self.pool.read { db in
            guard let record = try RegistrationRecord.fetch(db, id: id) else { throw RPCError.notFound("去向登记记录不存在") }
            return try record.proto(db, detailed: true)
        }
    }

    /// The category (registrable: not 10, which only an agreement gives) and its checked fields.
    static func checkedDestination(category code: String, fields: [String: String]) throws -> (DestinationCategory, [String: String]) {
        guard let category = DestinationCategory(rawValue: code.trimmingCharacters(in: .whitespaces)) else {
            throw RPCError.invalid(field: "category", "请选择毕业去向")
        }
        guard category != .agreement else {
            throw RPCError.invalid(field: "category", "签就业协议形式就业须通过网上签约或补登办理")
        }
        do {
            return (category, try category.checked(fields))
        } catch {
            throw RPCError.invalid(field: "fields.\(error.field)", error.message)
        }
    }

    /// 定向/委培 graduates go to their unit (§2): an employment registration names that unit,
    /// and is the 定向/委培去向补充登记.
    static func checkedBoundUnit(graduate: Row, category: DestinationCategory, fields: [String: String]) throws -> Bool {
        guard TrainingMode(rawValue: graduate["training_mode"])?.isBound == true, category.isEmploymentAtUnit else { return false }
        let unit: String = graduate["bound_unit"]
        guard fields[DestinationField.unitName.rawValue] == unit else {
            throw RPCError.invalid(field: "fields.unitName", "定向/委培毕业生应登记其定向/委培单位（\(unit)）")
        }
        return true
    }

    /// Whose destination this is: the signed-in graduate, or (staff of the school, not a 院系
    /// account) the graduate named in the request.
    private func registeringGraduate(_ db: Database, _ principal: Principal, graduateID: String) throws -> Row {
        guard principal.kind == .staff else { return try Self.signedInGraduate(db, principal) }
        guard let role = principal.role, !role.isDepartmentScoped else { throw RPCError.denied("只有学校管理员或学校操作员可以代为登记") }
        guard !graduateID.isEmpty else { throw RPCError.invalid(field: "graduateId", "请选择毕业生") }
        guard let graduate = try Row.fetchOne(db, sql: "SELECT * FROM graduate WHERE id = ? AND removed = 0", arguments: [graduateID]),
              (graduate["school_code"] as String) == principal.schoolCode
        else { throw RPCError.notFound("未找到该毕业生（须在本校学生名单中）") }
        return graduate
    }

    static func recordHistory(
        _ db: Database, _ record: RegistrationRecord, actor: Principal, party: SigningParty, action: String,
        from: RegistrationStatus?, reason: String, at now: Int64
    ) throws {
        try RecordTrail.append(
            db, record: record.id, actor: actor, party: party, action: action,
            actionName: RegistrationAction(rawValue: action)?.name ?? (party == .school ? "学校代为登记" : "登记"),
            from: from?.rawValue ?? "", to: record.status.rawValue, toName: record.status.name, reason: reason, at: now
        )
    }

    /// The destination events (effective, corrected, ended) and who is told what.
    private func announce(_ db: Database, _ record: RegistrationRecord, after action: RegistrationAction?, from: RegistrationStatus?) throws {
        let wasEffective = from?.isEffective ?? false
        if record.status.isEffective, !wasEffective || action == .amend {
            try self.destination(db, record, type: "signing.destination.effective")
        } else if wasEffective, !record.status.isEffective {
            try self.destination(db, record, type: "signing.destination.ended")
        }
        let status = record.status
        if status.awaitsDepartment || status.awaitsSchool {
            try self.remindReviewers(db, record, department: status.awaitsDepartment, text: "\(record.graduateName)的毕业去向登记“\(status.name)”，请审核")
        } else if let action, action.party != .graduate {
            let why = record.lastReason.isEmpty ? "" : "（\(record.lastReason)）"
            try self.remind(db, record, to: .graduate, kind: "reviewResult", text: "您的毕业去向登记（\(record.category.name)）：\(status.name)\(why)")
        }
    }

    private func destination(_ db: Database, _ record: RegistrationRecord, type: String) throws {
        var event = Graduate_Events_V1_DestinationChanged()
        event.graduateID = record.graduateID
        event.schoolCode = record.schoolCode
        event.registrationID = record.id
        event.destinationCode = record.category.rawValue
        event.destinationName = record.category.name
        event.employerName = record.summary
        event.employerCreditCode = record.fields[DestinationField.creditCode.rawValue] ?? ""
        event.employerRegionCode = record.fields[DestinationField.unitRegion.rawValue] ?? ""
        event.atMs = record.updatedAt
        _ = try self.outbox.append(
            type: type, aggregateType: "graduate", aggregateID: record.graduateID, payload: try event.serializedBytes(), in: db
        )
    }
}
