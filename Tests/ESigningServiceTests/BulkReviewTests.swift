import ESigningService
import Foundation
import GRPCCore
import GraduateProto
import ServiceKit
import SwiftProtobuf
import Testing
import TransportTestSupport

/// 批量审核 (issue 13): many records, one review step, one reason; each record applied or
/// refused on its own, with a result per record.
@Suite("Bulk review")
struct BulkReviewTests {
    @Test("school-approve of three: two accepted offers pass, one still offered is refused alone; a reject needs its reason; bad requests refused whole")
    func bulk() async throws {
        try await ESigningHarness.run { h in
            let first = try await OfferFlowTests.setUp(h)
            let second = try await h.rosterGraduate("grad-2", name: "李娜", index: 2)
            let third = try await h.rosterGraduate("grad-3", name: "张强", index: 3)
            var ids: [String] = []
            for (id, graduate, name) in [(first, "grad-1", "王伟"), (second, "grad-2", "李娜"), (third, "grad-3", "张强")] {
                let offer = try await h.offer(from: "employer-1", to: id, name: name)
                if graduate != "grad-3" { _ = try await h.act(offer.id, "accept", as: try await h.graduate(graduate)) }
                ids.append(offer.id)
            }
            let school = try await h.schoolAdmin()
            var request = Graduate_Esigning_V1_BulkActRequest()
            request.agreementIds = ids
            request.action = "schoolApprove"
            let response = try await h.client.bulkAct(request, metadata: school)
            #expect(response.succeeded == 2 && response.failed == 1)
            #expect(response.results.map(\.agreementID) == ids)
            #expect(response.results.prefix(2).allSatisfy { $0.ok && $0.statusName == "签约审核通过" })
            let refused = try #require(response.results.last)
            #expect(!refused.ok && refused.errorCode == Int32(RPCError.Code.failedPrecondition.rawValue) && !refused.errorMessage.isEmpty)
            // The refused one is unchanged; the others are effective, numbered.
            let unchanged = try await h.client.getAgreement(.with { $0.agreementID = ids[2] }, metadata: school)
            #expect(unchanged.status == "offered")
            let approved = try await h.client.getAgreement(.with { $0.agreementID = ids[0] }, metadata: school)
            #expect(approved.status == "effective" && !approved.number.isEmpty)

            // A reject without a reason: refused per record, nothing changes.
            request.agreementIds = [ids[2]]
            request.action = "schoolReject"
            let noReason = try await h.client.bulkAct(request, metadata: school)
            #expect(noReason.failed == 1 && noReason.results.first?.ok == false)

            for (bad, field) in [([String](), "agreementIds"), ([ids[0], ids[0]], "agreementIds")] {
                request.agreementIds = bad
                request.action = "schoolApprove"
                var refusal: RPCError?
                do { _ = try await h.client.bulkAct(request, metadata: school) } catch let error as RPCError { refusal = error }
                #expect(refusal?.code == .invalidArgument && refusal?.field == field)
            }
            request.agreementIds = [ids[2]]
            request.action = "accept"
            #expect(await rpcCode { _ = try await h.client.bulkAct(request, metadata: school) } == .invalidArgument)
            #expect(await rpcCode { _ = try await h.client.bulkAct(request, metadata: try await h.graduate("grad-3")) } == .permissionDenied)
        }
    }
}
