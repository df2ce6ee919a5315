import EchoService
import Foundation
import GRPCCore
import GraduateProto
import NIOCore
import NIOPosix
import RPCTransport
import Testing

/// A client with connection patience waits through a reconnect (a restarted service) instead
/// of failing at once, and still fails with unavailable when nothing comes up in time.
@Suite("Connection patience")
struct ConnectionPatienceTests {
    /// A loopback port nobody listens on (bound and released), below the kernel's ephemeral
    /// range: the tests running alongside bind port 0 and get ephemeral ports, so none of them
    /// can take this one in the moment between its release here and the server's bind.
    func freePort() throws -> Int {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? "32768 60999"
        let ephemeralStart = range.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
        for _ in 0..<100 {
            let port = Int.random(in: 10_000..<max(10_001, ephemeralStart))
            guard let channel = try? ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: port).wait()
            else { continue }
            try channel.close().wait()
            return port
        }
        throw NoFreePort()
    }

    struct NoFreePort: Error {}

    @Test("a call made while the server is down succeeds once it comes up within the patience")
    func waitsForTheServer() async throws {
        let port = try self.freePort()
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: port, connectionPatience: .seconds(10)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.runConnections() }
            let call = Task { try await Graduate_Testing_V1_Echo.Client(wrapping: client).echo(echoRequest("still there?")) }
            try await Task.sleep(for: .milliseconds(700))
            let server = GRPCServer(transport: TCPServerTransport(host: "127.0.0.1", port: port), services: [EchoService()])
            group.addTask { try await server.serve() }
            let reply = try await call.value
            #expect(reply.text == "still there?")
            server.beginGracefulShutdown()
            client.beginGracefulShutdown()
            try await group.waitForAll()
        }
    }

    @Test("without a server the call fails with unavailable after the patience")
    func givesUp() async throws {
        let port = try self.freePort()
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: port, connectionPatience: .milliseconds(300)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.runConnections() }
            do {
                _ = try await Graduate_Testing_V1_Echo.Client(wrapping: client).echo(echoRequest("anyone?"))
                Issue.record("the call succeeded without a server")
            } catch let error as RPCError {
                #expect(error.code == .unavailable)
            }
            client.beginGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
