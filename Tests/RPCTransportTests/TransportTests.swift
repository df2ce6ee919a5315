import EchoService
import Foundation
import GRPCCore
import GRPCProtobuf
import GraduateProto
import NIOCore
import RPCTransport
import SwiftProtobuf
import Testing

@Suite("TCP transport")
struct TransportTests {
    @Test("a unary call round-trips its message and metadata")
    func unaryRoundTrip() async throws {
        try await withEchoServer { harness in
            var metadata = Metadata()
            metadata.addString("req-42", forKey: "x-request-id")
            let response = try await harness.echo.echo(echoRequest("就业协议书"), metadata: metadata)
            #expect(response.text == "就业协议书")
            #expect(response.requestID == "req-42")
        }
    }

    @Test("server streaming and client streaming work over the same connection")
    func streaming() async throws {
        try await withEchoServer { harness in
            let words = try await harness.echo.expand(echoRequest("签约 解约 补登")) { response in
                var words: [String] = []
                for try await message in response.messages { words.append(message.text) }
                return words
            }
            #expect(words == ["签约", "解约", "补登"])
            let joined = try await harness.echo.collect(
                request: StreamingClientRequest { writer in
                    for word in ["a", "b", "c"] { try await writer.write(echoRequest(word)) }
                }
            )
            #expect(joined.text == "a b c")
        }
    }

    @Test("an unknown method is answered unimplemented")
    func unknownMethod() async throws {
        try await withEchoServer { harness in
            let descriptor = MethodDescriptor(fullyQualifiedService: "graduate.testing.v1.Echo", method: "NoSuchMethod")
            let error = await #expect(throws: RPCError.self) {
                try await harness.client.unary(
                    request: ClientRequest(message: echoRequest("x")),
                    descriptor: descriptor,
                    serializer: ProtobufSerializer<Graduate_Testing_V1_EchoRequest>(),
                    deserializer: ProtobufDeserializer<Graduate_Testing_V1_EchoResponse>(),
                    options: .defaults
                ) { try $0.message }
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test("a payload that does not decode is answered invalidArgument")
    func undecodablePayload() async throws {
        try await withEchoServer { harness in
            let connection = try await RawFrameConnection.connect(port: harness.port)
            let frames = try await connection.exchange(
                Frame.testRequest(stream: 1, method: "graduate.testing.v1.Echo/Echo", payload: Data([0xFF, 0xFF, 0xFF, 0xFF]))
            ) { received in received.contains(where: \.isStatus) }
            let status = try #require(frames.compactMap(\.statusPart).first)
            #expect(status.code == Int32(Status.Code.invalidArgument.rawValue))
            #expect(!status.message.isEmpty)
        }
    }

    @Test("a handler's non-RPC error reaches the caller as unknown, without internals")
    func unknownErrorHidesInternals() async throws {
        try await withEchoServer { harness in
            let error = await #expect(throws: RPCError.self) { try await harness.echo.fail(echoRequest("x")) }
            #expect(error?.code == .unknown)
            #expect(error.map { !$0.message.contains("SECRET") && !$0.message.contains("sqlite") } == true)
        }
    }

    @Test("a timeout is deadlineExceeded for the caller, and the handler is cancelled")
    func deadlineExceededClientSide() async throws {
        try await withEchoServer { harness in
            var options = CallOptions.defaults
            // Long enough for the handler to start even while every other suite (and a first
            // build's page cache) loads the machine; the point is what happens at the deadline.
            // A first call sets up the connection, so the deadline is all the handler's.
            _ = try await harness.echo.echo(echoRequest("warm-up"))
            options.timeout = .seconds(3)
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await harness.echo.sleep(echoRequest("slow", delayMs: 10_000), options: options)
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(ContinuousClock.now - start < .seconds(8))
            #expect(harness.service.startedSleepCount == 1)
            try await waitUntil { harness.service.cancelledSleepCount == 1 }
            #expect(harness.service.finishedSleepCount == 0)
        }
    }

    @Test("the server itself answers deadlineExceeded when a call's grpc-timeout passes")
    func deadlineExceededServerSide() async throws {
        try await withEchoServer { harness in
            let connection = try await RawFrameConnection.connect(port: harness.port)
            let payload: Data = try echoRequest("slow", delayMs: 5_000).serializedBytes()
            let frames = try await connection.exchange(
                Frame.testRequest(stream: 9, method: "graduate.testing.v1.Echo/Sleep", metadata: [("grpc-timeout", "1500m")], payload: payload)
            ) { received in received.contains(where: \.isStatus) }
            let status = try #require(frames.compactMap(\.statusPart).first)
            #expect(status.code == Int32(Status.Code.deadlineExceeded.rawValue))
            try await waitUntil { harness.service.cancelledSleepCount == 1 }
        }
    }

    @Test("a caller that gives up cancels the handler on the server")
    func clientCancellation() async throws {
        try await withEchoServer { harness in
            let call = Task { try await harness.echo.sleep(echoRequest("slow", delayMs: 10_000)) }
            try await waitUntil { harness.service.startedSleepCount == 1 }
            call.cancel()
            _ = await call.result
            try await waitUntil { harness.service.cancelledSleepCount == 1 }
        }
    }

    @Test("1,000 concurrent calls on one connection each get their own answer")
    func thousandConcurrentCalls() async throws {
        try await withEchoServer { harness in
            let echo = harness.echo
            try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        // Random delays make the calls finish in an order unlike their start.
                        let response = try await echo.sleep(echoRequest("call-\(index)", delayMs: UInt32.random(in: 0...50)))
                        return (index, response.text)
                    }
                }
                var seen = Set<Int>()
                for try await (index, text) in group {
                    #expect(text == "call-\(index)")
                    seen.insert(index)
                }
                #expect(seen.count == 1000)
            }
            #expect(harness.service.finishedSleepCount == 1000)
        }
    }

    @Test("more open streams than the limit are refused with resourceExhausted")
    func tooManyStreams() async throws {
        var limits = TransportLimits()
        limits.maximumConcurrentStreams = 2
        try await withEchoServer(serverLimits: limits) { harness in
            let echo = harness.echo
            let slow = (0..<2).map { _ in Task { try await echo.sleep(echoRequest("slow", delayMs: 1_000)) } }
            try await waitUntil { harness.service.startedSleepCount == 2 }
            let error = await #expect(throws: RPCError.self) { try await echo.echo(echoRequest("one too many")) }
            #expect(error?.code == .resourceExhausted)
            for call in slow { _ = try await call.value }
            #expect(try await echo.echo(echoRequest("after")).text == "after")
        }
    }

    @Test("garbage bytes close only their own connection; the server keeps serving")
    func garbageBytes() async throws {
        try await withEchoServer { harness in
            var generator = SystemRandomNumberGenerator()
            for round in 0..<20 {
                var garbage = (0..<(64 + round * 37)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                // Every fourth round starts with a small, believable length prefix, so the
                // server reads a body of garbage (or waits for the rest of one) too.
                if round % 4 == 0 { garbage[0...2] = [0, 0, 0] }
                _ = try await sendRawBytes(garbage, toPort: harness.port, halfClose: true)
                #expect(try await harness.echo.echo(echoRequest("still here \(round)")).text == "still here \(round)")
            }
        }
    }

    @Test("an oversized frame gets a GoAway that says why, then the connection closes")
    func oversizedFrameOnTheWire() async throws {
        try await withEchoServer { harness in
            var bytes: [UInt8] = []
            withUnsafeBytes(of: UInt32(0x7FFF_FFFF).bigEndian) { bytes += $0 }
            let reply = try await sendRawBytes(bytes, toPort: harness.port)
            var buffer = ByteBuffer(bytes: reply)
            let frame = try #require(try FrameDecoder(maximumFrameSize: 1 << 20).nextFrame(from: &buffer))
            guard case .goAway(let goAway) = frame.part else {
                Issue.record("expected GoAway, got \(frame)")
                return
            }
            #expect(goAway.code == Int32(Status.Code.internalError.rawValue))
            #expect(goAway.message.contains("exceeds the maximum"))
            #expect(try await harness.echo.echo(echoRequest("ok")).text == "ok")
        }
    }

    @Test("graceful shutdown lets an open call finish")
    func gracefulShutdown() async throws {
        let service = EchoService()
        let transport = TCPServerTransport(host: "127.0.0.1", port: 0)
        let server = GRPCServer(transport: transport, services: [service])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            let port = try await transport.listeningPort
            let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: port))
            group.addTask { try await client.runConnections() }
            let echo = EchoClient(wrapping: client)
            let call = Task { try await echo.sleep(echoRequest("finishing", delayMs: 500)) }
            // Shut down only once the server is running the call: a call the server never
            // saw fails `unavailable` on shutdown, as it should.
            try await waitUntil { service.startedSleepCount == 1 }
            server.beginGracefulShutdown()
            #expect(try await call.value.text == "finishing")
            #expect(service.finishedSleepCount == 1)
            client.beginGracefulShutdown()
            try await group.waitForAll()
        }
    }
}

/// Polls `condition` for up to `timeout`; fails the test if it never holds.
func waitUntil(timeout: Duration = .seconds(5), _ condition: () -> Bool) async throws {
    let end = ContinuousClock.now.advanced(by: timeout)
    while !condition() {
        guard ContinuousClock.now < end else {
            Issue.record("condition not met within \(timeout)")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
