import EchoService
import Foundation
import GRPCCore
import GraduateProto
import NIOCore
import RPCTransport
import SwiftProtobuf
import Testing

/// Regression tests for what an outside tester broke on the wire (issue 10): each sends
/// the bytes that did it.
@Suite("TCP transport: robustness")
struct RobustnessTests {
    private func code(_ status: Status.Code) -> Int32 { Int32(status.rawValue) }

    @Test("a malformed grpc-timeout is refused with invalidArgument naming the header; the server lives on")
    func malformedTimeouts() async throws {
        try await withEchoServer { harness in
            // "-5m" killed the process: GRPCCore's Timeout(decoding:) traps on a negative amount.
            let bad = ["-5m", "-0S", "123456789m", "5", "m", "5x", "+5m", "1.5S", "", " 5m", "5m ", "٣m", "0x10S", "5M5"]
            var frames: [Frame] = []
            for (index, value) in bad.enumerated() {
                frames += callFrames(stream: UInt32(index * 2 + 1), metadata: [textEntry("grpc-timeout", value)])
            }
            // Twice is ambiguous, and a binary value is no timeout at all.
            frames += callFrames(stream: 101, metadata: [textEntry("grpc-timeout", "5S"), textEntry("grpc-timeout", "6S")])
            frames += callFrames(stream: 103, metadata: [binaryEntry("grpc-timeout", [0x2d, 0x35, 0x6d])])
            let count = bad.count + 2
            let transcript = try await exchangeFrames(port: harness.port, frames) { received in
                received.filter(\.isStatus).count >= count
            }
            let statuses = transcript.statuses
            #expect(statuses.count == count)
            for (stream, list) in statuses {
                #expect(list.count == 1)
                #expect(list.first?.code == self.code(.invalidArgument), "stream \(stream): \(list)")
                if stream != 103 { #expect(list.first?.message.contains("grpc-timeout") == true) }
            }
            #expect(transcript.goAway == nil)
            // A valid one is honoured.
            let payload: Data = try echoRequest("slow", delayMs: 10_000).serializedBytes()
            let timed = try await exchangeFrames(
                port: harness.port,
                callFrames(stream: 1, method: "graduate.testing.v1.Echo/Sleep", metadata: [textEntry("grpc-timeout", "200m")], message: payload)
            ) { $0.contains(where: \.isStatus) }
            #expect(timed.statuses[1]?.first?.code == self.code(.deadlineExceeded))
            #expect(try await harness.echo.echo(echoRequest("alive")).text == "alive")
        }
    }

    @Test("metadata is checked before GRPCCore sees it: binary values need -bin keys, keys are lower-cased, size is bounded")
    func metadataChecks() async throws {
        var limits = TransportLimits()
        limits.maximumMetadataSize = 1024
        try await withEchoServer(serverLimits: limits) { harness in
            let payload: Data = try echoRequest("x").serializedBytes()
            var frames = callFrames(stream: 1, metadata: [binaryEntry("authorization", [1, 2, 3])], message: payload)
            frames += callFrames(stream: 3, metadata: [textEntry("bad key", "x")], message: payload)
            frames += callFrames(stream: 5, metadata: [textEntry("x-padding", String(repeating: "a", count: 2000))], message: payload)
            frames += callFrames(stream: 7, metadata: [textEntry("X-Request-Id", "upper-case")], message: payload)
            frames += callFrames(stream: 9, metadata: [textEntry("", "empty key")], message: payload)
            let transcript = try await exchangeFrames(port: harness.port, frames) { received in
                received.filter(\.isStatus).count >= 5
            }
            let statuses = transcript.statuses
            #expect(statuses[1]?.first?.code == self.code(.invalidArgument))
            #expect(statuses[1]?.first?.message.contains("-bin") == true)
            #expect(statuses[3]?.first?.code == self.code(.invalidArgument))
            #expect(statuses[5]?.first?.code == self.code(.resourceExhausted))
            #expect(statuses[9]?.first?.code == self.code(.invalidArgument))
            #expect(statuses[7]?.first?.code == 0)
            let reply = transcript.frames.first { $0.streamID == 7 && { if case .message = $0.part { true } else { false } }($0) }
            if case .message(let bytes) = reply?.part {
                #expect(try Graduate_Testing_V1_EchoResponse(serializedBytes: bytes).requestID == "upper-case")
            } else {
                Issue.record("no reply on stream 7")
            }
        }
    }

    @Test("a unary call with zero or two request messages ends with one internalError status; the handler does not answer")
    func unaryMessageCount() async throws {
        try await withEchoServer { harness in
            let payload: Data = try echoRequest("once").serializedBytes()
            var frames = callFrames(stream: 1, message: nil)
            var twice = callFrames(stream: 3, message: payload, endOfStream: false)
            var second = Frame()
            second.streamID = 3
            second.message = payload
            twice.append(second)
            twice += [callFrames(stream: 3, message: nil).last!]
            frames += twice
            let transcript = try await exchangeFrames(port: harness.port, frames) { received in
                received.filter(\.isStatus).count >= 2
            }
            #expect(transcript.statuses[1]?.map(\.code) == [self.code(.internalError)])
            #expect(transcript.statuses[3]?.map(\.code) == [self.code(.internalError)])
            #expect(!transcript.frames.contains { if case .message = $0.part { true } else { false } })
        }
    }

    @Test("1,000 calls that never half-close each end with exactly one deadlineExceeded status")
    func deadlinesWithoutHalfClose() async throws {
        try await withEchoServer { harness in
            let payload: Data = try echoRequest("never finished").serializedBytes()
            let connections = 8
            let perConnection = 125
            let transcripts = try await withThrowingTaskGroup(of: WireTranscript.self) { group in
                for connection in 0..<connections {
                    group.addTask {
                        var frames: [Frame] = []
                        for call in 0..<perConnection {
                            // Half send their request and stop; half send only the headers.
                            frames += callFrames(
                                stream: UInt32(call * 2 + 1),
                                method: connection % 2 == 0 ? "graduate.testing.v1.Echo/Echo" : "graduate.testing.v1.Echo/Collect",
                                metadata: [textEntry("grpc-timeout", "300m")],
                                message: call % 2 == 0 ? payload : nil,
                                endOfStream: false
                            )
                        }
                        return try await exchangeFrames(port: harness.port, frames, within: .seconds(20)) { received in
                            received.filter(\.isStatus).count >= perConnection
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            var total = 0
            for transcript in transcripts {
                let statuses = transcript.statuses
                #expect(statuses.count == perConnection)
                for (stream, list) in statuses {
                    #expect(list.count == 1, "stream \(stream) got \(list.count) statuses")
                    #expect(list.first?.code == self.code(.deadlineExceeded))
                }
                total += statuses.values.filter { $0.count == 1 }.count
                #expect(!transcript.serverClosed)
            }
            #expect(total == connections * perConnection)
        }
    }

    @Test("a connection stalled mid-frame is closed with a GoAway after the read timeout; its open calls get unavailable")
    func readTimeout() async throws {
        var limits = TransportLimits()
        limits.readTimeout = .milliseconds(300)
        limits.closeGracePeriod = .milliseconds(200)
        try await withEchoServer(serverLimits: limits) { harness in
            let channel = try await RawByteConnection.connect(port: harness.port)
            let payload: Data = try echoRequest("slow", delayMs: 30_000).serializedBytes()
            let call = try encodeFrames(callFrames(stream: 1, method: "graduate.testing.v1.Echo/Sleep", message: payload))
            // Once the call runs, a frame that announces 100 bytes and brings 10.
            let service = harness.service
            let transcript = try await channel.send(call, then: [0, 0, 0, 100] + [UInt8](repeating: 0x08, count: 10), before: {
                try await waitUntil { service.startedSleepCount == 1 }
            }, within: .seconds(10))
            #expect(transcript.serverClosed)
            #expect(transcript.statuses[1]?.first?.code == self.code(.unavailable))
            let goAway = try #require(transcript.goAway)
            #expect(goAway.code == self.code(.deadlineExceeded))
            #expect(goAway.message.contains("read timeout"))
            #expect(goAway.lastStreamID == 1)
            // The status comes before the GoAway.
            let goAwayIndex = transcript.frames.firstIndex { if case .goAway = $0.part { true } else { false } }
            let statusIndex = transcript.frames.firstIndex(where: \.isStatus)
            #expect(statusIndex != nil && goAwayIndex != nil && statusIndex! < goAwayIndex!)
            try await waitUntil { harness.service.cancelledSleepCount == 1 }
        }
    }

    @Test("an idle connection gets a GoAway saying so and is closed; the Swift client reconnects when it next calls")
    func idleTimeout() async throws {
        var limits = TransportLimits()
        limits.idleTimeout = .milliseconds(300)
        // A client closes as soon as it reads an idle GoAway; the server closes only after the
        // grace period, so a call sent meanwhile is still served. The grace is long enough
        // here for a loaded machine's client to have read the GoAway: 1 s was not, once, on a
        // CI machine busy with the whole suite (the next call met the close: "connection to
        // the server was lost").
        limits.closeGracePeriod = .seconds(3)
        try await withEchoServer(serverLimits: limits) { harness in
            let transcript = try await exchangeFrames(port: harness.port, [], within: .seconds(10))
            #expect(transcript.serverClosed)
            let goAway = try #require(transcript.goAway)
            #expect(goAway.code == 0)
            #expect(goAway.message.contains("idle"))
            // The client's own connection went idle too; calling again just works.
            #expect(try await harness.echo.echo(echoRequest("first")).text == "first")
            try await Task.sleep(for: .seconds(2))
            #expect(try await harness.echo.echo(echoRequest("after idle")).text == "after idle")
            // A call longer than the idle timeout is not cut off.
            #expect(try await harness.echo.sleep(echoRequest("long", delayMs: 800)).text == "long")
        }
    }

    @Test("a protocol error gives every open stream an unavailable status, then a GoAway, then the close")
    func protocolErrorWithOpenStreams() async throws {
        try await withEchoServer { harness in
            let payload: Data = try echoRequest("slow", delayMs: 30_000).serializedBytes()
            var frames = callFrames(stream: 1, method: "graduate.testing.v1.Echo/Sleep", message: payload)
            frames += callFrames(stream: 3, method: "graduate.testing.v1.Echo/Sleep", message: payload)
            var empty = Frame()
            empty.streamID = 5
            frames.append(empty)
            let transcript = try await exchangeFrames(port: harness.port, frames)
            #expect(transcript.serverClosed)
            #expect(transcript.statuses[1]?.map(\.code) == [self.code(.unavailable)])
            #expect(transcript.statuses[3]?.map(\.code) == [self.code(.unavailable)])
            let goAway = try #require(transcript.goAway)
            #expect(goAway.code == self.code(.internalError))
            #expect(goAway.lastStreamID == 3)
            #expect(goAway.message.contains("frame without a part"))
            #expect(try await harness.echo.echo(echoRequest("others unaffected")).text == "others unaffected")
        }
    }

    @Test("a call refused or failed just before a protocol error still gets its status, before the GoAway (400 connections, 100 at once)")
    func statusBeforeErrorGoAway() async throws {
        try await withEchoServer { harness in
            // Found by the wire fuzz: a refusal's status was written from a detached task, and
            // the close for the protocol error that followed could overtake or drop it.
            let refused = try encodeFrames(callFrames(stream: 1, metadata: [binaryEntry("x", [1])], message: nil, endOfStream: false))
                + [0, 0, 0, 0]
            let payload: Data = try echoRequest("x", delayMs: 10).serializedBytes()
            var twice = callFrames(stream: 1, method: "graduate.testing.v1.Echo/Sleep", message: payload, endOfStream: false)
            twice.append(twice[1])
            let accepted = try encodeFrames(twice) + [0, 0, 0, 5, 0x4c, 0x08, 0x01, 0x22, 0x00]
            // Four waves of 100 at once: enough to race the writes, and within what a loaded
            // 2-core machine answers in time (400 at once overflowed the accept queue or the
            // read window when the other suites ran beside it).
            var transcripts: [WireTranscript] = []
            for wave in 0..<4 {
                transcripts += try await withThrowingTaskGroup(of: WireTranscript.self) { group in
                    for index in (wave * 100)..<(wave * 100 + 100) {
                        group.addTask {
                            let connection = try await RawByteConnection.connect(port: harness.port)
                            return try await connection.send(index % 2 == 0 ? refused : accepted, within: .seconds(30))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            for transcript in transcripts {
                let kinds = transcript.frames.map { frame -> String in
                    if frame.isStatus { return "status" }
                    if case .goAway = frame.part { return "goAway" }
                    return "other"
                }.filter { $0 != "other" }
                #expect(kinds == ["status", "goAway"], "closed by the server: \(transcript.serverClosed); \(transcript.frames)")
            }
        }
    }

    @Test("a response larger than the frame limit fails that call with resourceExhausted; the connection and its other calls live on")
    func oversizedResponse() async throws {
        var limits = TransportLimits()
        limits.maximumFrameSize = 64 * 1024
        try await withEchoServer(serverLimits: limits) { harness in
            // Collect joins its requests: ten 10 KB messages answer with one 100 KB message.
            var frames = callFrames(stream: 1, method: "graduate.testing.v1.Echo/Collect", message: nil, endOfStream: false)
            for _ in 0..<10 {
                var frame = Frame()
                frame.streamID = 1
                frame.message = try echoRequest(String(repeating: "档", count: 3_400)).serializedBytes()
                frames.append(frame)
            }
            var end = Frame()
            end.streamID = 1
            end.endOfStream = Graduate_Rpc_V1_EndOfStream()
            frames.append(end)
            frames += callFrames(stream: 3, message: try echoRequest("small").serializedBytes())
            let transcript = try await exchangeFrames(port: harness.port, frames) { received in
                received.filter(\.isStatus).count >= 2
            }
            #expect(transcript.statuses[1]?.map(\.code) == [self.code(.resourceExhausted)])
            #expect(transcript.statuses[1]?.first?.message.contains("frame limit") == true)
            #expect(transcript.statuses[3]?.map(\.code) == [0])
            #expect(transcript.goAway == nil)
            #expect(!transcript.serverClosed)
        }
    }

    @Test("a request larger than the frame limit fails on the client with resourceExhausted, and the connection stays")
    func oversizedRequest() async throws {
        var limits = TransportLimits()
        limits.maximumFrameSize = 64 * 1024
        let service = EchoService()
        let server = GRPCServer(transport: TCPServerTransport(host: "127.0.0.1", port: 0, limits: limits), services: [service])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            let port = try await server.transport.listeningPort
            let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: port, limits: limits))
            group.addTask { try await client.runConnections() }
            let echo = EchoClient(wrapping: client)
            let slow = Task { try await echo.sleep(echoRequest("in flight", delayMs: 300)) }
            var big = echoRequest("big")
            big.payload = Data(repeating: 7, count: 100 * 1024)
            let error = await #expect(throws: RPCError.self) { try await echo.echo(big) }
            #expect(error?.code == .resourceExhausted)
            #expect(try await slow.value.text == "in flight")
            #expect(try await echo.echo(echoRequest("next")).text == "next")
            client.beginGracefulShutdown()
            server.beginGracefulShutdown()
            try await group.waitForAll()
        }
    }
}

/// Frames as bytes, length prefix included.
func encodeFrames(_ frames: [Frame]) throws -> [UInt8] {
    var bytes: [UInt8] = []
    for frame in frames {
        let body: [UInt8] = try frame.serializedBytes()
        withUnsafeBytes(of: UInt32(body.count).bigEndian) { bytes += $0 }
        bytes += body
    }
    return bytes
}
