import EchoService
import Foundation
import GRPCCore
import GraduateProto
import NIOCore
import NIOPosix
import RPCTransport
import TransportTestSupport

typealias EchoClient = Graduate_Testing_V1_Echo.Client<TCPClientTransport>

/// A real server and client on loopback TCP inside the test process.
struct EchoHarness {
    var client: GRPCClient<TCPClientTransport>
    var echo: EchoClient { EchoClient(wrapping: self.client) }
    var service: EchoService
    var port: Int
}

func withEchoServer<T: Sendable>(
    serverLimits: TransportLimits = TransportLimits(),
    _ body: (EchoHarness) async throws -> T
) async throws -> T {
    let service = EchoService()
    let server = GRPCServer(transport: TCPServerTransport(host: "127.0.0.1", port: 0, limits: serverLimits), services: [service])
    return try await withServerAndClient(server) { client, port in
        try await body(EchoHarness(client: client, service: service, port: port))
    }
}

func echoRequest(_ text: String, delayMs: UInt32 = 0) -> Graduate_Testing_V1_EchoRequest {
    var request = Graduate_Testing_V1_EchoRequest()
    request.text = text
    request.delayMs = delayMs
    return request
}

/// A connection that speaks frames directly, below GRPCCore, to see exactly what the
/// server puts on the wire.
struct RawFrameConnection {
    let channel: NIOAsyncChannel<Frame, Frame>

    static func connect(port: Int) async throws -> RawFrameConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.framedAsyncChannel(maximumFrameSize: 1 << 24)
            }
        return RawFrameConnection(channel: channel)
    }

    /// Sends `frames`, then collects everything the server sends until it closes or
    /// `until` says stop.
    func exchange(_ frames: [Frame], until done: ([Frame]) -> Bool) async throws -> [Frame] {
        try await self.channel.executeThenClose { inbound, outbound in
            try await outbound.write(contentsOf: frames)
            var received: [Frame] = []
            for try await frame in inbound {
                received.append(frame)
                if done(received) { break }
            }
            return received
        }
    }
}

/// A connection that writes raw bytes, for garbage and oversized-frame tests. With
/// `halfClose` it then ends its side: garbage that happens to start with a small length
/// prefix leaves the server waiting for the rest of a frame, and only the end of the
/// stream tells it none is coming.
func sendRawBytes(_ bytes: [UInt8], toPort port: Int, halfClose: Bool = false) async throws -> [UInt8] {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelOption(.allowRemoteHalfClosure, value: true)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                    wrappingChannelSynchronously: channel,
                    configuration: .init(isOutboundHalfClosureEnabled: true)
                )
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        try await outbound.write(ByteBuffer(bytes: bytes))
        if halfClose { outbound.finish() }
        var received: [UInt8] = []
        do {
            for try await chunk in inbound { received += chunk.readableBytesView }
        } catch {
            // A reset after the server's last words is fine: they were already read.
        }
        return received
    }
}

extension Frame {
    static func testRequest(stream: UInt32, method: String, metadata: [(String, String)] = [], payload: Data) -> [Frame] {
        var headers = Frame()
        headers.streamID = stream
        var requestHeaders = Graduate_Rpc_V1_RequestHeaders()
        requestHeaders.method = method
        requestHeaders.metadata = metadata.map { key, value in
            var entry = Graduate_Rpc_V1_MetadataEntry()
            entry.key = key
            entry.text = value
            return entry
        }
        headers.requestHeaders = requestHeaders
        var message = Frame()
        message.streamID = stream
        message.message = payload
        var end = Frame()
        end.streamID = stream
        end.endOfStream = Graduate_Rpc_V1_EndOfStream()
        return [headers, message, end]
    }
}

extension Frame {
    var statusPart: Graduate_Rpc_V1_Status? {
        if case .status(let status) = self.part { status } else { nil }
    }

    var isStatus: Bool { self.statusPart != nil }
}
