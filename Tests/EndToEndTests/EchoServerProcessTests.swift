import Foundation
import GRPCCore
import GraduateProto
import ProcessLauncher
import RPCTransport
import Testing

/// The transport between real processes: the echo test server is an executable wired
/// with ServiceKit exactly like a service.
@Suite("Transport between processes", .serialized)
struct EchoServerProcessTests {
    private func request(_ text: String, delayMs: UInt32 = 0) -> Graduate_Testing_V1_EchoRequest {
        var request = Graduate_Testing_V1_EchoRequest()
        request.text = text
        request.delayMs = delayMs
        return request
    }

    private func withClient(port: Int, _ body: (GRPCClient<TCPClientTransport>) async throws -> Void) async throws {
        var backoff = ReconnectBackoff()
        backoff.maximum = .milliseconds(500)
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: port, backoff: backoff))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.runConnections() }
            do { try await body(client) } catch {
                client.beginGracefulShutdown()
                throw error
            }
            client.beginGracefulShutdown()
            try await group.waitForAll()
        }
    }

    @Test("server killed: open calls fail unavailable; server back: the client reconnects by itself")
    func killAndReconnect() async throws {
        let port = try freePort()
        let server = try ServiceProcess("echo-test-server", port: port)
        try await server.waitUntilListening()
        try await self.withClient(port: port) { client in
            let echo = Graduate_Testing_V1_Echo.Client(wrapping: client)
            #expect(try await echo.echo(self.request("before")).text == "before")

            let open = (0..<10).map { index in
                Task { try await echo.sleep(self.request("open-\(index)", delayMs: 30_000)) }
            }
            try await Task.sleep(for: .milliseconds(300))
            server.killHard()
            for call in open {
                let error = await #expect(throws: RPCError.self) { _ = try await call.value }
                #expect(error?.code == .unavailable)
            }
            // While the server is down, calls fail fast.
            let down = await #expect(throws: RPCError.self) { _ = try await echo.echo(self.request("down")) }
            #expect(down?.code == .unavailable)

            try server.restart()
            try await server.waitUntilListening()
            // Same client object, no help from the test: it reconnects on its own.
            var recovered = false
            let end = ContinuousClock.now.advanced(by: .seconds(10))
            while !recovered, ContinuousClock.now < end {
                if let response = try? await echo.echo(self.request("after")) {
                    recovered = response.text == "after"
                } else {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(recovered)
        }
        _ = await server.terminate()
    }

    @Test("SIGTERM lets an open call finish, then the process exits cleanly")
    func gracefulSigterm() async throws {
        let port = try freePort()
        let server = try ServiceProcess("echo-test-server", port: port)
        try await server.waitUntilListening()
        try await self.withClient(port: port) { client in
            let echo = Graduate_Testing_V1_Echo.Client(wrapping: client)
            // The call must be running on the server before SIGTERM (a call the server never
            // saw is refused on shutdown, as it should be); a second's head start is plenty.
            let call = Task { try await echo.sleep(self.request("finishing", delayMs: 3_000)) }
            try await Task.sleep(for: .seconds(1))
            let exit = Task { await server.terminate() }
            #expect(try await call.value.text == "finishing")
            #expect(await exit.value == 0)
        }
    }

    @Test("the metrics endpoint counts calls by method and code")
    func metricsEndpoint() async throws {
        let port = try freePort()
        let metricsPort = try freePort()
        let server = try ServiceProcess("echo-test-server", port: port, arguments: ["--metrics-port", "\(metricsPort)"])
        try await server.waitUntilListening()
        try await self.withClient(port: port) { client in
            let echo = Graduate_Testing_V1_Echo.Client(wrapping: client)
            for _ in 0..<3 { _ = try await echo.echo(self.request("x")) }
            _ = try? await echo.fail(self.request("x"))
        }
        let metrics = try httpGet(port: metricsPort, path: "/metrics")
        #expect(metrics.contains(#"rpc_server_requests_total{method="graduate.testing.v1.Echo/Echo",code="ok"} 3"#))
        #expect(metrics.contains(#"method="graduate.testing.v1.Echo/Fail",code="unknown"} 1"#))
        // The internal error is logged on the server, never sent to the caller.
        #expect(server.log().contains("SECRET internal detail"))
        _ = await server.terminate()
    }

    @Test("health-probe says SERVING for a running service and fails for a stopped one")
    func healthProbe() async throws {
        let port = try freePort()
        let server = try ServiceProcess("echo-test-server", port: port)
        try await server.waitUntilListening()
        let probe = binaryDirectory().appendingPathComponent("health-probe").path
        let up = try runCommand(probe, ["--address", "127.0.0.1:\(port)"])
        #expect(up.status == 0 && up.output.contains("SERVING"))
        _ = await server.terminate()
        let down = try runCommand(probe, ["--address", "127.0.0.1:\(port)", "--timeout", "1"])
        #expect(down.status != 0)
    }

    @Test("a bad setting stops the process at once with a clear message")
    func badConfiguration() throws {
        let binary = binaryDirectory().appendingPathComponent("echo-test-server").path
        let result = try runCommand(binary, ["--port", "not-a-port"])
        #expect(result.status != 0)
        #expect(result.output.contains("--port / ECHO_PORT"))
    }
}

@Suite("C interop client")
struct CInteropTests {
    @Test("the libprotobuf-c client calls Health/Check and Echo on a real server process")
    func cClient() async throws {
        let root = repositoryRoot()
        let out = NSTemporaryDirectory() + "c-client-" + UUID().uuidString
        let build = try runCommand("/bin/bash", [root.appendingPathComponent("Tests/Interop/c-client/build.sh").path, out])
        try #require(build.status == 0, "C client build failed: \(build.output)")
        let client = out + "/health-client"

        let port = try freePort()
        let server = try ServiceProcess("echo-test-server", port: port)
        try await server.waitUntilListening()
        let result = try runCommand(client, ["127.0.0.1", "\(port)"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ok: Health/Check SERVING"))
        _ = await server.terminate()

        // With no server it must fail, not pretend.
        let refused = try runCommand(client, ["127.0.0.1", "\(port)"])
        #expect(refused.status != 0)
    }
}
