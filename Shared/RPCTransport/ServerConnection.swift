import GRPCCore
import GraduateProto
import Logging
import NIOCore
import Synchronization

/// One accepted TCP connection: reads frames, routes them to their streams, runs one
/// handler task per stream, and writes the handlers' responses back as frames.
final class ServerConnection: Sendable {
    typealias RequestPart = RPCRequestPart<WireBytes>
    typealias Inbound = RPCAsyncSequence<RequestPart, any Error>
    typealias Outbound = RPCWriter<RPCResponsePart<WireBytes>>.Closable

    private struct OpenStream {
        var requests: AsyncThrowingStream<RequestPart, any Error>.Continuation
        var cancellation: ServerContext.RPCCancellationHandle?
        var cancelRequested = false
        /// Set once a status frame went out (or the client cancelled): later writes are dropped.
        var isFinished = false
        var deadline: ContinuousClock.Instant?
    }

    private struct State {
        var streams: [UInt32: OpenStream] = [:]
        var isDraining = false
        var highestStreamID: UInt32 = 0
    }

    private let channel: any Channel
    private let outbound: NIOAsyncChannelOutboundWriter<Frame>
    private let limits: TransportLimits
    private let logger: Logger
    private let state = Mutex(State())
    private let peer: String
    private let localPeer: String

    init(
        channel: any Channel,
        outbound: NIOAsyncChannelOutboundWriter<Frame>,
        limits: TransportLimits,
        logger: Logger
    ) {
        self.channel = channel
        self.outbound = outbound
        self.limits = limits
        self.logger = logger
        self.peer = channel.remoteAddress.map { "\($0)" } ?? "unknown"
        self.localPeer = channel.localAddress.map { "\($0)" } ?? "unknown"
    }

    /// A protocol violation by the peer: the connection is told why and closed.
    private struct ProtocolViolation: Error {
        var message: String
    }

    func run(
        inbound: NIOAsyncChannelInboundStream<Frame>,
        streamHandler: @escaping @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void
    ) async {
        await withDiscardingTaskGroup { group in
            do {
                for try await frame in inbound {
                    if let newStream = try self.receive(frame) {
                        group.addTask {
                            await self.runStream(newStream, streamHandler: streamHandler)
                        }
                    }
                }
            } catch let violation as ProtocolViolation {
                await self.closeForProtocolError(violation.message)
            } catch let error as FrameError {
                await self.closeForProtocolError(error.description)
            } catch {
                self.logger.debug("connection read failed", metadata: ["peer": "\(self.peer)", "error": "\(error)"])
            }
            // The peer is gone (or broke the protocol): stop every handler still running.
            self.cancelAllStreams()
        }
    }

    private struct NewStream: Sendable {
        var id: UInt32
        var descriptor: MethodDescriptor
        var requests: AsyncThrowingStream<RequestPart, any Error>
        var timeout: Duration?
    }

    /// Applies one inbound frame; returns a stream whose handler must be started.
    private func receive(_ frame: Frame) throws -> NewStream? {
        let id = frame.streamID
        switch frame.part {
        case .requestHeaders(let headers):
            return try self.open(id: id, headers: headers)
        case .message(let payload):
            try self.yield(.message(WireBytes(payload)), to: id)
        case .endOfStream:
            let continuation = self.state.withLock { $0.streams[id]?.requests }
            continuation?.finish()
        case .cancel:
            self.cancel(id: id)
        case .responseHeaders, .status, .goAway:
            throw ProtocolViolation(message: "a client must not send response frames (stream \(id))")
        case .none:
            throw ProtocolViolation(message: "frame without a part (stream \(id))")
        }
        return nil
    }

    private enum OpenDecision {
        case start(NewStream)
        case refuse(Status)
    }

    private func open(id: UInt32, headers: Graduate_Rpc_V1_RequestHeaders) throws -> NewStream? {
        guard id != 0 else { throw ProtocolViolation(message: "stream id 0 is reserved for the connection") }
        let metadata = Metadata(entries: headers.metadata)
        let timeout = metadata[stringValues: "grpc-timeout"].first(where: { _ in true }).flatMap(GRPCTimeout.parse)

        let decision: OpenDecision = try self.state.withLock { state in
            guard state.streams[id] == nil else {
                throw ProtocolViolation(message: "stream id \(id) is already open")
            }
            state.highestStreamID = max(state.highestStreamID, id)
            if state.isDraining {
                return .refuse(Status(code: .unavailable, message: "server is shutting down; retry on a new connection"))
            }
            if state.streams.count >= self.limits.maximumConcurrentStreams {
                return .refuse(Status(
                    code: .resourceExhausted,
                    message: "too many open streams on this connection (limit \(self.limits.maximumConcurrentStreams))"
                ))
            }
            guard let descriptor = MethodDescriptor(wireName: headers.method) else {
                return .refuse(Status(code: .unimplemented, message: "malformed method name '\(headers.method)'"))
            }
            let (requests, continuation) = AsyncThrowingStream.makeStream(
                of: RequestPart.self,
                throwing: (any Error).self,
                bufferingPolicy: .bufferingOldest(self.limits.maximumBufferedMessagesPerStream)
            )
            continuation.yield(.metadata(metadata))
            state.streams[id] = OpenStream(
                requests: continuation,
                deadline: timeout.map { ContinuousClock.now.advanced(by: $0) }
            )
            return .start(NewStream(id: id, descriptor: descriptor, requests: requests, timeout: timeout))
        }

        switch decision {
        case .start(let stream):
            return stream
        case .refuse(let status):
            self.writeDetached([.status(stream: id, status, trailers: [:])])
            return nil
        }
    }

    private func yield(_ part: RequestPart, to id: UInt32) throws {
        guard let continuation = self.state.withLock({ $0.streams[id]?.requests }) else { return }
        if case .dropped = continuation.yield(part) {
            let overflow = RPCError(code: .resourceExhausted, message: "too many messages buffered on stream \(id)")
            self.finishStream(id, status: Status(code: .resourceExhausted, message: overflow.message), trailers: [:])
            continuation.finish(throwing: overflow)
            self.cancel(id: id)
        }
    }

    private func runStream(
        _ new: NewStream,
        streamHandler: @escaping @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void
    ) async {
        let stream = RPCStream(
            descriptor: new.descriptor,
            inbound: Inbound(wrapping: new.requests),
            outbound: Outbound(wrapping: ServerStreamWriter(connection: self, id: new.id))
        )
        await withServerContextRPCCancellationHandle { handle in
            self.attach(handle, to: new.id)
            let context = ServerContext(
                descriptor: new.descriptor,
                remotePeer: self.peer,
                localPeer: self.localPeer,
                cancellation: handle
            )
            // GRPCCore's cancellation handle only raises a flag; racing the handler against it
            // turns a cancel (client's, deadline's or shutdown's) into real task cancellation,
            // which GRDB, sleeps and child tasks honour.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await streamHandler(stream, context) }
                group.addTask { try? await handle.cancelled }
                if let timeout = new.timeout {
                    group.addTask {
                        guard (try? await Task.sleep(for: timeout)) != nil else { return }
                        self.expireDeadline(of: new.id)
                        handle.cancel()
                    }
                }
                _ = await group.next()
                group.cancelAll()
            }
        }
        self.removeStream(new.id)
    }

    private func attach(_ handle: ServerContext.RPCCancellationHandle, to id: UInt32) {
        let cancelled = self.state.withLock { state -> Bool in
            state.streams[id]?.cancellation = handle
            return state.streams[id]?.cancelRequested ?? true
        }
        // A cancel frame that arrived before the handler started still applies.
        if cancelled { handle.cancel() }
    }

    private func cancel(id: UInt32) {
        let handle: ServerContext.RPCCancellationHandle?? = self.state.withLock { state in
            guard state.streams[id] != nil else { return .none }
            state.streams[id]!.cancelRequested = true
            state.streams[id]!.isFinished = true
            return .some(state.streams[id]!.cancellation)
        }
        guard case .some(let maybeHandle) = handle else { return }
        maybeHandle?.cancel()
        self.state.withLock { $0.streams[id]?.requests }?.finish(throwing: RPCError(code: .cancelled, message: "cancelled by the client"))
    }

    private func expireDeadline(of id: UInt32) {
        self.finishStream(id, status: Status(code: .deadlineExceeded, message: "deadline exceeded"), trailers: [:])
    }

    private func cancelAllStreams() {
        let handles = self.state.withLock { state in
            state.streams.keys.map { id in
                state.streams[id]!.cancelRequested = true
                state.streams[id]!.isFinished = true
                return (state.streams[id]!.cancellation, state.streams[id]!.requests)
            }
        }
        for (handle, requests) in handles {
            handle?.cancel()
            requests.finish(throwing: RPCError(code: .unavailable, message: "connection closed"))
        }
    }

    private func removeStream(_ id: UInt32) {
        let drained = self.state.withLock { state in
            state.streams.removeValue(forKey: id)
            return state.isDraining && state.streams.isEmpty
        }
        if drained { self.finishDrained(after: []) }
    }

    /// Tells the client to open no new streams here; the connection ends once the open
    /// ones have finished.
    func beginDraining() {
        let (last, idle) = self.state.withLock { state in
            state.isDraining = true
            return (state.highestStreamID, state.streams.isEmpty)
        }
        let goAway = Frame.goAway(lastStream: last, message: "server is shutting down")
        if idle {
            self.finishDrained(after: [goAway])
        } else {
            self.writeDetached([goAway])
        }
    }

    /// Every stream of a draining connection has ended. Finishing the writer sends what is
    /// still queued (the last statuses) and then half-closes, so nothing is cut off; the
    /// client closes its side on seeing that, and a client that does not is closed after a
    /// grace period.
    private func finishDrained(after lastFrames: [Frame]) {
        let outbound = self.outbound
        let channel = self.channel
        Task {
            try? await outbound.write(contentsOf: lastFrames)
            outbound.finish()
            try? await Task.sleep(for: .seconds(5))
            channel.close(promise: nil)
        }
    }

    private func closeForProtocolError(_ message: String) async {
        self.logger.warning("protocol error; closing connection", metadata: ["peer": "\(self.peer)", "reason": "\(message)"])
        let last = self.state.withLock { $0.highestStreamID }
        // Written straight to the channel and awaited, so the reason is on the wire before
        // the connection closes.
        let goAway = Frame.goAway(lastStream: last, code: .internalError, message: "protocol error: \(message)")
        try? await self.channel.writeAndFlush(goAway)
        try? await self.channel.close()
    }

    // MARK: Writing responses

    /// Writes a response part of stream `id`, unless the stream already ended (a status went
    /// out, or the client cancelled): then the handler learns it with `cancelled`.
    func send(_ part: RPCResponsePart<WireBytes>, on id: UInt32) async throws {
        let frame: Frame
        switch part {
        case .metadata(let metadata):
            frame = .responseHeaders(stream: id, metadata: metadata)
        case .message(let bytes):
            frame = .message(stream: id, bytes)
        case .status(let status, let trailers):
            guard let frame = self.statusFrame(id, status: status, trailers: trailers) else {
                throw RPCError(code: .cancelled, message: "stream \(id) has already ended")
            }
            try await self.outbound.write(frame)
            return
        }
        let open = self.state.withLock { state in state.streams[id].map { !$0.isFinished } ?? false }
        guard open else { throw RPCError(code: .cancelled, message: "stream \(id) has already ended") }
        try await self.outbound.write(frame)
    }

    /// Marks the stream finished and builds its one status frame; nil if it already had one.
    /// A failure after the deadline is reported as `deadlineExceeded`, whatever the handler
    /// threw on being cancelled.
    private func statusFrame(_ id: UInt32, status: Status, trailers: Metadata) -> Frame? {
        let deadline: ContinuousClock.Instant?? = self.state.withLock { state in
            guard let stream = state.streams[id], !stream.isFinished else { return .none }
            state.streams[id]!.isFinished = true
            return .some(stream.deadline)
        }
        guard case .some(let maybeDeadline) = deadline else { return nil }
        var status = status
        if status.code != .ok, let deadline = maybeDeadline, ContinuousClock.now >= deadline {
            status = Status(code: .deadlineExceeded, message: "deadline exceeded")
        }
        return .status(stream: id, status, trailers: trailers)
    }

    /// Ends the stream with `status` if it has none yet (used by the transport itself).
    func finishStream(_ id: UInt32, status: Status, trailers: Metadata) {
        if let frame = self.statusFrame(id, status: status, trailers: trailers) {
            self.writeDetached([frame])
        }
    }

    private func writeDetached(_ frames: [Frame]) {
        let outbound = self.outbound
        Task { try? await outbound.write(contentsOf: frames) }
    }
}

/// The response writer GRPCCore's executor writes into for one stream.
struct ServerStreamWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCResponsePart<WireBytes>

    let connection: ServerConnection
    let id: UInt32

    func write(_ element: Element) async throws {
        try await self.connection.send(element, on: self.id)
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements {
            try await self.write(element)
        }
    }

    func finish() async {
        // The executor always writes a status before finishing; this only covers a writer
        // closed without one, which the client must still learn about.
        self.connection.finishStream(
            self.id,
            status: Status(code: .internalError, message: "the server ended the stream without a status"),
            trailers: [:]
        )
    }

    func finish(throwing error: any Error) async {
        let status: Status
        if let rpcError = error as? RPCError {
            status = Status(code: Status.Code(rpcError.code), message: rpcError.message)
        } else {
            status = Status(code: .unknown, message: "the server failed to process the call")
        }
        self.connection.finishStream(self.id, status: status, trailers: [:])
    }
}
