import AuthKit
import ESigningDomain
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit

/// Starting a signing record: the employer's offer (§4.1), the graduate's e-agreement
/// application (§4.2) and 补登 (§4.3).
extension ESigningService {
    public func sendOffer(
        request: Graduate_Esigning_V1_SendOfferRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Agreement {
        let principal = try self.caller()
        let job = try Self.checkedJob(request.job)
        let idNumber = request.graduateIDNumber.trimmingCharacters(in: .whitespaces).uppercased()
        let name = request.graduateName.trimmingCharacters(in: .whitespaces)
        guard !idNumber.isEmpty else { throw RPCError.invalid(field: "graduateIdNumber", "请填写毕业生身份证号") }
        guard !name.isEmpty else { throw RPCError.invalid(field: "graduateName", "请填写毕业生姓名") }
        if let problem = DisplayText.problem(in: name) { throw RPCError.invalid(field: "graduateName", "毕业生姓名\(problem)") }
        let now = self.settings.clock()
        let summary = try await self.command(request, by: principal, method: "SendOffer") { db in
            guard let employer = try Row.fetchOne(db, sql: "SELECT * FROM employer WHERE id = ?", arguments: [principal.subject]),
                  (employer["status"] as String) == "approved"
            else { throw RPCError.wrongState("单位尚未通过平台审核，不能发起签约") }
            let candidates = try Row.fetchAll(
                db, sql: "SELECT * FROM graduate WHERE id_number = ? AND name = ? AND removed = 0 ORDER BY cohort DESC",
                arguments: [idNumber, name]
            )
            guard let graduate = request.cohort == 0 ? candidates.first : candidates.first(where: { ($0["cohort"] as Int32) == request.cohort }) else {
                throw RPCError.notFound("未找到该毕业生，请核对身份证号和姓名（须在学校的学生名单中）")
            }
            let settings = try self.signingSettings(db, school: graduate["school_code"], cohort: graduate["cohort"])
            guard settings.signingOpen else { throw RPCError.wrongState("该毕业生所在学校尚未开放网签") }
            guard (1...settings.maxResponseDays).contains(request.respondWithinDays) else {
                throw RPCError.invalid(field: "respondWithinDays", "应约有效期应为1到\(settings.maxResponseDays)天")
            }
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM agreement WHERE employer_id = ? AND graduate_id = ? AND status = 'offered'",
                arguments: [principal.subject, graduate["id"] as String]
            ) == true {
                throw RPCError.alreadyExists(field: "graduateIdNumber", "您向该毕业生发出的签约尚未结束，不能重复发起")
            }
            let signingContext = try self.signingContext(db, graduate: graduate, excluding: nil, settings: settings, now: now)
            let status = try Self.refusingInChinese { try SigningMachine.initialStatus(of: .employerOffer, context: signingContext) }
            var content = Graduate_Esigning_V1_AgreementContent()
            content.employer = Self.employerParty(employer, contact: request.contact)
            content.job = job
            let record = AgreementRecord(
                id: UUID().uuidString.lowercased(), graduate: graduate, employerID: principal.subject, flow: .employerOffer,
                status: status, agreementType: settings.agreementType, content: content,
                respondBy: now + Int64(request.respondWithinDays) * 86_400_000, now: now
            )
            try record.insert(db)
            try record.recordHistory(db, actor: principal, party: .employer, action: "create", from: nil, reason: "", at: now)
            try self.remind(db, record, to: .graduate, kind: "offerReceived", text: "\(content.employer.name)向您发起了网上签约，请在应约有效期内回应")
            return try record.proto(db, detailed: false)
        }
        return try await self.detail(of: summary.id)
    }

    public func applyForAgreement(
        request: Graduate_Esigning_V1_ApplyRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Agreement {
        try await self.graduateStarts(.graduateApplication, request)
    }

    public func submitBackRegistration(
        request: Graduate_Esigning_V1_ApplyRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Agreement {
        try await self.graduateStarts(.backRegistration, request)
    }

    /// §4.2 and §4.3: the graduate enters the employer and the job; 补登 brings the paper agreement's scan.
    private func graduateStarts(_ flow: SigningFlow, _ request: Graduate_Esigning_V1_ApplyRequest) async throws -> Graduate_Esigning_V1_Agreement {
        let principal = try self.caller()
        var entered = Graduate_Esigning_V1_AgreementContent()
        entered.employer = try Self.checkedEmployer(request.employer)
        entered.job = try Self.checkedJob(request.job)
        let content = entered
        if flow == .backRegistration, request.attachmentSha256.isEmpty {
            throw RPCError.invalid(field: "attachmentSha256", "请上传已签订的纸质就业协议书扫描件")
        }
        let now = self.settings.clock()
        let summary = try await self.command(request, by: principal, method: flow.rawValue) { db in
            let graduate = try Self.signedInGraduate(db, principal)
            let settings = try self.signingSettings(db, school: graduate["school_code"], cohort: graduate["cohort"])
            if flow == .graduateApplication, !settings.signingOpen { throw RPCError.wrongState("学校尚未开放网签") }
            let signingContext = try self.signingContext(db, graduate: graduate, excluding: nil, settings: settings, now: now)
            let status = try Self.refusingInChinese { try SigningMachine.initialStatus(of: flow, context: signingContext) }
            let record = AgreementRecord(
                id: UUID().uuidString.lowercased(), graduate: graduate, employerID: nil, flow: flow, status: status,
                agreementType: settings.agreementType, content: content, respondBy: nil, now: now
            )
            try record.insert(db)
            if flow == .backRegistration {
                try self.attach(db, record, sha256: request.attachmentSha256, kind: "paperAgreement", by: principal, at: now)
            }
            try record.recordHistory(db, actor: principal, party: .graduate, action: "create", from: nil, reason: "", at: now)
            try self.remindReviewers(db, record)
            return try record.proto(db, detailed: false)
        }
        return try await self.detail(of: summary.id)
    }

    /// The signed-in graduate's roster row (they act only while on the roster).
    static func signedInGraduate(_ db: Database, _ principal: Principal) throws -> Row {
        guard principal.kind == .graduate,
              let graduate = try Row.fetchOne(db, sql: "SELECT * FROM graduate WHERE id = ?", arguments: [principal.subject])
        else { throw RPCError.wrongState("您的学生名单信息尚未同步，请稍后再试") }
        guard !(graduate["removed"] as Bool) else { throw RPCError.denied("您已不在学生名单中，不能办理签约") }
        return graduate
    }

    /// 甲方 of an offer: the registration, with this offer's contact details where given.
    static func employerParty(_ employer: Row, contact: Graduate_Esigning_V1_EmployerParty) -> Graduate_Esigning_V1_EmployerParty {
        var party = Graduate_Esigning_V1_EmployerParty()
        party.name = employer["name"]
        party.creditCode = employer["credit_code"]
        party.nature = employer["nature"]
        party.industry = employer["industry"]
        party.regionCode = employer["region_code"]
        let trimmed = { (text: String) in text.trimmingCharacters(in: .whitespaces) }
        party.address = trimmed(contact.address).isEmpty ? employer["address"] : trimmed(contact.address)
        party.contactName = trimmed(contact.contactName).isEmpty ? employer["contact_name"] : trimmed(contact.contactName)
        party.contactPhone = ContactPhone(contact.contactPhone)?.value ?? employer["contact_phone"]
        party.email = EmailAddress(contact.email)?.value ?? employer["email"]
        return party
    }

    /// 甲方 as a graduate enters it (§4.2, §4.3): every field checked.
    static func checkedEmployer(_ input: Graduate_Esigning_V1_EmployerParty, field prefix: String = "employer") throws -> Graduate_Esigning_V1_EmployerParty {
        var party = Graduate_Esigning_V1_EmployerParty()
        party.name = try Self.text(input.name, field: "\(prefix).name", label: "单位名称", max: 100)
        do {
            party.creditCode = try CreditCode(input.creditCode).value
        } catch {
            throw RPCError.invalid(field: "\(prefix).creditCode", error.message)
        }
        guard let nature = EmployerNature(codeOrName: input.nature) else { throw RPCError.invalid(field: "\(prefix).nature", "请选择单位性质") }
        party.nature = nature.rawValue
        guard let industry = Industry(codeOrName: input.industry) else { throw RPCError.invalid(field: "\(prefix).industry", "请选择单位行业") }
        party.industry = industry.rawValue
        do {
            party.regionCode = try RegionCode(input.regionCode).value
        } catch {
            throw RPCError.invalid(field: "\(prefix).regionCode", error.message)
        }
        party.address = try Self.text(input.address, field: "\(prefix).address", label: "单位地址", max: 200)
        party.contactName = try Self.text(input.contactName, field: "\(prefix).contactName", label: "联系人", max: 50)
        guard let phone = ContactPhone(input.contactPhone) else {
            throw RPCError.invalid(field: "\(prefix).contactPhone", "联系电话格式不正确（手机号或带区号的固定电话）")
        }
        party.contactPhone = phone.value
        if !input.email.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let email = EmailAddress(input.email) else { throw RPCError.invalid(field: "\(prefix).email", "电子邮箱格式不正确") }
            party.email = email.value
        }
        return party
    }

    /// The job terms of §6.
    static func checkedJob(_ input: Graduate_Esigning_V1_JobTerms) throws -> Graduate_Esigning_V1_JobTerms {
        var job = Graduate_Esigning_V1_JobTerms()
        job.jobTitle = try Self.text(input.jobTitle, field: "job.jobTitle", label: "岗位名称", max: 50)
        job.workLocation = try Self.text(input.workLocation, field: "job.workLocation", label: "工作地点", max: 100)
        guard (1...1_000_000).contains(input.monthlySalaryYuan) else {
            throw RPCError.invalid(field: "job.monthlySalaryYuan", "月薪应为1到1000000元的整数")
        }
        job.monthlySalaryYuan = input.monthlySalaryYuan
        // 劳动合同法 第十九条: a probation of at most six months.
        guard (0...6).contains(input.probationMonths) else { throw RPCError.invalid(field: "job.probationMonths", "试用期应为0到6个月") }
        job.probationMonths = input.probationMonths
        job.contractTerm = try Self.text(input.contractTerm, field: "job.contractTerm", label: "合同期限", max: 20)
        job.otherTerms = try Self.text(input.otherTerms, field: "job.otherTerms", label: "其他约定", max: 2000, required: false)
        return job
    }
}
