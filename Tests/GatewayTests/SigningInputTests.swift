import Foundation
@testable import Gateway
import GRPCCore
import Hummingbird
import HummingbirdTesting
import RPCTransport
import Testing

/// The checks the gateway makes itself before asking the e-signing service: every request
/// here is refused (or answered) without a downstream, whose clients are never started.
@Suite("E-signing input checks (解约, 去向登记, 失效, 预警单位, 数据统计)")
struct SigningInputTests {
    private func application() throws -> some ApplicationProtocol {
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: 1))
        return Application(router: try makeGatewayRouter(
            downstreams: Downstreams(accounts: ClientPool(name: "accounts", clients: [client]), esigning: ClientPool(name: "esigning", clients: [client]), archive: ClientPool(name: "archive", clients: [client]))
        ))
    }

    private struct ErrorBody: Decodable {
        struct Inner: Decodable {
            var code: String
            var message: String
            var field: String?
        }

        var error: Inner
    }

    /// Sends the request and checks the status and the field the error names.
    private func expectError(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil,
        status: HTTPResponse.Status, field: String?, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await self.application().test(.router) { client in
            // A token-shaped header: the gateway checks that one is there before anything else
            // (the service behind it would verify it); these checks come after.
            var headers: HTTPFields = [.authorization: "Bearer not-verified-here"]
            if body != nil { headers[.contentType] = "application/json" }
            try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
                #expect(response.status == status, "\(method) \(uri)", sourceLocation: sourceLocation)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.error.field == field, "\(method) \(uri): \(error.error.message)", sourceLocation: sourceLocation)
                #expect(error.error.message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, sourceLocation: sourceLocation)
            }
        }
    }

    @Test("an unknown termination or registration action is 404 naming the action")
    func unknownActions() async throws {
        try await self.expectError(.post, "/api/v1/terminations/t1/approve", status: .notFound, field: "action")
        try await self.expectError(.post, "/api/v1/destination-registrations/r1/accept", status: .notFound, field: "action")
    }

    @Test("an action sub-resource of the contract's enum is the service's code")
    func actionCodes() {
        #expect(ActionCode.of(Operations.PostTerminationsIdAction.Input.Path.ActionPayload.departmentApprove) == "departmentApprove")
        #expect(ActionCode.of(Operations.PostTerminationsIdAction.Input.Path.ActionPayload.force) == "force")
        #expect(ActionCode.of(Operations.PostDestinationRegistrationsIdAction.Input.Path.ActionPayload.requestVoid) == "requestVoid")
        #expect(ActionCode.of(Operations.PostAgreementsIdAction.Input.Path.ActionPayload.uploadSigned) == "uploadSigned")
        #expect(Set(Operations.PostTerminationsIdAction.Input.Path.ActionPayload.allCases.map(\.rawValue)) == [
            "agree", "disagree", "department-approve", "department-reject", "school-approve", "school-reject", "resubmit", "force",
        ])
    }

    @Test("数据统计 needs a 4-digit cohort; every list's cohort is four digits from 2000 to 2100")
    func statisticsCohort() async throws {
        try await self.expectError(.get, "/api/v1/signing-statistics", status: .badRequest, field: "cohort")
        try await self.expectError(.get, "/api/v1/signing-statistics?cohort=27", status: .badRequest, field: "cohort")
        try await self.expectError(.get, "/api/v1/signing-statistics?cohort=abcd&format=xlsx", status: .badRequest, field: "cohort")
        for cohort in ["-999", "%2B202", "1999", "2101", "0202", "20245"] {
            try await self.expectError(.get, "/api/v1/agreements?cohort=\(cohort)", status: .badRequest, field: "cohort")
            try await self.expectError(.get, "/api/v1/graduates?cohort=\(cohort)", status: .badRequest, field: "cohort")
        }
    }

    @Test("list filters are checked: dates, kinds, statuses, categories, flows, format")
    func listFilters() async throws {
        try await self.expectError(.get, "/api/v1/terminations?from=2025-13-01", status: .badRequest, field: "from")
        try await self.expectError(.get, "/api/v1/terminations?from=2025-06-02&to=2025-06-01", status: .badRequest, field: "to")
        try await self.expectError(.get, "/api/v1/terminations?kind=paper", status: .badRequest, field: "kind")
        try await self.expectError(.get, "/api/v1/terminations?status=approved,bogus", status: .badRequest, field: "status")
        try await self.expectError(.get, "/api/v1/terminations?format=pdf", status: .badRequest, field: "format")
        try await self.expectError(.get, "/api/v1/destination-registrations?to=yesterday", status: .badRequest, field: "to")
        try await self.expectError(.get, "/api/v1/destination-registrations?category=10", status: .badRequest, field: "category")
        try await self.expectError(.get, "/api/v1/destination-registrations?status=effective", status: .badRequest, field: "status")
        try await self.expectError(.get, "/api/v1/invalid-records?kind=offer", status: .badRequest, field: "kind")
        try await self.expectError(.get, "/api/v1/invalid-records?cohort=20", status: .badRequest, field: "cohort")
        try await self.expectError(.get, "/api/v1/agreements?flows=employerOffer&flows=paper", status: .badRequest, field: "flows")
        try await self.expectError(.get, "/api/v1/warning-employers?nationalOnly=yes", status: .badRequest, field: "nationalOnly")
        try await self.expectError(.get, "/api/v1/warning-employers?pageSize=many", status: .badRequest, field: "pageSize")
    }

    @Test("bodies are checked: missing fields, wrong types, category 10")
    func bodies() async throws {
        // The constant segment wins over agreements/{id}/{action}: a body error, not an unknown action.
        try await self.expectError(.post, "/api/v1/agreements/a1/terminations", body: #"{"reason": 5}"#, status: .badRequest, field: "reason")
        try await self.expectError(.post, "/api/v1/agreements/a1/forced-termination", body: #"{"reason": "单位不回应"}"#,
                                   status: .badRequest, field: "attachmentSha256")
        try await self.expectError(.post, "/api/v1/terminations/t1/disagree", body: #"{"reason": []}"#, status: .badRequest, field: "reason")
        try await self.expectError(.post, "/api/v1/destination-registrations", body: #"{"category": "10", "fields": {}}"#,
                                   status: .badRequest, field: "category")
        try await self.expectError(.post, "/api/v1/destination-registrations", body: #"{"category": "80"}"#, status: .badRequest, field: "fields")
        try await self.expectError(.post, "/api/v1/destination-registrations", body: #"{"category": "80", "fields": {"admittingSchool": 1}}"#,
                                   status: .badRequest, field: "fields.admittingSchool")
        try await self.expectError(.post, "/api/v1/destination-registrations/r1/amend", body: #"{"category": "99"}"#,
                                   status: .badRequest, field: "category")
        try await self.expectError(.post, "/api/v1/warning-employers", body: #"{"creditCode": "91350100M000100Y43", "reason": "虚假宣传"}"#,
                                   status: .badRequest, field: "employerName")
        // A number that is no Int32 names its field (Foundation's decoder calls it invalid JSON).
        try await self.expectError(.post, "/api/v1/agreements/a1/amend", body: #"{"job": {"jobTitle": "工程师", "monthlySalaryYuan": 4294967296}}"#,
                                   status: .badRequest, field: "job.monthlySalaryYuan")
        try await self.expectError(.post, "/api/v1/agreements/a1/amend", body: #"{"job": {"probationMonths": 1.5}}"#,
                                   status: .badRequest, field: "job.probationMonths")
        try await self.expectError(.post, "/api/v1/agreements/a1/amend", body: #"{"reason": "改", "job": {"monthlySalaryYuan": -1e30}}"#,
                                   status: .badRequest, field: "job.monthlySalaryYuan")
        try await self.expectError(.post, "/api/v1/agreements/a1/amend", body: #"{"job": "#, status: .badRequest, field: nil)
    }
}
