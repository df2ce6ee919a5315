import AuthKit
import ESigningDomain
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// Every step after the first (accept, refuse, withdraw, review, resubmit, upload, 修改,
/// 作废): check the caller is the step's party, let `SigningMachine` decide, then store the
/// new status, its history line and its events in one transaction. A refused step changes
/// nothing.
extension ESigningService {
    public func act(request: Graduate_Esigning_V1_ActRequest, context: ServerContext) async throws -> Graduate_Esigning_V1_Agreement {
        let principal = try self.caller()
        // Expiry is the system's; termination comes from a termination record (ActOnTermination).
        guard let action = SigningAction(rawValue: request.action), action != .expire, action != .terminate else {
            throw RPCError.invalid(field: "action", "不支持的操作")
        }
        let now = self.settings.clock()
        let summary = try await self.command(request, by: principal, method: "Act") { db in
            try self.act(request, action, principal, now, db)
        }
        return try await self.detail(of: summary.id)
    }

    /// The full record (history, attachments, roster data) for a reply: read after the step
    /// committed, outside the writer, which only does the step itself.
    func detail(of id: String) async throws -> Graduate_Esigning_V1_Agreement {
        try await self.pool.read { db in
            guard let record = try AgreementRecord.fetch(db, id: id) else { throw RPCError.notFound("签约记录不存在") }
            return try self.shown(record, db, detailed: true)
        }
    }

    /// The record as people see it: with the 预警单位 warning on its employer (§4.8) and the
    /// termination under way, if any.
    func shown(_ record: AgreementRecord, _ db: Database, detailed: Bool) throws -> Graduate_Esigning_V1_Agreement {
        var agreement = try record.proto(db, detailed: detailed)
        if let warning = try self.agreementWarning(db, school: record.schoolCode, creditCode: record.content.employer.creditCode) {
            agreement.warning = warning
        }
        if record.status.isEffective, let termination = try TerminationRecord.openTermination(db, agreementID: record.id) {
            agreement.openTerminationID = termination.id
        }
        return agreement
    }

    func act(
        _ request: Graduate_Esigning_V1_ActRequest, _ action: SigningAction, _ principal: Principal, _ now: Int64, _ db: Database
    ) throws -> Graduate_Esigning_V1_Agreement {
        guard var record = try AgreementRecord.fetch(db, id: request.agreementID), try self.maySee(record, principal, db) else {
            throw RPCError.notFound("签约记录不存在")
        }
        let party = SigningMachine.party(for: action, in: record.flow)
        try self.authorize(principal, as: party, for: record, db)
        guard record.invalidatedAt == nil else {
            throw RPCError.wrongState("此记录已失效（\(record.invalidReason)），不能再办理")
        }
        guard let graduate = try Row.fetchOne(db, sql: "SELECT * FROM graduate WHERE id = ?", arguments: [record.graduateID]) else {
            throw RPCError.wrongState("毕业生信息尚未同步，请稍后再试")
        }
        if party == .graduate, graduate["removed"] as Bool { throw RPCError.denied("您已不在学生名单中，不能办理签约") }
        let settings = try self.signingSettings(db, school: record.schoolCode, cohort: record.cohort)
        var signingContext = try self.signingContext(db, graduate: graduate, excluding: record.id, settings: settings, now: now)
        signingContext.respondBy = record.respondBy
        signingContext.reason = try Self.checkedReason(request.reason)
        let transition = try Self.refusingInChinese {
            try SigningMachine.apply(action, to: record.status, in: record.flow, context: signingContext)
        }
        if action == .amend || action == .void, try TerminationRecord.openTermination(db, agreementID: record.id) != nil {
            throw RPCError.wrongState("该协议正在办理解约，解约结束后才能修改或作废")
        }

        // The data a step brings: corrections (resubmit, 修改) and scans (upload, 补登 resubmit).
        switch action {
        case .resubmit where request.withChanges:
            // The employer and/or the job: what is left out stays as it was.
            if request.hasEmployer { record.content.employer = try Self.checkedEmployer(request.employer) }
            if request.hasJob { record.content.job = try Self.checkedJob(request.job) }
        case .amend:
            guard request.withChanges else { throw RPCError.invalid(field: "job", "请填写修改后的协议内容") }
            var employer = try Self.checkedEmployer(request.employer)
            // The employer's name and credit code are the agreement's identity: a change needs a new one (§4.1 step 5).
            guard employer.name == record.content.employer.name, employer.creditCode == record.content.employer.creditCode else {
                throw RPCError.invalid(field: "employer.name", "修改不能变更单位名称和统一社会信用代码，须重新签约")
            }
            employer.name = record.content.employer.name
            record.content.employer = employer
            record.content.job = try Self.checkedJob(request.job)
        case .uploadSigned:
            guard !request.attachmentSha256.isEmpty else {
                throw RPCError.invalid(field: "attachmentSha256", "请上传已签字盖章的就业协议书扫描件")
            }
            try self.attach(db, record, sha256: request.attachmentSha256, kind: "signedAgreement", by: principal, at: now)
        default:
            break
        }
        // A corrected 补登 may bring a new scan of the paper agreement.
        if action == .resubmit, record.flow == .backRegistration, !request.attachmentSha256.isEmpty {
            try self.attach(db, record, sha256: request.attachmentSha256, kind: "paperAgreement", by: principal, at: now)
        }

        record.status = transition.to
        record.updatedAt = now
        if !signingContext.reason.isEmpty || action.requiresReason { record.lastReason = signingContext.reason }
        if transition.takesEffect {
            try record.assignNumber(db)
            record.effectiveAt = now
        }
        try record.update(db)
        try record.recordHistory(db, actor: principal, party: party, action: action.rawValue, from: transition.from, reason: signingContext.reason, at: now)
        try self.announce(db, record, transition: transition)
        return try record.proto(db, detailed: false)
    }

    /// Runs a signing command in the group writer, once per idempotency key of its caller: a
    /// retried click (or a retry after a lost answer) gets the first answer back instead of
    /// acting twice. The key is read here, in the caller's task: the writer runs the command in
    /// a task of its own, where the caller's task-locals are not.
    func command<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ request: Request, by principal: Principal, method: String, _ body: @escaping @Sendable (Database) throws -> Response
    ) async throws -> Response {
        let key = RequestContext.current?.idempotencyKey
        let scope = "\(principal.subject)/\(method)"
        return try await self.writer.write { db in
            try IdempotencyKeys.perform(key: key, scope: scope, request: request, in: db, command: body)
        }
    }

    /// The facts `SigningMachine` needs about the graduate and the school's settings.
    func signingContext(
        _ db: Database, graduate: Row, excluding recordID: String?, settings: Graduate_Esigning_V1_SigningSettings, now: Int64
    ) throws -> SigningContext {
        let others = try Row.fetchAll(
            db, sql: "SELECT flow, status FROM agreement WHERE graduate_id = ? AND id <> ?",
            arguments: [graduate["id"] as String, recordID ?? ""]
        ).compactMap { row -> (SigningFlow, AgreementStatus)? in
            guard let flow = SigningFlow(rawValue: row["flow"]), let status = AgreementStatus(rawValue: row["status"]) else { return nil }
            return (flow, status)
        }
        let registered = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM destination_registration WHERE graduate_id = ? AND status IN \(RegistrationRecord.effectiveStatusesSQL)",
            arguments: [graduate["id"] as String]
        ) ?? false
        return SigningContext(
            reviewMode: ReviewMode(rawValue: settings.reviewMode) ?? .schoolOnly,
            now: now,
            graduateIsBound: TrainingMode(rawValue: graduate["training_mode"])?.isBound ?? false,
            graduateHasOtherEffective: registered || others.contains { $0.1.isEffective },
            graduateHasOtherInProgress: others.contains { SigningMachine.isInProgress($0.1, in: $0.0) },
            changesClosed: self.changesClosed(cohort: graduate["cohort"], now: now)
        )
    }

    /// Runs a machine step; its refusal becomes `failedPrecondition` (or `invalidArgument`
    /// with the field, for a missing reason) with the machine's Chinese message.
    static func refusingInChinese<T>(_ step: () throws -> T) throws -> T {
        do {
            return try step()
        } catch let refusal as SigningRefusal {
            if let field = refusal.field { throw RPCError.invalid(field: field, refusal.message) }
            throw RPCError.wrongState(refusal.message)
        }
    }

    /// Whether `principal` may see `record` at all (others get "not found", never data).
    func maySee(_ record: some ScopedRecord, _ principal: Principal, _ db: Database) throws -> Bool {
        switch principal.kind {
        case .graduate: return record.graduateID == principal.subject
        case .employer: return record.employerID == principal.subject
        case .staff:
            guard principal.schoolCode == record.schoolCode, principal.modules.contains("esigning") else { return false }
            if let department = try Self.departmentName(of: principal, in: db) { return department == record.department }
            return true
        default: return false
        }
    }

    /// The caller must be the step's party: the record's graduate or employer, the 院系's one
    /// reviewer, or the school's staff.
    func authorize(_ principal: Principal, as party: SigningParty, for record: some ScopedRecord, _ db: Database) throws {
        switch party {
        case .graduate:
            guard principal.kind == .graduate, principal.subject == record.graduateID else { throw RPCError.denied("只有毕业生本人可以办理") }
        case .employer:
            guard principal.kind == .employer, principal.subject == record.employerID else { throw RPCError.denied("只有签约单位可以办理") }
        case .school:
            guard principal.kind == .staff, let role = principal.role, !role.isDepartmentScoped else {
                throw RPCError.denied("只有学校管理员或学校操作员可以办理")
            }
        case .departmentReviewer:
            guard principal.kind == .staff, try Self.departmentName(of: principal, in: db) == record.department else {
                throw RPCError.denied("只有本院系的审核人可以进行院系审核")
            }
            let reviewer = try String.fetchOne(
                db,
                sql: """
                    SELECT r.account_id FROM department_reviewer r JOIN department d ON d.id = r.department_id
                    WHERE d.school_code = ? AND d.name = ? AND r.module = 'esigning'
                    """,
                arguments: [record.schoolCode, record.department]
            )
            guard let reviewer else { throw RPCError.wrongState("本院系尚未设置网签审核人，请联系学校管理员") }
            guard reviewer == principal.subject else { throw RPCError.denied("您不是本院系的网签审核人") }
        case .system:
            throw RPCError.denied()
        }
    }

    /// Links an uploaded scan (by the same caller) to the record.
    func attach(_ db: Database, _ record: AgreementRecord, sha256: String, kind: String, by principal: Principal, at now: Int64) throws {
        try Self.checkUploaded(db, sha256: sha256, by: principal)
        try db.execute(
            sql: "INSERT INTO agreement_attachment (agreement_id, sha256, kind, uploaded_at_ms) VALUES (?, ?, ?, ?)",
            arguments: [record.id, sha256, kind, now]
        )
    }
}
