public import AuthKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// Employers (用人单位, `graduate.accounts.v1.Employers`, DOMAIN.md §1): self-registration
/// with the business licence, the platform operator's review (待审核 → 已通过 / 未通过), and
/// resubmission after a rejection. Served by the accounts executable, on its database.
/// Each state change appends its `employer.*` event in the same transaction.
public struct EmployersService: Sendable {
    let accounts: AccountsService

    public init(accounts: AccountsService) {
        self.accounts = accounts
    }

    private var pool: DatabasePool { self.accounts.pool }

    /// Who may call which method; `Get` and `GetLicence` also check that an employer asks
    /// for its own record.
    public static let accessRules: [String: AccessRule] = {
        let service = "graduate.accounts.v1.Employers/"
        let platformOperator = AccessRule.kinds([.platformOperator])
        let employer = AccessRule.kinds([.employer])
        let rules: [String: AccessRule] = [
            "Register": .open,
            "List": platformOperator,
            "Get": .kinds([.platformOperator, .employer]),
            "GetLicence": .kinds([.platformOperator, .employer]),
            "Approve": platformOperator,
            "Reject": platformOperator,
            "GetMine": employer,
            "Resubmit": employer,
            "ResetPassword": platformOperator,
        ]
        return Dictionary(uniqueKeysWithValues: rules.map { (service + $0.key, $0.value) })
    }()

    public func register(
        request: Graduate_Accounts_V1_RegisterEmployerRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Employer {
        let creditCode: CreditCode
        do throws(CreditCode.Problem) {
            creditCode = try CreditCode(request.creditCode)
        } catch {
            throw RPCError.invalid(field: "creditCode", request.creditCode.isEmpty ? "请填写统一社会信用代码" : error.message)
        }
        let form = try ValidEmployerForm(request.form)
        if let problem = PasswordHasher.problem(withNewPassword: request.password) {
            throw RPCError.invalid(field: "password", problem.replacingOccurrences(of: "新密码", with: "密码"))
        }
        let licence = try LicenceScan(request.licence)
        let hash = try self.accounts.hasher.hash(request.password)
        let outbox = self.accounts.outbox
        return try await self.pool.write { db in
            let taken = try Bool.fetchOne(db, sql: "SELECT 1 FROM employer WHERE credit_code = ?", arguments: [creditCode.value]) == true
                || Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE kind = 'employer' AND login = ?", arguments: [creditCode.value]) == true
            if taken { throw RPCError.alreadyExists(field: "creditCode", "该统一社会信用代码已注册") }
            let id = UUID().uuidString.lowercased()
            let now = nowMilliseconds()
            try licence.store(db, now: now)
            try db.execute(
                sql: """
                    INSERT INTO account (id, kind, school_code, login, display_name, password_hash, must_change_password, created_at_ms)
                    VALUES (?, 'employer', NULL, ?, ?, ?, 0, ?)
                    """,
                arguments: [id, creditCode.value, form.name, hash, now]
            )
            try db.execute(
                sql: """
                    INSERT INTO employer (
                        id, credit_code, name, nature, industry, region_code, address, contact_name, contact_phone, email,
                        licence_sha256, status, registered_at_ms, updated_at_ms
                    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                    """,
                arguments: [
                    id, creditCode.value, form.name, form.nature.rawValue, form.industry.rawValue, form.region.value, form.address,
                    form.contactName, form.contactPhone.value, form.email.value, licence.sha256, now, now,
                ]
            )
            return try Self.recordChange("employer.registered", id: id, outbox: outbox, in: db)
        }
    }

    public func list(
        request: Graduate_Accounts_V1_ListEmployersRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ListEmployersResponse {
        let (pageSize, offset) = try PageToken.decode(size: request.pageSize, token: request.pageToken)
        let status = try Self.statusFilter(request.status)
        let query = request.query.trimmingCharacters(in: .whitespaces)
        return try await self.pool.read { db in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let status {
                conditions.append("e.status = ?")
                arguments.append(status.rawValue)
            }
            if !query.isEmpty {
                // LIKE's wildcards are the searcher's text, not patterns: "%" must not list everyone.
                conditions.append("(e.name LIKE ? \(PageToken.likeEscape) OR e.credit_code LIKE ? \(PageToken.likeEscape))")
                arguments += [PageToken.containing(query), PageToken.containing(query.uppercased())]
            }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM employer e" + whereClause, arguments: StatementArguments(arguments)
            ) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: EmployerRecord.selectSQL + whereClause + " ORDER BY e.registered_at_ms, e.id LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [pageSize, offset])
            )
            var response = Graduate_Accounts_V1_ListEmployersResponse()
            response.employers = rows.map(EmployerRecord.proto)
            response.total = Int32(total)
            response.nextPageToken = PageToken.next(offset: offset, returned: rows.count, total: total)
            return response
        }
    }

    public func get(
        request: Graduate_Accounts_V1_GetEmployerRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Employer {
        try self.checkOperatorOrSelf(request.employerID)
        let id = request.employerID
        let employer = try await self.pool.read { db in try EmployerRecord.fetch(db, id: id) }
        guard let employer else { throw RPCError.notFound("用人单位不存在") }
        return employer
    }

    public func getLicence(
        request: Graduate_Accounts_V1_GetEmployerRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_EmployerLicence {
        try self.checkOperatorOrSelf(request.employerID)
        let id = request.employerID
        let licence = try await self.pool.read { db -> Graduate_Accounts_V1_EmployerLicence? in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT a.content, a.content_type, a.sha256 FROM employer e JOIN attachment a ON a.sha256 = e.licence_sha256 WHERE e.id = ?",
                arguments: [id]
            ) else { return nil }
            var licence = Graduate_Accounts_V1_EmployerLicence()
            licence.content = row["content"]
            licence.contentType = row["content_type"]
            licence.sha256 = row["sha256"]
            return licence
        }
        guard let licence else { throw RPCError.notFound("用人单位不存在") }
        return licence
    }

    public func approve(
        request: Graduate_Accounts_V1_ApproveEmployerRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Employer {
        try await self.review(request.employerID, to: .approved, reason: "")
    }

    public func reject(
        request: Graduate_Accounts_V1_RejectEmployerRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Employer {
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw RPCError.invalid(field: "reason", "请填写未通过的原因") }
        guard reason.count <= 200 else { throw RPCError.invalid(field: "reason", "未通过的原因最多200字") }
        return try await self.review(request.employerID, to: .rejected, reason: reason)
    }

    public func resetPassword(
        request: Graduate_Accounts_V1_ResetEmployerPasswordRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ResetEmployerPasswordResponse {
        let principal = try self.accounts.caller()
        let password = PasswordHasher.initialPassword()
        let hash = try self.accounts.hasher.hash(password)
        try await self.pool.write { db in
            guard let account = try Row.fetchOne(
                db, sql: "SELECT id, login FROM account WHERE id = ? AND kind = 'employer'", arguments: [request.employerID]
            ) else { throw RPCError.notFound("用人单位不存在") }
            try db.execute(sql: "UPDATE account SET password_hash = ?, must_change_password = 1 WHERE id = ?", arguments: [hash, request.employerID])
            try self.accounts.endAllSessions(of: request.employerID, because: .passwordReset, in: db)
            // A reset unlocks the account too.
            try ThrottleKey.reset(SignInKey.employer(account["login"]), in: db)
            let operatorName = try String.fetchOne(db, sql: "SELECT display_name FROM account WHERE id = ?", arguments: [principal.subject])
            try PasswordResets.record(db, account: request.employerID, kind: .employerByOperator, by: principal.subject, byName: operatorName ?? "平台运维")
        }
        var response = Graduate_Accounts_V1_ResetEmployerPasswordResponse()
        response.initialPassword = password
        return response
    }

    public func getMine(
        request: Graduate_Accounts_V1_GetMyEmployerRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Employer {
        let principal = try self.accounts.caller()
        let employer = try await self.pool.read { db in try EmployerRecord.fetch(db, id: principal.subject) }
        guard let employer else { throw RPCError.notFound("用人单位不存在") }
        return employer
    }

    public func resubmit(
        request: Graduate_Accounts_V1_ResubmitEmployerRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_Employer {
        let principal = try self.accounts.caller()
        let form = try ValidEmployerForm(request.form)
        let licence = request.licence.isEmpty ? nil : try LicenceScan(request.licence)
        let outbox = self.accounts.outbox
        return try await self.pool.write { db in
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM employer WHERE id = ?", arguments: [principal.subject]) else {
                throw RPCError.notFound("用人单位不存在")
            }
            guard status == EmployerStatus.rejected.rawValue else {
                throw RPCError.wrongState("只有未通过审核的单位可以修改后重新提交（当前状态：\(EmployerStatus(rawValue: status)?.name ?? status)）")
            }
            let now = nowMilliseconds()
            try licence?.store(db, now: now)
            try db.execute(
                sql: """
                    UPDATE employer SET name = ?, nature = ?, industry = ?, region_code = ?, address = ?, contact_name = ?,
                        contact_phone = ?, email = ?, licence_sha256 = coalesce(?, licence_sha256), status = 'pending', reason = '',
                        reviewer_id = NULL, reviewed_at_ms = NULL, updated_at_ms = ?
                    WHERE id = ?
                    """,
                arguments: [
                    form.name, form.nature.rawValue, form.industry.rawValue, form.region.value, form.address, form.contactName,
                    form.contactPhone.value, form.email.value, licence?.sha256, now, principal.subject,
                ]
            )
            try db.execute(sql: "UPDATE account SET display_name = ? WHERE id = ?", arguments: [form.name, principal.subject])
            return try Self.recordChange("employer.resubmitted", id: principal.subject, outbox: outbox, in: db)
        }
    }

    /// nil for every status.
    private static func statusFilter(_ status: Graduate_Accounts_V1_EmployerStatus) throws -> EmployerStatus? {
        if case .UNRECOGNIZED = status { throw RPCError.invalid(field: "status", "未知的审核状态") }
        return EmployerRecord.domainStatus(status)
    }

    /// Approves or rejects: only from 待审核; a refusal changes nothing.
    private func review(_ id: String, to status: EmployerStatus, reason: String) async throws -> Graduate_Accounts_V1_Employer {
        let principal = try self.accounts.caller()
        let outbox = self.accounts.outbox
        return try await self.pool.write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT status FROM employer WHERE id = ?", arguments: [id]) else {
                throw RPCError.notFound("用人单位不存在")
            }
            guard current == EmployerStatus.pending.rawValue else {
                throw RPCError.wrongState("只能审核待审核的单位（当前状态：\(EmployerStatus(rawValue: current)?.name ?? current)）")
            }
            let now = nowMilliseconds()
            try db.execute(
                sql: "UPDATE employer SET status = ?, reason = ?, reviewer_id = ?, reviewed_at_ms = ?, updated_at_ms = ? WHERE id = ?",
                arguments: [status.rawValue, reason, principal.subject, now, now, id]
            )
            return try Self.recordChange("employer.\(status.rawValue)", id: id, outbox: outbox, in: db)
        }
    }

    /// Reads the employer back and appends its event, inside the caller's transaction.
    private static func recordChange(_ type: String, id: String, outbox: Outbox, in db: Database) throws -> Graduate_Accounts_V1_Employer {
        guard let employer = try EmployerRecord.fetch(db, id: id) else { throw RPCError.notFound("用人单位不存在") }
        try outbox.append(
            type: type,
            aggregateType: "employer",
            aggregateID: id,
            payload: try EmployerRecord.event(employer).serializedBytes(),
            in: db
        )
        return employer
    }

    /// The platform operator sees every employer; an employer only itself.
    private func checkOperatorOrSelf(_ id: String) throws {
        let principal = try self.accounts.caller()
        guard principal.kind == .platformOperator || (principal.kind == .employer && principal.subject == id) else {
            throw RPCError.denied()
        }
    }
}

extension EmployersService: Graduate_Accounts_V1_Employers.SimpleServiceProtocol {}
