import AuthKit
import ESigningDomain
import ESigningService
import Foundation
import GRDB
import GRPCCore
import GraduateDomain
import GraduateProto
import SwiftProtobuf
import Testing
import TransportTestSupport

/// §4.2 and §4.3 over TCP, and the agreement's PDF, its verification and the Excel export.
@Suite("Applications, 补登 and agreement documents over TCP")
struct ApplicationFlowTests {
    static let creditCode = CreditCode.withCheckCharacter("91110108MA01DEMA1")

    static func apply(_ h: ESigningHarness, _ graduate: Metadata, flow: String, attachment: String = "") async throws -> Graduate_Esigning_V1_Agreement {
        var request = Graduate_Esigning_V1_ApplyRequest()
        request.employer = ESigningHarness.employerParty(creditCode: Self.creditCode)
        request.job = ESigningHarness.job
        request.attachmentSha256 = attachment
        return flow == "application"
            ? try await h.client.applyForAgreement(request, metadata: graduate)
            : try await h.client.submitBackRegistration(request, metadata: graduate)
    }

    @Test("apply → approve → upload the signed scan → refuse → upload again → approve; PDF, verification")
    func applicationFlow() async throws {
        try await ESigningHarness.run { h in
            try await h.school()
            try await h.rosterGraduate("grad-1", name: "王伟", index: 1)
            let graduate = try await h.graduate("grad-1")
            // Closed signing refuses the e-agreement; bad employer data is named by field.
            #expect(await rpcCode { _ = try await Self.apply(h, graduate, flow: "application") } == .failedPrecondition)
            try await h.openSigning()
            var bad = Graduate_Esigning_V1_ApplyRequest()
            bad.employer = ESigningHarness.employerParty(creditCode: "91110108MA01DEMA1X")
            bad.job = ESigningHarness.job
            do {
                _ = try await h.client.applyForAgreement(bad, metadata: graduate)
                Issue.record("a bad credit code was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument && error.metadata[stringValues: "field"].contains("employer.creditCode"))
            }

            let applied = try await Self.apply(h, graduate, flow: "application")
            #expect(applied.statusName == "就业协议审核中，等待学校审核")
            // A second application while this one runs is refused.
            #expect(await rpcCode { _ = try await Self.apply(h, graduate, flow: "application") } == .failedPrecondition)
            let school = try await h.schoolAdmin()
            #expect(await rpcCode { _ = try await h.client.getAgreementPDF(.with { $0.agreementID = applied.id }, metadata: graduate) } == .failedPrecondition)
            let approved = try await h.act(applied.id, "schoolApprove", as: school)
            #expect(approved.statusName == "就业协议审核通过，待上传已签协议")
            let draft = try await h.client.getAgreementPDF(.with { $0.agreementID = applied.id }, metadata: graduate)
            #expect(draft.content.starts(with: Data("%PDF".utf8)))

            // Upload: a text file is not a scan; a PNG is.
            #expect(await rpcCode { _ = try await h.upload(Data("not a scan".utf8), as: graduate) } == .invalidArgument)
            // Only what its decoder reads whole is stored: not a PDF header before HTML, nor a cut-off image.
            #expect(await rpcCode { _ = try await h.upload(Data("%PDF-1.4\n<html></html>".utf8), as: graduate) } == .invalidArgument)
            #expect(await rpcCode { _ = try await h.upload(ScanFixture.png().prefix(100), as: graduate) } == .invalidArgument)
            #expect(try await h.upload(ScanFixture.pdf("proof"), as: graduate).count == 64)
            #expect(await rpcCode { _ = try await h.act(applied.id, "uploadSigned", as: graduate) } == .invalidArgument)
            let scan = try await h.upload(ESigningHarness.png, as: graduate)
            // Someone else cannot attach my upload to their record.
            try await h.rosterGraduate("grad-2", name: "李娜", index: 2)
            let uploaded = try await h.act(applied.id, "uploadSigned", as: graduate, attachment: scan)
            #expect(uploaded.statusName == "签约审核中，等待学校审核")
            #expect(uploaded.attachments.map(\.contentType) == ["image/png"])
            let refused = try await h.act(applied.id, "schoolReject", as: school, reason: "扫描件不清晰")
            #expect(refused.statusName == "签约审核不通过（学校审核不通过）")
            _ = try await h.act(applied.id, "uploadSigned", as: graduate, attachment: scan)
            let effective = try await h.act(applied.id, "schoolApprove", as: school)
            #expect(effective.statusName == "签约审核通过" && effective.number == "2025110001000000001")
            #expect(await rpcCode { _ = try await h.act(applied.id, "withdraw", as: graduate) } == .failedPrecondition)
            let file = try await h.client.getAttachment(.with { $0.agreementID = applied.id; $0.sha256 = scan }, metadata: school)
            #expect(file.content == ESigningHarness.png)
            #expect(await rpcCode { _ = try await h.client.getAttachment(.with { $0.agreementID = applied.id; $0.sha256 = scan }, metadata: try await h.graduate("grad-2")) } == .notFound)

            // The PDF: reproducible, verifiable; a voided one is a new version and says so.
            let pdf = try await h.client.getAgreementPDF(.with { $0.agreementID = applied.id }, metadata: graduate)
            let again = try await h.client.getAgreementPDF(.with { $0.agreementID = applied.id }, metadata: school)
            #expect(pdf.sha256 == again.sha256 && pdf.content == again.content)
            #expect(pdf.fileName == "就业协议书-2025110001000000001.pdf")
            let verified = try await h.client.verifyAgreement(.with { $0.content = pdf.content })
            #expect(verified.issuedBySystem && verified.number == "2025110001000000001" && verified.graduateName == "王*" && !verified.superseded)
            var tampered = pdf.content
            tampered[tampered.count / 2] ^= 0xFF
            let forged = try await h.client.verifyAgreement(.with { $0.content = tampered })
            #expect(!forged.issuedBySystem && !forged.found)
            _ = try await h.act(applied.id, "void", as: school, reason: "毕业生与单位协商解除")
            let afterVoid = try await h.client.verifyAgreement(.with { $0.content = pdf.content })
            #expect(afterVoid.superseded && afterVoid.statusName == "学校已作废")
            let voidedPDF = try await h.client.getAgreementPDF(.with { $0.agreementID = applied.id }, metadata: graduate)
            #expect(voidedPDF.sha256 != pdf.sha256)
            let byLink = try await h.client.verifyAgreement(.with { $0.agreementID = applied.id })
            #expect(byLink.found && !byLink.issuedBySystem && byLink.statusName == "学校已作废")
        }
    }

    @Test("补登: needs the paper agreement; refused → corrected → approved → voided")
    func backRegistration() async throws {
        try await ESigningHarness.run { h in
            try await h.school()
            try await h.rosterGraduate("grad-1", name: "王伟", index: 1)
            let graduate = try await h.graduate("grad-1")
            #expect(await rpcCode { _ = try await Self.apply(h, graduate, flow: "back") } == .invalidArgument)
            #expect(await rpcCode { _ = try await Self.apply(h, graduate, flow: "back", attachment: String(repeating: "0", count: 64)) } == .invalidArgument)
            let scan = try await h.upload(ESigningHarness.png, as: graduate)
            let submitted = try await Self.apply(h, graduate, flow: "back", attachment: scan)
            #expect(submitted.statusName == "补登审核中，等待学校审核")
            let school = try await h.schoolAdmin()
            let refused = try await h.act(submitted.id, "schoolReject", as: school, reason: "协议缺少单位盖章")
            #expect(refused.statusName == "补登审核不通过")
            var resubmit = Graduate_Esigning_V1_ActRequest()
            resubmit.agreementID = submitted.id
            resubmit.action = "resubmit"
            // Only the job is corrected: the employer stays as it was (the API says employer and/or job).
            resubmit.withChanges = true
            resubmit.job = ESigningHarness.job
            resubmit.job.jobTitle = "测试工程师"
            resubmit.attachmentSha256 = scan
            let corrected = try await h.client.act(resubmit, metadata: graduate)
            #expect(corrected.statusName == "补登审核中，等待学校审核" && corrected.job.jobTitle == "测试工程师")
            #expect(corrected.employer == submitted.employer)
            let effective = try await h.act(submitted.id, "schoolApprove", as: school)
            #expect(effective.statusName == "补登审核通过" && effective.number == "2025210001000000001")
            let voided = try await h.act(submitted.id, "void", as: school, reason: "重复登记")
            #expect(voided.statusName == "学校已作废")
        }
    }

    @Test("签约设置's blank agreement template carries the school's information")
    func template() async throws {
        try await ESigningHarness.run { h in
            try await h.school()
            try await h.openSigning()
            let template = try await h.client.getAgreementTemplate(.with { $0.cohort = 2025 }, metadata: try await h.schoolAdmin())
            #expect(template.content.starts(with: Data("%PDF".utf8)))
            #expect(template.fileName == "就业协议书模板-2025届.pdf")
            #expect(await rpcCode { _ = try await h.client.getAgreementTemplate(.with { $0.cohort = 25 }, metadata: try await h.schoolAdmin()) } == .invalidArgument)
        }
    }

    @Test("the staff list exports to Excel with the guide's columns")
    func export() async throws {
        try await ESigningHarness.run { h in
            try await h.school()
            try await h.openSigning()
            for index in 1...3 {
                try await h.rosterGraduate("grad-\(index)", name: "学生\(index)", index: index)
                _ = try await Self.apply(h, try await h.graduate("grad-\(index)"), flow: "application")
            }
            let file = try await h.client.exportAgreements(.with { $0.cohort = 2025 }, metadata: try await h.schoolAdmin())
            #expect(file.content.starts(with: Data("PK".utf8)))
            #expect(file.fileName.hasPrefix("在线签约管理-") && file.fileName.hasSuffix(".xlsx"))
            #expect(await rpcCode { _ = try await h.client.exportAgreements(.init(), metadata: try await h.graduate("grad-1")) } == .permissionDenied)
        }
    }
}
