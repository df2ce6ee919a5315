import Foundation
@testable import Gateway
import GRPCCore
import Hummingbird
import HummingbirdTesting
import RPCTransport
import ServiceKit
import Testing

/// What every response carries, and what the gateway refuses before a route runs (issue 11).
@Suite("Response headers, 405 and the token before the body")
struct ResponseHeadersTests {
    private func application() throws -> some ApplicationProtocol {
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: 1))
        return Application(router: try makeGatewayRouter(
            downstreams: Downstreams(accounts: ClientPool(name: "accounts", clients: [client]), esigning: ClientPool(name: "esigning", clients: [client]), archive: ClientPool(name: "archive", clients: [client]))
        ))
    }

    @Test("API answers, successes and errors alike, are no-store and carry the security headers")
    func noStoreAndSecurityHeaders() async throws {
        try await self.application().test(.router) { client in
            for (uri, method) in [("/api/v1/openapi.json", HTTPRequest.Method.get), ("/api/v1/graduates", .get), ("/api/v1/nothing-here", .get), ("/api/v1/sessions", .post)] {
                try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{")) { response in
                    #expect(response.headers[.cacheControl] == "no-store", "\(method) \(uri) \(response.status)")
                    #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff", "\(uri)")
                    #expect(response.headers[.init("X-Frame-Options")!] == "DENY", "\(uri)")
                    #expect(response.headers[.init("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true, "\(uri)")
                }
            }
        }
    }

    @Test("a known path with the wrong method is 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await self.application().test(.router) { client in
            for (uri, method, allow) in [
                ("/api/v1/code-lists", HTTPRequest.Method.delete, "GET"),
                ("/api/v1/sessions", .get, "POST"),
                ("/api/v1/graduates/g1", .get, "PUT"),
                ("/api/v1/warning-employers/91110108MA01DEMA1B", .put, "DELETE"),
                // A literal segment is its own route: /graduates/template is never /graduates/{id}.
                ("/api/v1/graduates/template", .post, "GET"),
                ("/api/v1/graduates/template", .put, "GET"),
            ] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                    #expect(String(buffer: response.body).contains("不支持该请求方法"))
                }
            }
            try await client.execute(uri: "/api/v1/no-such-thing", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("without a token a protected route is 401 before its body is checked; open routes still check the body")
    func tokenBeforeBody() async throws {
        try await self.application().test(.router) { client in
            for uri in ["/api/v1/departments", "/api/v1/offers", "/api/v1/warning-employers", "/api/v1/destination-registrations"] {
                try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "not json")) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(String(buffer: response.body).contains("unauthenticated"))
                }
                try await client.execute(
                    uri: uri, method: .post, headers: [.contentType: "application/json", .authorization: "Basic x"], body: ByteBuffer(string: "{}")
                ) { response in
                    #expect(response.status == .unauthorized, "\(uri) with a non-bearer header")
                }
            }
            try await client.execute(uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "not json")) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}

@Suite("Trusted proxies")
struct TrustedProxiesTests {
    @Test("X-Forwarded-For is believed only from a trusted proxy, right-most untrusted hop first")
    func clientAddress() throws {
        let proxies = try TrustedProxies("10.0.0.5, 172.16.0.0/12, ::1")
        // Not a proxy: the header is ignored, whatever it says.
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"]) == "203.0.113.9")
        // A proxy: the hop before it.
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["198.51.100.7"]) == "198.51.100.7")
        // A client that forges a first entry does not get to choose: the right-most untrusted hop counts.
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["6.6.6.6, 198.51.100.7"]) == "198.51.100.7")
        // Chains of trusted proxies are walked; repeated headers count in order.
        #expect(proxies.clientAddress(peer: "::1", forwardedFor: ["198.51.100.7", "172.20.1.1"]) == "198.51.100.7")
        // Garbage ends the walk at the last trusted hop.
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["<script>"]) == "10.0.0.5")
        // A NUL must not cut an entry down to an address (the C parser would stop there).
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["198.51.100.7\u{0}junk"]) == "10.0.0.5")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.2.3.4"]) == "127.0.0.1")
    }

    @Test("a bad entry in the setting is named")
    func parse() throws {
        for bad in ["nope", "10.0.0.0/33", "256.1.1.1"] {
            let error = #expect(throws: TrustedProxies.BadRange.self) { try TrustedProxies("10.0.0.1, \(bad)") }
            #expect(error?.text == bad)
        }
        #expect(!(try TrustedProxies("")).contains("127.0.0.1"))
    }
}
