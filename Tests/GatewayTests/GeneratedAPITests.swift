import Foundation
@testable import Gateway
import GRPCCore
import Hummingbird
import HummingbirdTesting
import RPCTransport
import Testing

/// The routes served by the code generated from `openapi.yaml` refuse bad requests the way
/// the hand-written ones do: the API's error body, Chinese, naming the field, before any
/// downstream service is asked (here there is none to ask).
@Suite("Generated API routes")
struct GeneratedAPITests {
    private func application() throws -> some ApplicationProtocol {
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: 1))
        return Application(router: try makeGatewayRouter(
            downstreams: Downstreams(accounts: ClientPool(name: "accounts", clients: [client]), esigning: ClientPool(name: "esigning", clients: [client]), archive: ClientPool(name: "archive", clients: [client]))
        ))
    }

    private static func error(_ body: ByteBuffer) throws -> [String: Any] {
        let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return try #require(json?["error"] as? [String: Any])
    }

    @Test("a bad body is 400 with the field; a wrong type is 415, a huge body 413; each carries the request id")
    func badBodies() async throws {
        let token: HTTPFields = [.authorization: "Bearer not-checked-before-the-body", .contentType: "application/json"]
        try await self.application().test(.router) { client in
            for (body, field) in [(#"{}"#, "name"), (#"{"name": 5}"#, "name"), (#"{"name": "a""#, nil as String?), ("[]", nil)] {
                try await client.execute(uri: "/api/v1/api-keys", method: .post, headers: token, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    let error = try Self.error(response.body)
                    #expect(error["code"] as? String == "invalid_argument", "\(body)")
                    #expect((error["message"] as? String)?.unicodeScalars.contains { $0.value >= 0x4E00 } == true, "\(body): \(error)")
                    if let field { #expect(error["field"] as? String == field, "\(body): \(error)") }
                    #expect(error["requestId"] as? String == response.headers[.init("X-Request-Id")!], "\(body)")
                }
            }
            try await client.execute(uri: "/api/v1/api-keys", method: .post, headers: [.authorization: "Bearer x", .contentType: "text/plain"], body: ByteBuffer(string: "name")) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            try await client.execute(uri: "/api/v1/api-key-sessions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(repeating: 0x20, count: 100_000)) { response in
                #expect(response.status == .contentTooLarge)
                let error = try Self.error(response.body)
                #expect(error["code"] as? String == "payload_too_large")
            }
        }
    }

    @Test("sign-in: an unknown kind or a missing password is a 400 naming the field, in Chinese, before accounts is asked")
    func signInBodies() async throws {
        try await self.application().test(.router) { client in
            for (body, field) in [
                (#"{"kind": "student", "identifier": "a", "password": "b"}"#, "kind"),
                (#"{"kind": "staff", "identifier": "a"}"#, "password"),
                (#"{"kind": "staff", "identifier": 1, "password": "b"}"#, "identifier"),
            ] {
                try await client.execute(uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    let error = try Self.error(response.body)
                    #expect(error["field"] as? String == field, "\(body): \(error)")
                    let message = error["message"] as? String ?? ""
                    #expect(!message.contains("Cannot") && message.unicodeScalars.contains { $0.value >= 0x4E00 }, "\(body): \(message)")
                }
            }
        }
    }

    @Test("times are written in Beijing time with its offset, and read with any offset")
    func beijingTimes() throws {
        let transcoder = BeijingDateTranscoder()
        let date = Date(milliseconds: 1_750_000_000_000)
        #expect(try transcoder.encode(date) == "2025-06-15T23:06:40+08:00")
        #expect(try transcoder.decode("2025-06-15T15:06:40Z") == date)
        #expect(try transcoder.decode("2025-06-15T23:06:40.000+08:00") == date)
        #expect(throws: DecodingError.self) { try transcoder.decode("2025-06-15 23:06") }
    }
}
