import Foundation
import GRPCCore
import GraduateProto
import NIOCore
import NIOPosix
import RPCTransport
import Synchronization

/// What a raw connection saw: the frames the server sent and whether it closed the
/// connection (rather than the test giving up waiting).
struct WireTranscript: Sendable {
    var frames: [Frame]
    var serverClosed: Bool

    var statuses: [UInt32: [Graduate_Rpc_V1_Status]] {
        var byStream: [UInt32: [Graduate_Rpc_V1_Status]] = [:]
        for frame in self.frames {
            if let status = frame.statusPart { byStream[frame.streamID, default: []].append(status) }
        }
        return byStream
    }

    var goAway: Graduate_Rpc_V1_GoAway? {
        for frame in self.frames {
            if case .goAway(let goAway) = frame.part { return goAway }
        }
        return nil
    }
}

/// Sends `frames` (and then `more`, if given, after `pause`) on a new connection and reads
/// what the server sends until `done` says stop, the server closes, or `within` passes.
func exchangeFrames(
    port: Int,
    _ frames: [Frame],
    within: Duration = .seconds(10),
    until done: @escaping @Sendable ([Frame]) -> Bool = { _ in false }
) async throws -> WireTranscript {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.framedAsyncChannel(maximumFrameSize: 1 << 24)
        }
    return try await channel.executeThenClose { inbound, outbound in
        if !frames.isEmpty { try await outbound.write(contentsOf: frames) }
        // Giving up closes the connection from this side, which ends the read loop.
        let gaveUp = Atomic<Bool>(false)
        let raw = channel.channel
        let timer = Task {
            guard (try? await Task.sleep(for: within)) != nil else { return }
            gaveUp.store(true, ordering: .relaxed)
            raw.close(promise: nil)
        }
        defer { timer.cancel() }
        var received: [Frame] = []
        do {
            for try await frame in inbound {
                received.append(frame)
                if done(received) { return WireTranscript(frames: received, serverClosed: false) }
            }
        } catch {
            // A reset after the server's last words still counts as its close.
        }
        let closed = !gaveUp.load(ordering: .relaxed)
        return WireTranscript(frames: received, serverClosed: closed)
    }
}

/// One call's frames, built by hand so the tests choose exactly what goes on the wire.
func callFrames(
    stream: UInt32,
    method: String = "graduate.testing.v1.Echo/Echo",
    metadata: [Graduate_Rpc_V1_MetadataEntry] = [],
    message: Data? = Data(),
    endOfStream: Bool = true
) -> [Frame] {
    var headers = Frame()
    headers.streamID = stream
    var requestHeaders = Graduate_Rpc_V1_RequestHeaders()
    requestHeaders.method = method
    requestHeaders.metadata = metadata
    headers.requestHeaders = requestHeaders
    var frames = [headers]
    if let message {
        var frame = Frame()
        frame.streamID = stream
        frame.message = message
        frames.append(frame)
    }
    if endOfStream {
        var end = Frame()
        end.streamID = stream
        end.endOfStream = Graduate_Rpc_V1_EndOfStream()
        frames.append(end)
    }
    return frames
}

func textEntry(_ key: String, _ value: String) -> Graduate_Rpc_V1_MetadataEntry {
    var entry = Graduate_Rpc_V1_MetadataEntry()
    entry.key = key
    entry.text = value
    return entry
}

func binaryEntry(_ key: String, _ value: [UInt8]) -> Graduate_Rpc_V1_MetadataEntry {
    var entry = Graduate_Rpc_V1_MetadataEntry()
    entry.key = key
    entry.binary = Data(value)
    return entry
}

/// A connection that writes raw bytes (half a frame, say) and reads the server's frames.
struct RawByteConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(port: Int) async throws -> RawByteConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawByteConnection(channel: channel)
    }

    /// Writes `bytes` (and, once `before` returns, `more`), then reads until the server
    /// closes or `within` passes.
    func send(
        _ bytes: [UInt8],
        then more: [UInt8] = [],
        before: @Sendable () async throws -> Void = {},
        within: Duration
    ) async throws -> WireTranscript {
        try await self.channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: bytes))
            if !more.isEmpty {
                try await before()
                try await outbound.write(ByteBuffer(bytes: more))
            }
            let gaveUp = Atomic<Bool>(false)
            let raw = self.channel.channel
            let timer = Task {
                guard (try? await Task.sleep(for: within)) != nil else { return }
                gaveUp.store(true, ordering: .relaxed)
                raw.close(promise: nil)
            }
            defer { timer.cancel() }
            var buffer = ByteBuffer()
            do {
                for try await chunk in inbound {
                    var chunk = chunk
                    buffer.writeBuffer(&chunk)
                }
            } catch {
                // A reset after the server's last words still counts as its close.
            }
            let closed = !gaveUp.load(ordering: .relaxed)
            var frames: [Frame] = []
            let decoder = FrameDecoder(maximumFrameSize: 1 << 24)
            while let frame = try decoder.nextFrame(from: &buffer) { frames.append(frame) }
            return WireTranscript(frames: frames, serverClosed: closed)
        }
    }
}
