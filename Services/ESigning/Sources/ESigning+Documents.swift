import AuthKit
import Crypto
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

/// The agreement PDF (§6), its verification, and the staff list as Excel.
extension ESigningService {
    /// Whether an agreement can be printed: effective or voided (marked so) in every flow, and
    /// the §4.2 e-agreement from its approval on, refusals of the signed scan included (the
    /// graduate prints it to sign on paper, and again after a refusal). An offer's refusals end it.
    static func printable(_ status: AgreementStatus, in flow: SigningFlow) -> Bool {
        if status.isEffective || status == .voided { return true }
        return flow == .graduateApplication
            && [.applicationApproved, .signedAwaitingDepartment, .signedAwaitingSchool, .departmentRejected, .schoolRejected].contains(status)
    }

    public func getAgreementPDF(
        request: Graduate_Esigning_V1_GetAgreementRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_AgreementDocument {
        let principal = try self.caller()
        let (record, sheet) = try await self.pool.read { db -> (AgreementRecord, AgreementSheet) in
            guard let record = try AgreementRecord.fetch(db, id: request.agreementID), try self.maySee(record, principal, db) else {
                throw RPCError.notFound("签约记录不存在")
            }
            guard Self.printable(record.status, in: record.flow) else {
                throw RPCError.wrongState("当前状态为“\(record.status.name)”，暂不能下载协议书")
            }
            return (record, try self.sheet(for: record, db))
        }
        let pdf: Data
        do {
            pdf = try AgreementPDF.render(sheet)
        } catch {
            throw RPCError(code: .internalError, message: "协议书生成失败：\(error.message)")
        }
        let sha256 = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
        try await self.pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO agreement_pdf (sha256, agreement_id, record_version, issued_at_ms) VALUES (?, ?, ?, ?)",
                arguments: [sha256, record.id, record.version, self.settings.clock()]
            )
        }
        var document = Graduate_Esigning_V1_AgreementDocument()
        document.content = pdf
        document.sha256 = sha256
        document.fileName = "就业协议书-\(record.number ?? record.graduateName).pdf"
        return document
    }

    public func getAgreementTemplate(
        request: Graduate_Esigning_V1_GetSigningSettingsRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_AgreementDocument {
        let principal = try self.caller()
        guard let school = principal.schoolCode else { throw RPCError.denied() }
        let cohort = try Self.checkedCohort(request.cohort)
        let settings = try await self.pool.read { db in try self.signingSettings(db, school: school, cohort: cohort) }
        let info = settings.schoolInfo
        // The form itself: the school's part filled in, the rest left blank to be written in.
        let sheet = AgreementSheet(
            number: nil, kind: settings.agreementType == "twoParty" ? .twoParty : .threeParty, status: "空白协议书（样本）",
            employer: .init(name: "", creditCode: "", nature: "", industry: "", location: "", address: "", contact: "", phone: "", email: ""),
            job: .init(title: "", workplace: "", monthlySalaryYuan: 0, probationMonths: 0, contractTerm: "", otherTerms: ""),
            graduate: .init(name: "", gender: "", idNumber: "", school: info.schoolName, department: "", major: "", educationLevel: "",
                            graduationDate: "", trainingMode: "", origin: "", phone: ""),
            school: .init(name: info.schoolName, office: info.employmentOffice, contact: info.contactName, phone: info.contactPhone,
                          address: info.address, postcode: info.postcode, opinion: info.opinion),
            signedAt: .init(), verificationURL: self.settings.publicURL + "/#/verify",
            issuedAt: Date(timeIntervalSince1970: Double(settings.updatedAtMs) / 1000)
        )
        let pdf: Data
        do {
            pdf = try AgreementPDF.render(sheet)
        } catch {
            throw RPCError(code: .internalError, message: "协议书模板生成失败：\(error.message)")
        }
        var document = Graduate_Esigning_V1_AgreementDocument()
        document.content = pdf
        document.sha256 = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
        document.fileName = "就业协议书模板-\(cohort)届.pdf"
        return document
    }

    public func verifyAgreement(
        request: Graduate_Esigning_V1_VerifyAgreementRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_AgreementVerification {
        guard !request.agreementID.isEmpty || !request.content.isEmpty else {
            throw RPCError.invalid(field: "file", "请上传协议书PDF，或扫描协议书上的二维码")
        }
        guard request.content.count <= Self.maxAttachmentBytes else { throw RPCError.invalid(field: "file", "文件不能超过10MB") }
        let sha256 = request.content.isEmpty ? nil : SHA256.hash(data: request.content).map { String(format: "%02x", $0) }.joined()
        return try await self.pool.read { db in
            var verification = Graduate_Esigning_V1_AgreementVerification()
            var agreementID = request.agreementID
            var issued: Row?
            if let sha256 {
                issued = try Row.fetchOne(db, sql: "SELECT * FROM agreement_pdf WHERE sha256 = ?", arguments: [sha256])
                guard let issued else { return verification }   // not a PDF this system issued
                agreementID = issued["agreement_id"]
                verification.issuedBySystem = true
                verification.issuedAtMs = issued["issued_at_ms"]
            }
            guard let record = try AgreementRecord.fetch(db, id: agreementID) else { return verification }
            verification.found = true
            verification.agreementID = record.id
            verification.number = record.number ?? ""
            verification.statusName = record.status.name
            verification.employerName = record.content.employer.name
            // Whoever holds the link sees no more than the paper shows, and the name masked.
            verification.graduateName = String(record.graduateName.prefix(1)) + String(repeating: "*", count: max(1, record.graduateName.count - 1))
            verification.schoolName = try String.fetchOne(db, sql: "SELECT name FROM school WHERE code = ?", arguments: [record.schoolCode]) ?? ""
            if let issued { verification.superseded = (issued["record_version"] as Int) < record.version }
            return verification
        }
    }

    public func exportAgreements(
        request: Graduate_Esigning_V1_ListAgreementsRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_ExportFile {
        let rows = try await Self.allPages(request) { page in
            let response = try await self.listAgreements(request: page, context: context)
            return (response.agreements.map(Self.exportRow), response.nextPageToken)
        }
        return try self.workbook(sheet: "在线签约管理", header: Self.exportHeader, rows: rows)
    }

    /// The guide's 在线签约管理 columns (without 操作), plus when the record last changed.
    static let exportHeader = ["签约发起方", "姓名", "院系", "专业", "学历", "身份证号", "当前协议编号", "签约单位", "学号", "签约状态", "更新时间"]

    static func exportRow(_ agreement: Graduate_Esigning_V1_Agreement) -> [XLSXWorkbook.Cell] {
        [
            .text(agreement.initiator), .text(agreement.graduate.name), .text(agreement.graduate.department),
            .text(agreement.graduate.major), .text(EducationLevel.name(ofCode: agreement.graduate.educationLevel) ?? ""),
            .text(agreement.graduate.idNumber), .text(agreement.number.isEmpty ? AgreementNumber.pending : agreement.number),
            .text(agreement.employer.name), .text(agreement.graduate.studentNumber), .text(agreement.statusName),
            .text(BeijingTime.minute(milliseconds: agreement.updatedAtMs)),
        ]
    }

    /// What the PDF shows: the record, the roster's 乙方, and the school's 签约设置.
    func sheet(for record: AgreementRecord, _ db: Database) throws -> AgreementSheet {
        let agreement = try record.proto(db, detailed: true)
        let settings = try self.signingSettings(db, school: record.schoolCode, cohort: record.cohort)
        let employer = agreement.employer
        let graduate = agreement.graduate
        let history = agreement.history
        func time(_ actions: [String]) -> Date? {
            history.last { actions.contains($0.action) }.map { Date(timeIntervalSince1970: Double($0.atMs) / 1000) }
        }
        let info = settings.schoolInfo
        return AgreementSheet(
            number: record.number,
            kind: record.agreementType == "twoParty" ? .twoParty : .threeParty,
            status: record.status.name,
            employer: .init(
                name: employer.name, creditCode: employer.creditCode,
                nature: EmployerNature.name(ofCode: employer.nature) ?? employer.nature,
                industry: Industry.name(ofCode: employer.industry) ?? employer.industry,
                location: Regions.display(employer.regionCode), address: employer.address, contact: employer.contactName,
                phone: employer.contactPhone, email: employer.email
            ),
            job: .init(
                title: agreement.job.jobTitle, workplace: agreement.job.workLocation,
                monthlySalaryYuan: Int(agreement.job.monthlySalaryYuan), probationMonths: Int(agreement.job.probationMonths),
                contractTerm: agreement.job.contractTerm, otherTerms: agreement.job.otherTerms
            ),
            graduate: .init(
                name: graduate.name, gender: graduate.gender, idNumber: graduate.idNumber,
                school: info.schoolName.isEmpty ? graduate.schoolName : info.schoolName, department: graduate.department,
                major: graduate.major, educationLevel: EducationLevel.name(ofCode: graduate.educationLevel) ?? "",
                graduationDate: graduate.graduationDate, trainingMode: graduate.trainingMode,
                origin: graduate.originRegion.isEmpty ? "" : Regions.display(graduate.originRegion),
                phone: graduate.mobile
            ),
            school: .init(
                name: info.schoolName.isEmpty ? graduate.schoolName : info.schoolName, office: info.employmentOffice,
                contact: info.contactName, phone: info.contactPhone, address: info.address, postcode: info.postcode,
                opinion: info.opinion
            ),
            signedAt: .init(
                employer: record.flow == .employerOffer ? time(["create"]) : nil,
                graduate: time(record.flow == .employerOffer ? ["accept"] : ["create", "uploadSigned"]),
                school: record.status.isEffective || record.status == .voided ? time(["schoolApprove"]) : nil
            ),
            verificationURL: self.settings.publicURL + "/#/verify/" + record.id,
            issuedAt: Date(timeIntervalSince1970: Double(record.updatedAt) / 1000),
            voided: record.status == .voided,
            voidReason: record.status == .voided ? record.lastReason : nil
        )
    }
}
