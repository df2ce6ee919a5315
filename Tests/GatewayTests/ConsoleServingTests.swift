import Foundation
@testable import Gateway
import GRPCCore
import Hummingbird
import HummingbirdTesting
import Logging
import RPCTransport
import Testing

/// The gateway serves the web console's files next to the API, with headers that keep the
/// browser to the console's own scripts; API paths never fall through to files.
@Suite("Web console files")
struct ConsoleServingTests {
    private func application() throws -> some ApplicationProtocol {
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: 1))
        let directory = try #require(ConsoleFiles.bundledDirectory)
        return Application(router: try makeGatewayRouter(
            downstreams: Downstreams(accounts: ClientPool(name: "accounts", clients: [client]), esigning: ClientPool(name: "esigning", clients: [client]), archive: ClientPool(name: "archive", clients: [client])),
            consoleDirectory: directory
        ))
    }

    @Test("/ is the console's page, in Chinese, with a content security policy")
    func indexPage() async throws {
        try await self.application().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<html lang=\"zh-CN\">"))
                #expect(html.contains("全国高校毕业生毕业去向登记系统"))
                let policy = response.headers[.init("Content-Security-Policy")!] ?? ""
                #expect(policy.contains("script-src 'self'"))
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
                #expect(response.headers[.cacheControl] == "no-cache")
            }
        }
    }

    @Test("scripts are served as JavaScript modules")
    func scripts() async throws {
        try await self.application().test(.router) { client in
            try await client.execute(uri: "/js/app.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains("javascript") == true)
                #expect(String(buffer: response.body).contains("import"))
            }
        }
    }

    @Test("an unknown API path is a JSON 404, never a file; paths with .. are refused")
    func apiPathsAreNotFiles() async throws {
        try await self.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/index.html", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("\"code\":\"not_found\""))
            }
            try await client.execute(uri: "/js/../../Package.swift", method: .get) { response in
                #expect(response.status != .ok)
            }
            try await client.execute(uri: "/no-such-file.js", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
