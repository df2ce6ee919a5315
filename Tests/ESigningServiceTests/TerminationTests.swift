import AuthKit
import ESigningDomain
import ESigningService
import Foundation
import GRPCCore
import GraduateDomain
import GraduateProto
import SwiftProtobuf
import Testing
import TransportTestSupport

/// §4.4 and §4.5 over TCP: online terminations (the other party answers first), offline
/// ones with the 解约函, reviews, 强制解约, and the agreement staying effective until the end.
@Suite("Terminations over TCP")
struct TerminationTests {
    /// An effective agreement from an employer's offer (§4.1) of grad-1 with employer-1.
    static func effectiveOffer(_ h: ESigningHarness, reviewMode: String = "schoolOnly") async throws -> Graduate_Esigning_V1_Agreement {
        let idNumber = try await OfferFlowTests.setUp(h, reviewMode: reviewMode)
        let offer = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
        _ = try await h.act(offer.id, "accept", as: try await h.graduate("grad-1"))
        if reviewMode == "departmentThenSchool" {
            _ = try await h.act(offer.id, "departmentApprove", as: try await h.staff("cs-reviewer", role: .departmentAdmin, department: "dept-cs"))
        }
        return try await h.act(offer.id, "schoolApprove", as: try await h.schoolAdmin())
    }

    static func apply(_ h: ESigningHarness, _ agreementID: String, as caller: Metadata, reason: String = "个人原因", attachment: String = "") async throws -> Graduate_Esigning_V1_Termination {
        var request = Graduate_Esigning_V1_TerminationRequest()
        request.agreementID = agreementID
        request.reason = reason
        request.attachmentSha256 = attachment
        return try await h.client.applyTermination(request, metadata: caller)
    }

    static func act(_ h: ESigningHarness, _ id: String, _ action: String, as caller: Metadata, reason: String = "", attachment: String = "") async throws -> Graduate_Esigning_V1_Termination {
        var request = Graduate_Esigning_V1_TerminationActRequest()
        request.terminationID = id
        request.action = action
        request.reason = reason
        request.attachmentSha256 = attachment
        return try await h.client.actOnTermination(request, metadata: caller)
    }

    static func agreement(_ h: ESigningHarness, _ id: String) async throws -> Graduate_Esigning_V1_Agreement {
        try await h.client.getAgreement(.with { $0.agreementID = id }, metadata: try await h.schoolAdmin())
    }

    @Test("graduate applies, the employer refuses: 对方不同意解约 and the agreement stays effective")
    func counterpartyRefuses() async throws {
        try await ESigningHarness.run { h in
            let agreement = try await Self.effectiveOffer(h)
            let graduate = try await h.graduate("grad-1")
            let employer = try await h.employer("employer-1")
            #expect(await rpcCode { _ = try await Self.apply(h, agreement.id, as: graduate, reason: " ") } == .invalidArgument)
            let applied = try await Self.apply(h, agreement.id, as: graduate)
            #expect(applied.statusName == "毕业生申请解约，等待单位确认" && applied.kind == "online" && applied.initiator == "graduate")
            #expect(try await Self.agreement(h, agreement.id).openTerminationID == applied.id)
            // One termination at a time; the graduate cannot answer their own request; the school cannot 作废 meanwhile.
            #expect(await rpcCode { _ = try await Self.apply(h, agreement.id, as: employer) } == .alreadyExists)
            #expect(await rpcCode { _ = try await Self.act(h, applied.id, "agree", as: graduate) } == .permissionDenied)
            #expect(await rpcCode { _ = try await h.act(agreement.id, "void", as: try await h.schoolAdmin(), reason: "双方同意") } == .failedPrecondition)
            #expect(await rpcCode { _ = try await Self.act(h, applied.id, "disagree", as: employer) } == .invalidArgument)
            let refused = try await Self.act(h, applied.id, "disagree", as: employer, reason: "合同期未满")
            #expect(refused.statusName == "对方不同意解约" && refused.lastReason == "合同期未满")
            let after = try await Self.agreement(h, agreement.id)
            #expect(after.statusName == "签约审核通过" && after.openTerminationID.isEmpty)
            #expect(await rpcCode { _ = try await Self.act(h, applied.id, "agree", as: employer) } == .failedPrecondition)
            let types = try await h.outboxTypes()
            #expect(!types.contains("signing.destination.ended"))
        }
    }

    @Test("employer applies, graduate agrees, 院系 then school approve: 已解约, the graduate may sign again")
    func approvedTermination() async throws {
        try await ESigningHarness.run { h in
            let agreement = try await Self.effectiveOffer(h, reviewMode: "departmentThenSchool")
            let employer = try await h.employer("employer-1")
            let graduate = try await h.graduate("grad-1")
            let reviewer = try await h.staff("cs-reviewer", role: .departmentAdmin, department: "dept-cs")
            let applied = try await Self.apply(h, agreement.id, as: employer, reason: "岗位调整")
            #expect(applied.statusName == "单位申请解约，等待毕业生确认")
            let agreed = try await Self.act(h, applied.id, "agree", as: graduate)
            #expect(agreed.statusName == "解约审核中，等待院系审核")
            #expect(await rpcCode { _ = try await Self.act(h, applied.id, "schoolApprove", as: try await h.schoolAdmin()) } == .failedPrecondition)
            let passed = try await Self.act(h, applied.id, "departmentApprove", as: reviewer)
            #expect(passed.statusName == "解约审核中，等待学校审核")
            let counters = try await h.client.getCounters(.init(), metadata: try await h.schoolAdmin())
            #expect(counters.terminationCounts.first { $0.status == "awaitingSchool" }?.count == 1)
            #expect(counters.pendingTotal == 1)
            let approved = try await Self.act(h, applied.id, "schoolApprove", as: try await h.schoolAdmin())
            #expect(approved.statusName == "解约审核通过")
            #expect(approved.history.map(\.action) == ["create", "agree", "departmentApprove", "schoolApprove"])
            let ended = try await Self.agreement(h, agreement.id)
            #expect(ended.statusName == "已解约" && ended.number == agreement.number)
            #expect(ended.history.last?.action == "terminate")
            #expect(try await h.outboxTypes().contains("signing.destination.ended"))
            // Free again: a new offer can be accepted.
            let again = try await h.offer(from: "employer-1", to: agreement.graduate.idNumber, name: "王伟")
            #expect(try await h.act(again.id, "accept", as: graduate).statusName == "学生已同意签约，等待院系审核")
        }
    }

    @Test("a refused online termination leaves the agreement effective; a new application may follow")
    func refusedInReview() async throws {
        try await ESigningHarness.run { h in
            let agreement = try await Self.effectiveOffer(h)
            let graduate = try await h.graduate("grad-1")
            let applied = try await Self.apply(h, agreement.id, as: graduate)
            _ = try await Self.act(h, applied.id, "agree", as: try await h.employer("employer-1"))
            #expect(await rpcCode { _ = try await Self.act(h, applied.id, "schoolReject", as: try await h.schoolAdmin()) } == .invalidArgument)
            let refused = try await Self.act(h, applied.id, "schoolReject", as: try await h.schoolAdmin(), reason: "材料不全")
            #expect(refused.statusName == "解约审核不通过")
            #expect(try await Self.agreement(h, agreement.id).statusName == "签约审核通过")
            #expect(await rpcCode { _ = try await Self.act(h, applied.id, "resubmit", as: graduate, reason: "补充") } == .failedPrecondition)
            let second = try await Self.apply(h, agreement.id, as: graduate, reason: "已考取公务员")
            #expect(second.statusName == "毕业生申请解约，等待单位确认")
        }
    }

    @Test("offline termination: the 解约函 is required; refused, resubmitted, approved")
    func offlineTermination() async throws {
        try await ESigningHarness.run { h in
            try await OfferFlowTests.setUp(h)
            let graduate = try await h.graduate("grad-1")
            var back = Graduate_Esigning_V1_ApplyRequest()
            back.employer = ESigningHarness.employerParty(creditCode: OfferFlowTests.creditCode)
            back.job = ESigningHarness.job
            back.attachmentSha256 = try await h.upload(ESigningHarness.png, as: graduate)
            let registered = try await h.client.submitBackRegistration(back, metadata: graduate)
            let effective = try await h.act(registered.id, "schoolApprove", as: try await h.schoolAdmin())
            #expect(effective.statusName == "补登审核通过")
            // Offline agreements end offline: the employer cannot apply, the graduate needs the letter.
            #expect(await rpcCode { _ = try await Self.apply(h, effective.id, as: try await h.employer("employer-1")) } == .notFound)
            #expect(await rpcCode { _ = try await Self.apply(h, effective.id, as: graduate) } == .invalidArgument)
            let letter = try await h.upload(ScanFixture.png(variant: 1), as: graduate)
            let applied = try await Self.apply(h, effective.id, as: graduate, attachment: letter)
            #expect(applied.statusName == "线下解约审核中，等待学校审核" && applied.kind == "offline")
            #expect(applied.attachments.map(\.kind) == ["terminationProof"])
            let refused = try await Self.act(h, applied.id, "schoolReject", as: try await h.schoolAdmin(), reason: "解约函缺少单位盖章")
            #expect(refused.statusName == "解约审核不通过")
            #expect(try await Self.agreement(h, effective.id).statusName == "补登审核通过")
            let fixed = try await h.upload(ScanFixture.png(variant: 2), as: graduate)
            let resubmitted = try await Self.act(h, applied.id, "resubmit", as: graduate, attachment: fixed)
            #expect(resubmitted.statusName == "线下解约审核中，等待学校审核" && resubmitted.attachments.count == 2)
            let approved = try await Self.act(h, applied.id, "schoolApprove", as: try await h.schoolAdmin())
            #expect(approved.statusName == "解约审核通过")
            #expect(try await Self.agreement(h, effective.id).statusName == "已解约")
            // The letter is downloadable through the termination.
            let file = try await h.client.getAttachment(.with { $0.agreementID = applied.id; $0.sha256 = letter }, metadata: graduate)
            #expect(file.content == ScanFixture.png(variant: 1))
        }
    }

    @Test("强制解约: only the school, with a reason and a proof; it also closes an unanswered request")
    func forcedTermination() async throws {
        try await ESigningHarness.run { h in
            let agreement = try await Self.effectiveOffer(h)
            let school = try await h.schoolAdmin()
            let graduate = try await h.graduate("grad-1")
            let applied = try await Self.apply(h, agreement.id, as: graduate)
            let proof = try await h.upload(ESigningHarness.png, as: school)
            var force = Graduate_Esigning_V1_TerminationRequest()
            force.agreementID = agreement.id
            force.attachmentSha256 = proof
            #expect(await rpcCode { _ = try await h.client.forceTermination(force, metadata: school) } == .invalidArgument)
            force.reason = "单位长期未回应，已提交书面解约证明"
            force.attachmentSha256 = ""
            #expect(await rpcCode { _ = try await h.client.forceTermination(force, metadata: school) } == .invalidArgument)
            force.attachmentSha256 = proof
            let reviewer = try await h.staff("cs-reviewer", role: .departmentAdmin, department: "dept-cs")
            #expect(await rpcCode { _ = try await h.client.forceTermination(force, metadata: reviewer) } == .permissionDenied)
            #expect(await rpcCode { _ = try await h.client.forceTermination(force, metadata: graduate) } == .permissionDenied)
            let forced = try await h.client.forceTermination(force, metadata: school)
            #expect(forced.id == applied.id && forced.statusName == "学校已强制解约")
            #expect(try await Self.agreement(h, agreement.id).statusName == "已解约")
            // Nothing more to terminate.
            #expect(await rpcCode { _ = try await h.client.forceTermination(force, metadata: school) } == .failedPrecondition)
            let list = try await h.client.listTerminations(.with { $0.statuses = ["forced"] }, metadata: school)
            #expect(list.total == 1 && list.terminations.first?.employerName == "北京示范软件有限公司")
        }
    }

    @Test("after 31 August of the graduation year only the school terminates")
    func afterDeadline() async throws {
        try await ESigningHarness.run { h in
            let agreement = try await Self.effectiveOffer(h)
            h.clock.advance(days: 90)   // 2025-06-15 → mid-September 2025
            let refused = await rpcCode { _ = try await Self.apply(h, agreement.id, as: try await h.graduate("grad-1")) }
            #expect(refused == .failedPrecondition)
            let school = try await h.schoolAdmin()
            var force = Graduate_Esigning_V1_TerminationRequest()
            force.agreementID = agreement.id
            force.reason = "毕业生已入伍"
            force.attachmentSha256 = try await h.upload(ESigningHarness.png, as: school)
            #expect(try await h.client.forceTermination(force, metadata: school).statusName == "学校已强制解约")
        }
    }
}
