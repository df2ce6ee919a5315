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

/// 解约 (DOMAIN.md §4.4, §4.5): a party applies (online: the other party agrees first;
/// offline: the graduate brings the 解约函), the reviewers decide, and only an approval — or
/// the school's 强制解约 — ends the agreement. `TerminationMachine` decides every step.
extension ESigningService {
    public func applyTermination(
        request: Graduate_Esigning_V1_TerminationRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Termination {
        let principal = try self.caller()
        let reason = try Self.checkedReason(request.reason)
        let applicant: SigningParty = principal.kind == .employer ? .employer : .graduate
        let now = self.settings.clock()
        let summary = try await self.command(request, by: principal, method: "ApplyTermination") { db in
            let agreement = try self.terminableAgreement(db, request.agreementID, principal)
            try self.authorize(principal, as: applicant, for: agreement, db)
            let kind = TerminationKind(agreementFlow: agreement.flow)
            let settings = try self.signingSettings(db, school: agreement.schoolCode, cohort: agreement.cohort)
            let terminationContext = TerminationContext(
                reviewMode: ReviewMode(rawValue: settings.reviewMode) ?? .schoolOnly,
                changesClosed: self.changesClosed(cohort: agreement.cohort, now: now), reason: reason
            )
            let status = try Self.refusingInChinese { try TerminationMachine.initialStatus(kind, by: applicant, context: terminationContext) }
            if kind == .offline, request.attachmentSha256.isEmpty {
                throw RPCError.invalid(field: "attachmentSha256", "请上传解约函（与单位解除协议的证明）")
            }
            let termination = TerminationRecord(
                id: UUID().uuidString.lowercased(), agreement: agreement, kind: kind, initiator: applicant, status: status,
                reason: reason, now: now
            )
            try termination.insert(db)
            if !request.attachmentSha256.isEmpty {
                try RecordTrail.attach(db, record: termination.id, sha256: request.attachmentSha256, kind: "terminationProof", by: principal, at: now)
            }
            try Self.recordHistory(db, termination, actor: principal, party: applicant, action: "create", from: nil, reason: reason, at: now)
            try self.announce(db, termination, after: nil)
            return try termination.proto(db, detailed: false)
        }
        return try await self.terminationDetail(of: summary.id)
    }

    /// 强制解约: the school ends an effective agreement itself, with a proof and a reason —
    /// also while a termination request waits for an answer that does not come.
    public func forceTermination(
        request: Graduate_Esigning_V1_TerminationRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Termination {
        let principal = try self.caller()
        let reason = try Self.checkedReason(request.reason)
        guard !reason.isEmpty else { throw RPCError.invalid(field: "reason", "请填写强制解约的原因") }
        guard !request.attachmentSha256.isEmpty else { throw RPCError.invalid(field: "attachmentSha256", "请上传解约证明材料") }
        let now = self.settings.clock()
        let summary = try await self.command(request, by: principal, method: "ForceTermination") { db in
            let agreement = try self.terminableAgreement(db, request.agreementID, principal, allowingOpenTermination: true)
            try self.authorize(principal, as: .school, for: agreement, db)
            var termination: TerminationRecord
            let from: TerminationStatus?
            if let open = try TerminationRecord.openTermination(db, agreementID: agreement.id) {
                termination = open
                from = open.status
                termination.status = try Self.refusingInChinese {
                    try TerminationMachine.apply(.force, to: open.status, kind: open.kind, context: TerminationContext(reason: reason))
                }
                termination.lastReason = reason
                termination.updatedAt = now
                try termination.update(db)
            } else {
                let kind = TerminationKind(agreementFlow: agreement.flow)
                let status = try Self.refusingInChinese {
                    try TerminationMachine.initialStatus(kind, by: .school, context: TerminationContext(reason: reason))
                }
                termination = TerminationRecord(
                    id: UUID().uuidString.lowercased(), agreement: agreement, kind: kind, initiator: .school, status: status,
                    reason: reason, now: now
                )
                from = nil
                try termination.insert(db)
            }
            try RecordTrail.attach(db, record: termination.id, sha256: request.attachmentSha256, kind: "terminationProof", by: principal, at: now)
            try Self.recordHistory(db, termination, actor: principal, party: .school, action: TerminationAction.force.rawValue, from: from, reason: reason, at: now)
            try self.endAgreement(db, termination, by: principal, at: now)
            try self.announce(db, termination, after: .force)
            return try termination.proto(db, detailed: false)
        }
        return try await self.terminationDetail(of: summary.id)
    }

    public func actOnTermination(
        request: Graduate_Esigning_V1_TerminationActRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Termination {
        let principal = try self.caller()
        guard let action = TerminationAction(rawValue: request.action) else { throw RPCError.invalid(field: "action", "不支持的解约操作") }
        let reason = try Self.checkedReason(request.reason)
        let now = self.settings.clock()
        let summary = try await self.command(request, by: principal, method: "ActOnTermination") { db in
            guard var termination = try TerminationRecord.fetch(db, id: request.terminationID), try self.maySee(termination, principal, db) else {
                throw RPCError.notFound("解约记录不存在")
            }
            let party = TerminationMachine.party(for: action, at: termination.status)
            try self.authorize(principal, as: party, for: termination, db)
            guard termination.invalidatedAt == nil else { throw RPCError.wrongState("此记录已失效（\(termination.invalidReason)），不能再办理") }
            let settings = try self.signingSettings(db, school: termination.schoolCode, cohort: termination.cohort)
            let terminationContext = TerminationContext(
                reviewMode: ReviewMode(rawValue: settings.reviewMode) ?? .schoolOnly,
                changesClosed: self.changesClosed(cohort: termination.cohort, now: now), reason: reason
            )
            let from = termination.status
            termination.status = try Self.refusingInChinese {
                try TerminationMachine.apply(action, to: from, kind: termination.kind, context: terminationContext)
            }
            switch action {
            case .resubmit:
                guard !request.attachmentSha256.isEmpty || !reason.isEmpty else {
                    throw RPCError.invalid(field: "attachmentSha256", "请上传新的解约函或修改解约原因")
                }
                if !reason.isEmpty { termination.reason = reason }
            case .force:
                guard !request.attachmentSha256.isEmpty else { throw RPCError.invalid(field: "attachmentSha256", "请上传解约证明材料") }
                termination.lastReason = reason
            default:
                // Refusals always carry one (the machine checked); an agreement may add a note.
                if !reason.isEmpty { termination.lastReason = reason }
            }
            if !request.attachmentSha256.isEmpty {
                try RecordTrail.attach(db, record: termination.id, sha256: request.attachmentSha256, kind: "terminationProof", by: principal, at: now)
            }
            termination.updatedAt = now
            try termination.update(db)
            try Self.recordHistory(db, termination, actor: principal, party: party, action: action.rawValue, from: from, reason: reason, at: now)
            if termination.status.endsAgreement { try self.endAgreement(db, termination, by: principal, at: now) }
            try self.announce(db, termination, after: action)
            return try termination.proto(db, detailed: false)
        }
        return try await self.terminationDetail(of: summary.id)
    }

    public func getTermination(
        request: Graduate_Esigning_V1_GetTerminationRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Termination {
        let principal = try self.caller()
        return try await self.pool.read { db in
            guard let termination = try TerminationRecord.fetch(db, id: request.terminationID), try self.maySee(termination, principal, db) else {
                throw RPCError.notFound("解约记录不存在")
            }
            return try termination.proto(db, detailed: true)
        }
    }

    public func listTerminations(
        request: Graduate_Esigning_V1_ListTerminationsRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ListTerminationsResponse {
        let principal = try self.caller()
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        for (index, status) in request.statuses.enumerated() where TerminationStatus(rawValue: status) == nil {
            throw RPCError.invalid(field: "statuses[\(index)]", "未知的解约状态：\(status)")
        }
        if !request.kind.isEmpty, TerminationKind(rawValue: request.kind) == nil {
            throw RPCError.invalid(field: "kind", "解约方式应为 online 或 offline")
        }
        if request.cohort != 0 { _ = try Self.checkedCohort(request.cohort) }
        return try await self.pool.read { db in
            var conditions = try self.listScope(principal, db)
            conditions.roster(cohort: request.cohort, department: request.department, major: request.major, educationLevel: request.educationLevel)
            conditions.oneOf("status", request.statuses)
            if !request.kind.isEmpty { conditions.add("kind = ?", request.kind) }
            conditions.matching(request.query, in: ["graduate_name", "id_number", "student_number", "employer_name", "agreement_number"])
            conditions.period("updated_at_ms", from: request.fromMs, to: request.toMs)
            let page = try ListPage(
                db, "termination \(conditions.whereClause)", arguments: conditions.arguments, orderBy: "updated_at_ms DESC, id",
                size: pageSize, offset: offset
            )
            var response = Graduate_Esigning_V1_ListTerminationsResponse()
            response.terminations = try page.rows.map { try TerminationRecord(row: $0).proto(db, detailed: false) }
            response.total = page.total
            response.nextPageToken = page.nextPageToken
            return response
        }
    }

    public func exportTerminations(
        request: Graduate_Esigning_V1_ListTerminationsRequest, context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ExportFile {
        let rows = try await Self.allPages(request) { page in
            let response = try await self.listTerminations(request: page, context: context)
            return (response.terminations.map { termination -> [XLSXWorkbook.Cell] in
                [
                    .text(termination.kindName), .text(termination.initiatorName), .text(termination.graduate.name),
                    .text(termination.graduate.department), .text(termination.graduate.major),
                    .text(EducationLevel.name(ofCode: termination.graduate.educationLevel) ?? ""), .text(termination.graduate.idNumber),
                    .text(termination.agreementNumber), .text(termination.employerName), .text(termination.statusName),
                    .text(termination.reason), .text(BeijingTime.minute(milliseconds: termination.updatedAtMs)),
                ]
            }, response.nextPageToken)
        }
        return try self.workbook(
            sheet: "解约管理",
            header: ["解约方式", "申请方", "姓名", "院系", "专业", "学历", "身份证号", "协议编号", "签约单位", "解约状态", "解约原因", "更新时间"],
            rows: rows
        )
    }

    // MARK: - Steps

    func terminationDetail(of id: String) async throws -> Graduate_Esigning_V1_Termination {
        try await self.pool.read { db in
            guard let termination = try TerminationRecord.fetch(db, id: id) else { throw RPCError.notFound("解约记录不存在") }
            return try termination.proto(db, detailed: true)
        }
    }

    /// The agreement a termination is asked for: visible to the caller, valid, effective, and
    /// with no other termination under way (强制解约 takes one under way over).
    private func terminableAgreement(
        _ db: Database, _ id: String, _ principal: Principal, allowingOpenTermination: Bool = false
    ) throws -> AgreementRecord {
        guard let agreement = try AgreementRecord.fetch(db, id: id), try self.maySee(agreement, principal, db) else {
            throw RPCError.notFound("签约记录不存在")
        }
        guard agreement.invalidatedAt == nil else { throw RPCError.wrongState("此记录已失效（\(agreement.invalidReason)），不能再办理") }
        guard agreement.status.isEffective else {
            throw RPCError.wrongState("当前状态为“\(agreement.status.name)”，只有已生效的协议才能解约")
        }
        if !allowingOpenTermination, try TerminationRecord.openTermination(db, agreementID: agreement.id) != nil {
            throw RPCError.alreadyExists(field: "agreementId", "该协议已有正在办理的解约，请先处理")
        }
        return agreement
    }

    /// 解约审核通过 / 学校已强制解约: the agreement ends (已解约) and the graduate is free to sign again.
    private func endAgreement(_ db: Database, _ termination: TerminationRecord, by principal: Principal, at now: Int64) throws {
        guard var agreement = try AgreementRecord.fetch(db, id: termination.agreementID) else { throw RPCError.notFound("签约记录不存在") }
        let transition = try Self.refusingInChinese {
            try SigningMachine.apply(.terminate, to: agreement.status, in: agreement.flow, context: SigningContext(now: now))
        }
        agreement.status = transition.to
        agreement.updatedAt = now
        try agreement.update(db)
        try agreement.recordHistory(
            db, actor: principal, party: .system, action: SigningAction.terminate.rawValue, from: transition.from,
            reason: termination.status.name + "：" + (termination.lastReason.isEmpty ? termination.reason : termination.lastReason), at: now
        )
        try self.destination(db, agreement, type: "signing.destination.ended", terminationID: termination.id)
    }

    static func recordHistory(
        _ db: Database, _ termination: TerminationRecord, actor: Principal, party: SigningParty, action: String,
        from: TerminationStatus?, reason: String, at now: Int64
    ) throws {
        try RecordTrail.append(
            db, record: termination.id, actor: actor, party: party, action: action,
            actionName: TerminationAction(rawValue: action)?.name ?? "申请解约", from: from?.rawValue ?? "",
            to: termination.status.rawValue, toName: termination.status.name, reason: reason, at: now
        )
    }

    /// Who is told what after a termination step (DOMAIN.md §12: a termination request, the
    /// answer, reviews needed, the result to both parties).
    private func announce(_ db: Database, _ termination: TerminationRecord, after action: TerminationAction?) throws {
        let status = termination.status
        let employer = termination.employerName
        switch status {
        case .employerRequested:
            try self.remind(db, termination, to: .graduate, kind: "terminationRequested", text: "\(employer)申请与您解约，请确认")
        case .graduateRequested:
            try self.remind(db, termination, to: .employer, kind: "terminationRequested", text: "\(termination.graduateName)申请与贵单位解约，请确认")
        case .counterpartyRefused:
            let applicant: Recipient = termination.initiator == .employer ? .employer : .graduate
            try self.remind(db, termination, to: applicant, kind: "terminationAnswered", text: "对方不同意解约（\(termination.lastReason)），协议继续有效")
        case _ where status.awaitsDepartment || status.awaitsSchool:
            try self.remindReviewers(db, termination, department: status.awaitsDepartment, text: "\(termination.graduateName)的解约“\(status.name)”，请审核")
        case .approved, .rejected, .forced:
            let why = termination.lastReason.isEmpty ? "" : "（\(termination.lastReason)）"
            try self.remind(db, termination, to: .graduate, kind: "reviewResult", text: "您与\(employer)的解约：\(status.name)\(why)")
            try self.remind(db, termination, to: .employer, kind: "reviewResult", text: "与\(termination.graduateName)的解约：\(status.name)\(why)")
        default:
            break
        }
    }
}
