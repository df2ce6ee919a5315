import GRPCCore
import GraduateProto
import Logging
import NIOCore
import Synchronization

/// One TCP connection of a client: allocates stream ids, routes response frames to the
/// calls waiting for them, and fails every open call with `unavailable` when it drops.
final class ClientConnection: Sendable {
    typealias ResponsePart = RPCResponsePart<WireBytes>

    private struct State {
        var nextStreamID: UInt32 = 1
        var streams: [UInt32: AsyncThrowingStream<ResponsePart, any Error>.Continuation] = [:]
        /// The server sent GoAway (or ids ran out): no new streams here.
        var isDraining = false
        var isClosed = false
        /// Close as soon as the last stream ends (the client transport is shutting down).
        var closeWhenIdle = false
    }

    let channel: any Channel
    private let outbound: NIOAsyncChannelOutboundWriter<Frame>
    private let state = Mutex(State())
    let remotePeer: String
    let localPeer: String

    init(channel: any Channel, outbound: NIOAsyncChannelOutboundWriter<Frame>) {
        self.channel = channel
        self.outbound = outbound
        self.remotePeer = channel.remoteAddress.map { "\($0)" } ?? "unknown"
        self.localPeer = channel.localAddress.map { "\($0)" } ?? "unknown"
    }

    var isUsable: Bool {
        self.state.withLock { !$0.isDraining && !$0.isClosed && !$0.closeWhenIdle }
    }

    /// Opens a stream; nil when this connection takes no new streams.
    func openStream() -> (UInt32, AsyncThrowingStream<ResponsePart, any Error>)? {
        let (responses, continuation) = AsyncThrowingStream.makeStream(of: ResponsePart.self, throwing: (any Error).self)
        let id: UInt32? = self.state.withLock { state in
            guard !state.isDraining, !state.isClosed, !state.closeWhenIdle else { return nil }
            let id = state.nextStreamID
            state.nextStreamID &+= 1
            if state.nextStreamID == 0 || state.nextStreamID == .max { state.isDraining = true }
            state.streams[id] = continuation
            return id
        }
        guard let id else { return nil }
        return (id, responses)
    }

    /// The caller is done with the stream. If no status came, the server is told to stop.
    func closeStream(_ id: UInt32) {
        let (stillOpen, closeNow) = self.state.withLock { state in
            let continuation = state.streams.removeValue(forKey: id)
            return (continuation != nil, state.streams.isEmpty && (state.closeWhenIdle || state.isDraining))
        }
        if stillOpen {
            self.sendDetached([.cancel(stream: id)])
        }
        if closeNow { self.channel.close(promise: nil) }
    }

    /// Routes one inbound frame. Returns true when it was a GoAway.
    func receive(_ frame: Frame) -> Bool {
        let id = frame.streamID
        switch frame.part {
        case .responseHeaders(let headers):
            self.continuation(of: id)?.yield(.metadata(PeerMetadata.response(headers.metadata)))
        case .message(let payload):
            self.continuation(of: id)?.yield(.message(WireBytes(payload)))
        case .status(let status):
            let continuation = self.state.withLock { $0.streams.removeValue(forKey: id) }
            continuation?.yield(.status(status.grpcStatus, PeerMetadata.response(status.trailers)))
            continuation?.finish()
            self.closeIfIdleAndDraining()
        case .goAway:
            self.state.withLock { $0.isDraining = true }
            self.closeIfIdleAndDraining()
            return true
        case .requestHeaders, .endOfStream, .cancel, .none:
            // Not for a client; ignoring keeps one odd frame from ending other calls.
            break
        }
        return false
    }

    private func continuation(of id: UInt32) -> AsyncThrowingStream<ResponsePart, any Error>.Continuation? {
        self.state.withLock { $0.streams[id] }
    }

    private func closeIfIdleAndDraining() {
        let closeNow = self.state.withLock { $0.streams.isEmpty && ($0.isDraining || $0.closeWhenIdle) }
        if closeNow { self.channel.close(promise: nil) }
    }

    /// Ends one call's response stream with `error`, on this side only.
    func fail(stream id: UInt32, with error: RPCError) {
        let continuation = self.state.withLock { $0.streams.removeValue(forKey: id) }
        continuation?.finish(throwing: error)
    }

    /// The connection is gone: every open call fails with `unavailable`.
    func failAll() {
        let continuations = self.state.withLock { state in
            state.isClosed = true
            defer { state.streams.removeAll() }
            return Array(state.streams.values)
        }
        for continuation in continuations {
            continuation.finish(throwing: RPCError(code: .unavailable, message: "connection to the server was lost"))
        }
    }

    func closeWhenIdle() {
        let closeNow = self.state.withLock { state in
            state.closeWhenIdle = true
            return state.streams.isEmpty
        }
        if closeNow { self.channel.close(promise: nil) }
    }

    func send(_ frames: [Frame]) async throws {
        do {
            try await self.outbound.write(contentsOf: frames)
        } catch {
            throw RPCError(code: .unavailable, message: "connection to the server was lost", cause: error)
        }
    }

    private func sendDetached(_ frames: [Frame]) {
        let outbound = self.outbound
        Task { try? await outbound.write(contentsOf: frames) }
    }
}

/// The request writer GRPCCore's client executor writes into for one stream. The headers
/// are held back and sent with the first message (or the end of the stream), so a unary
/// request costs two writes, not three.
final class ClientStreamWriter: ClosableRPCWriterProtocol, Sendable {
    typealias Element = RPCRequestPart<WireBytes>

    private struct State {
        var pendingHeaders: Frame?
        var isFinished = false
    }

    private let connection: ClientConnection
    private let id: UInt32
    private let descriptor: MethodDescriptor
    private let maximumFrameSize: Int
    private let state = Mutex(State())

    init(connection: ClientConnection, id: UInt32, descriptor: MethodDescriptor, maximumFrameSize: Int) {
        self.connection = connection
        self.id = id
        self.descriptor = descriptor
        self.maximumFrameSize = maximumFrameSize
    }

    func write(_ element: Element) async throws {
        // The server closes a connection that sends a frame over its limit, failing every
        // call on it: a message that cannot fit fails only its own call.
        if case .message(let bytes) = element, bytes.count > self.maximumFrameSize - ServerConnection.frameOverhead {
            let error = RPCError(
                code: .resourceExhausted,
                message: "request message of \(bytes.count) bytes exceeds the frame limit of \(self.maximumFrameSize) bytes"
            )
            let headersWereSent = self.state.withLock { state in
                defer { state.isFinished = true; state.pendingHeaders = nil }
                return !state.isFinished && state.pendingHeaders == nil
            }
            // The caller waits for the response stream: it ends here, with the reason.
            self.connection.fail(stream: self.id, with: error)
            if headersWereSent { try? await self.connection.send([.cancel(stream: self.id)]) }
            throw error
        }
        let frames: [Frame] = try self.state.withLock { state in
            guard !state.isFinished else {
                throw RPCError(code: .failedPrecondition, message: "the request stream is already finished")
            }
            switch element {
            case .metadata(let metadata):
                state.pendingHeaders = .requestHeaders(stream: self.id, method: self.descriptor, metadata: metadata)
                return []
            case .message(let bytes):
                defer { state.pendingHeaders = nil }
                return [state.pendingHeaders, .message(stream: self.id, bytes)].compactMap { $0 }
            }
        }
        if !frames.isEmpty { try await self.connection.send(frames) }
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements { try await self.write(element) }
    }

    func finish() async {
        let frames: [Frame] = self.state.withLock { state in
            guard !state.isFinished else { return [] }
            state.isFinished = true
            defer { state.pendingHeaders = nil }
            return [state.pendingHeaders, .endOfStream(stream: self.id)].compactMap { $0 }
        }
        if !frames.isEmpty { try? await self.connection.send(frames) }
    }

    func finish(throwing error: any Error) async {
        let headersWereSent = self.state.withLock { state in
            defer { state.isFinished = true; state.pendingHeaders = nil }
            return !state.isFinished && state.pendingHeaders == nil
        }
        if headersWereSent { try? await self.connection.send([.cancel(stream: self.id)]) }
    }
}
