import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One answer of the gateway.
struct Reply: Sendable {
    var status: Int
    var body: ByteBuffer

    var text: String { String(buffer: self.body) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(self.body.readableBytesView))
    }

    /// The body as a JSON object (for the few seeding calls that read one or two keys).
    var object: [String: Any] {
        let data = Data(self.body.readableBytesView)
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    /// `METHOD path → status body…`, for error lines.
    func summary(_ method: HTTPMethod, _ path: String) -> String {
        let text = self.text
        return "\(method.rawValue) \(path) → \(self.status) \(text.prefix(300))"
    }
}

/// The gateway's JSON API over AsyncHTTPClient: HTTP/1.1 keep-alive, one pooled connection
/// per client in flight.
struct GatewayAPI: Sendable {
    let client: HTTPClient
    let base: String

    static func makeClient(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.httpVersion = .http1Only
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Sends a request; every non-GET carries a fresh `Idempotency-Key` as the web console's do.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        body: ByteBuffer? = nil,
        contentType: String = "application/json",
        token: String? = nil,
        timeout: TimeAmount = .seconds(120)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: self.base + path)
        request.method = method
        if let body {
            request.body = .bytes(body)
            request.headers.add(name: "Content-Type", value: contentType)
        }
        if let token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        if method != .GET { request.headers.add(name: "Idempotency-Key", value: UUID().uuidString) }
        let response = try await self.client.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return Reply(status: Int(response.status.code), body: bytes)
    }

    func send<Body: Encodable>(_ method: HTTPMethod, _ path: String, json: Body, token: String? = nil) async throws -> Reply {
        let data = try JSONEncoder().encode(json)
        return try await self.send(method, path, body: ByteBuffer(bytes: data), token: token)
    }

    /// A call that must answer `expected`; anything else stops the benchmark with the answer.
    func expect(_ expected: Int, _ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil, contentType: String = "application/json", token: String? = nil) async throws -> Reply {
        let reply = try await self.send(method, path, body: body, contentType: contentType, token: token)
        guard reply.status == expected else { throw BenchmarkFailure("expected \(expected): " + reply.summary(method, path)) }
        return reply
    }

    func expect<Body: Encodable>(_ expected: Int, _ method: HTTPMethod, _ path: String, json: Body, token: String? = nil) async throws -> Reply {
        let reply = try await self.send(method, path, json: json, token: token)
        guard reply.status == expected else { throw BenchmarkFailure("expected \(expected): " + reply.summary(method, path)) }
        return reply
    }

    /// Signs in (`POST /api/v1/sessions`) and returns the access token.
    func signIn(kind: String, school: String? = nil, _ identifier: String, _ password: String) async throws -> String {
        let body = SignIn(kind: kind, schoolCode: school, identifier: identifier, password: password)
        return try await self.expect(201, .POST, "/api/v1/sessions", json: body).decode(Session.self).accessToken
    }
}

struct SignIn: Encodable {
    var kind: String
    var schoolCode: String?
    var identifier: String
    var password: String
}

struct Session: Decodable {
    var accessToken: String
}

/// The two keys of an agreement the benchmark reads.
struct AgreementSummary: Decodable {
    var id: String
    var status: String
}

/// A `multipart/form-data` body.
struct Multipart {
    let boundary = "----signing-benchmark-" + UUID().uuidString
    private var buffer = ByteBuffer()

    var contentType: String { "multipart/form-data; boundary=\(self.boundary)" }

    mutating func field(_ name: String, _ value: String) {
        self.buffer.writeString("--\(self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    mutating func file(_ name: String, fileName: String, contentType: String, _ content: [UInt8]) {
        self.buffer.writeString(
            "--\(self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: \(contentType)\r\n\r\n"
        )
        self.buffer.writeBytes(content)
        self.buffer.writeString("\r\n")
    }

    func finished() -> ByteBuffer {
        var body = self.buffer
        body.writeString("--\(self.boundary)--\r\n")
        return body
    }
}
