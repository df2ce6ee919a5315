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

/// §4.6 over TCP: 毕业去向登记 with the §7 fields and proof, reviews, 修改/作废 by the school,
/// the graduate's 作废 application, 定向/委培 units, and one effective destination across flows.
@Suite("Destination registrations over TCP")
struct RegistrationTests {
    static let furtherStudy = ["admittingSchool": "北京大学", "admittedMajor": "计算机科学与技术", "studyLevel": "硕士研究生"]

    static func register(
        _ h: ESigningHarness, as caller: Metadata, category: String = "80", fields: [String: String] = Self.furtherStudy,
        attachment: String? = nil, graduateID: String = ""
    ) async throws -> Graduate_Esigning_V1_DestinationRegistration {
        var request = Graduate_Esigning_V1_RegisterDestinationRequest()
        request.category = category
        request.fields = fields
        request.graduateID = graduateID
        if let attachment {
            request.attachmentSha256 = attachment
        } else {
            request.attachmentSha256 = try await h.upload(ESigningHarness.png, as: caller)
        }
        return try await h.client.registerDestination(request, metadata: caller)
    }

    static func act(
        _ h: ESigningHarness, _ id: String, _ action: String, as caller: Metadata, reason: String = "",
        category: String? = nil, fields: [String: String]? = nil
    ) async throws -> Graduate_Esigning_V1_DestinationRegistration {
        var request = Graduate_Esigning_V1_RegistrationActRequest()
        request.registrationID = id
        request.action = action
        request.reason = reason
        if let category, let fields {
            request.withChanges = true
            request.category = category
            request.fields = fields
        }
        return try await h.client.actOnRegistration(request, metadata: caller)
    }

    @Test("升学: fields and proof checked; refused, resubmitted, approved; an effective destination with its event")
    func registrationFlow() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await OfferFlowTests.setUp(h, reviewMode: "departmentThenSchool")
            // An offer that is open while the destination is registered (offers cannot be sent once one is effective).
            let offer = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            let graduate = try await h.graduate("grad-1")
            let school = try await h.schoolAdmin()
            let reviewer = try await h.staff("cs-reviewer", role: .departmentAdmin, department: "dept-cs")
            // Checked where it enters: the category, each required field, its format, the proof.
            await #expect(throws: RPCError.self) { _ = try await Self.register(h, as: graduate, category: "10") }
            var missing = Self.furtherStudy
            missing["admittingSchool"] = " "
            let error = await #expect(throws: RPCError.self) { _ = try await Self.register(h, as: graduate, fields: missing) }
            #expect(error?.metadata[stringValues: "field"].contains("fields.admittingSchool") == true)
            var badLevel = Self.furtherStudy
            badLevel["studyLevel"] = "本科"
            #expect(await rpcCode { _ = try await Self.register(h, as: graduate, fields: badLevel) } == .invalidArgument)
            #expect(await rpcCode { _ = try await Self.register(h, as: graduate, attachment: "") } == .invalidArgument)

            let registered = try await Self.register(h, as: graduate)
            #expect(registered.statusName == "去向登记审核中，等待院系审核")
            #expect(registered.categoryName == "升学" && registered.summary == "北京大学" && registered.fields["studyLevel"] == "11")
            #expect(registered.attachments.map(\.kind) == ["destinationProof"])
            #expect(await rpcCode { _ = try await Self.register(h, as: graduate) } == .alreadyExists)
            #expect(await rpcCode { _ = try await Self.act(h, registered.id, "departmentReject", as: reviewer) } == .invalidArgument)
            let refused = try await Self.act(h, registered.id, "departmentReject", as: reviewer, reason: "录取通知书不清晰")
            #expect(refused.statusName == "去向登记审核不通过" && refused.lastReason == "录取通知书不清晰")
            var corrected = Self.furtherStudy
            corrected["admittedMajor"] = "软件工程"
            let resubmitted = try await Self.act(h, registered.id, "resubmit", as: graduate, category: "80", fields: corrected)
            #expect(resubmitted.statusName == "去向登记审核中，等待院系审核" && resubmitted.fields["admittedMajor"] == "软件工程")
            _ = try await Self.act(h, registered.id, "departmentApprove", as: reviewer)
            let approved = try await Self.act(h, registered.id, "schoolApprove", as: school)
            #expect(approved.statusName == "去向登记审核通过" && approved.effectiveAtMs == h.clock.value)
            #expect(approved.history.map(\.action) == ["create", "departmentReject", "resubmit", "departmentApprove", "schoolApprove"])
            #expect(try await h.outboxTypes().contains("signing.destination.effective"))

            // One effective destination across flows: no offer can be accepted, no second registration.
            #expect(await rpcCode { _ = try await h.act(offer.id, "accept", as: graduate) } == .failedPrecondition)
            #expect(await rpcCode { _ = try await Self.register(h, as: graduate, category: "76", fields: ["occupation": "自由撰稿", "unitRegion": "110105"]) } == .failedPrecondition)

            // The school corrects it; the graduate asks to void it; it stays effective until approved.
            let amended = try await Self.act(h, registered.id, "amend", as: school, category: "80", fields: Self.furtherStudy)
            #expect(amended.statusName == "去向登记审核通过" && amended.fields["admittedMajor"] == "计算机科学与技术")
            #expect(await rpcCode { _ = try await Self.act(h, registered.id, "requestVoid", as: graduate) } == .invalidArgument)
            let request = try await Self.act(h, registered.id, "requestVoid", as: graduate, reason: "放弃读研，准备就业")
            #expect(request.statusName == "原有毕业去向作废申请，等待院系审核")
            let kept = try await Self.act(h, registered.id, "departmentReject", as: reviewer, reason: "请先与导师确认")
            #expect(kept.statusName == "去向登记审核通过")
            _ = try await Self.act(h, registered.id, "requestVoid", as: graduate, reason: "放弃读研，准备就业")
            _ = try await Self.act(h, registered.id, "departmentApprove", as: reviewer)
            let voided = try await Self.act(h, registered.id, "schoolApprove", as: school)
            #expect(voided.statusName == "学校已作废")
            #expect(try await h.outboxTypes().contains("signing.destination.ended"))
            // Free again.
            #expect(try await h.act(offer.id, "accept", as: graduate).statusName == "学生已同意签约，等待院系审核")
        }
    }

    @Test("a registration cannot be approved while an agreement is effective; withdraw; the school voids")
    func acrossFlows() async throws {
        try await ESigningHarness.run { h in
            try await OfferFlowTests.setUp(h)
            let graduate = try await h.graduate("grad-1")
            let school = try await h.schoolAdmin()
            let registration = try await Self.register(h, as: graduate, category: "70", fields: [:], attachment: "")
            #expect(registration.statusName == "去向登记审核中，等待学校审核")
            let offer = try await h.offer(from: "employer-1", to: registration.graduate.idNumber, name: "王伟")
            _ = try await h.act(offer.id, "accept", as: graduate)
            _ = try await h.act(offer.id, "schoolApprove", as: school)
            #expect(await rpcCode { _ = try await Self.act(h, registration.id, "schoolApprove", as: school) } == .failedPrecondition)
            let withdrawn = try await Self.act(h, registration.id, "withdraw", as: graduate)
            #expect(withdrawn.statusName == "毕业生已撤回")
            #expect(await rpcCode { _ = try await Self.act(h, registration.id, "withdraw", as: graduate) } == .failedPrecondition)
        }
    }

    @Test("定向/委培 graduates register their unit; after 31 August only the school registers, approved at once")
    func boundAndDeadline() async throws {
        try await ESigningHarness.run { h in
            try await OfferFlowTests.setUp(h)
            try await h.rosterGraduate("grad-2", name: "李娜", index: 2, trainingMode: "2")
            let bound = try await h.graduate("grad-2")
            var unit = ["unitName": "另一单位", "creditCode": OfferFlowTests.otherCredit, "unitRegion": "110105", "jobTitle": "教师"]
            let error = await #expect(throws: RPCError.self) { _ = try await Self.register(h, as: bound, category: "12", fields: unit) }
            #expect(error?.metadata[stringValues: "field"].contains("fields.unitName") == true)
            unit["unitName"] = "某市教育局"
            let registered = try await Self.register(h, as: bound, category: "12", fields: unit)
            #expect(registered.boundUnit && registered.summary == "某市教育局")

            h.clock.advance(days: 90)
            let graduate = try await h.graduate("grad-1")
            #expect(await rpcCode { _ = try await Self.register(h, as: graduate) } == .failedPrecondition)
            let school = try await h.schoolAdmin()
            let reviewer = try await h.staff("cs-reviewer", role: .departmentAdmin, department: "dept-cs")
            #expect(await rpcCode { _ = try await Self.register(h, as: reviewer, graduateID: "grad-1") } == .permissionDenied)
            #expect(await rpcCode { _ = try await Self.register(h, as: school, graduateID: "nobody") } == .notFound)
            let bySchool = try await Self.register(h, as: school, graduateID: "grad-1")
            #expect(bySchool.statusName == "去向登记审核通过" && bySchool.registeredBy == "school")
            #expect(bySchool.history.first?.actionName == "学校代为登记")
            #expect(await rpcCode { _ = try await Self.act(h, bySchool.id, "requestVoid", as: graduate, reason: "改为就业") } == .failedPrecondition)
            #expect(try await Self.act(h, bySchool.id, "void", as: school, reason: "毕业生已就业").statusName == "学校已作废")
        }
    }
}
