import GRPCCore
import GraduateProto
import Logging
import NIOCore
import Synchronization

/// One accepted TCP connection: reads frames, routes them to their streams, runs one
/// handler task per stream, and writes the handlers' responses back as frames. It also
/// watches the connection's clock: a frame that never completes, an idle connection and a
/// peer that reads nothing are closed with a GoAway that says why (docs/PROTOCOL.md §5).
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

    private enum Phase {
        case open
        /// Sent an idle GoAway: calls that crossed it are still served; closes when quiet.
        case closingIdle(since: NIODeadline)
        /// Shutting down: new calls are refused; closes when the open ones have finished.
        case draining
        /// Closing for an error or a timeout: only the last words go out.
        case closing
    }

    private struct State {
        var streams: [UInt32: OpenStream] = [:]
        var phase = Phase.open
        var highestStreamID: UInt32 = 0
        /// Status frames decided (a stream marked finished, a call refused) but not written
        /// yet: a close for an error waits for them, so none is lost or comes after its GoAway.
        var statusesInFlight = 0
        var statusesWritten: CheckedContinuation<Void, Never>?
    }

    private let channel: any Channel
    private let output: ConnectionOutput
    private let activity: ReadActivity
    private let limits: TransportLimits
    private let logger: Logger
    private let state = Mutex(State())
    private let peer: String
    private let localPeer: String

    init(
        channel: any Channel,
        outbound: NIOAsyncChannelOutboundWriter<Frame>,
        activity: ReadActivity,
        limits: TransportLimits,
        logger: Logger
    ) {
        self.channel = channel
        self.output = ConnectionOutput(writer: outbound, channel: channel, limits: limits)
        self.activity = activity
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
            group.addTask { await self.watchClock() }
            do {
                for try await frame in inbound {
                    switch try self.receive(frame) {
                    case .start(let newStream):
                        group.addTask {
                            await self.runStream(newStream, streamHandler: streamHandler)
                        }
                    case .refused(let status):
                        // Queued before the next frame is read: a client that opens the same
                        // id again gets this status first (a detached write could lose that race).
                        try? await self.writeStatus(status)
                    case .none:
                        break
                    }
                    // Backpressure: a peer that does not read its answers is not read from.
                    await self.output.waitUntilPeerReads()
                }
            } catch let violation as ProtocolViolation {
                await self.close(code: .internalError, reason: "protocol error: \(violation.message)")
            } catch let error as FrameError {
                await self.close(code: .internalError, reason: "protocol error: \(error.description)")
            } catch {
                self.logger.debug("connection read failed", metadata: ["peer": "\(self.peer)", "error": "\(error)"])
            }
            // The peer is gone (or broke the protocol): stop every handler still running.
            self.cancelAllStreams()
            self.output.close()
            group.cancelAll()
        }
        // What was queued for a peer that stopped reading is free now: give it back.
        if self.output.wasEverBlocked { FreedMemory.giveBack() }
    }

    private struct NewStream: Sendable {
        var id: UInt32
        var descriptor: MethodDescriptor
        var requests: AsyncThrowingStream<RequestPart, any Error>
        var deadline: ContinuousClock.Instant?
    }

    /// What an inbound frame asks of the read loop.
    private enum Received {
        /// A call whose handler must be started.
        case start(NewStream)
        /// A call refused on opening: its status frame, to write before reading on.
        case refused(Frame)
        case none
    }

    /// Applies one inbound frame.
    private func receive(_ frame: Frame) throws -> Received {
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
        return .none
    }

    private enum OpenDecision {
        case start(NewStream)
        case refuse(Status)
        case ignore
    }

    private func open(id: UInt32, headers: Graduate_Rpc_V1_RequestHeaders) throws -> Received {
        guard id != 0 else { throw ProtocolViolation(message: "stream id 0 is reserved for the connection") }
        // Checked before GRPCCore sees any of it (it traps on some values).
        let checked = Result { () throws(PeerMetadata.Problem) in
            try PeerMetadata(request: headers.metadata, maximumSize: self.limits.maximumMetadataSize)
        }

        let decision: OpenDecision = try self.state.withLock { state in
            let decision = try self.decide(id: id, headers: headers, checked: checked, state: &state)
            if case .refuse = decision { state.statusesInFlight += 1 }
            return decision
        }

        switch decision {
        case .start(let stream):
            return .start(stream)
        case .refuse(let status):
            return .refused(.status(stream: id, status, trailers: [:]))
        case .ignore:
            return .none
        }
    }

    private func decide(
        id: UInt32,
        headers: Graduate_Rpc_V1_RequestHeaders,
        checked: Result<PeerMetadata, PeerMetadata.Problem>,
        state: inout State
    ) throws -> OpenDecision {
        guard state.streams[id] == nil else {
            throw ProtocolViolation(message: "stream id \(id) is already open")
        }
        // Closing for an error: the GoAway's last_stream_id already tells the client this
        // call was never seen, and nothing may follow the GoAway.
        if case .closing = state.phase { return .ignore }
        state.highestStreamID = max(state.highestStreamID, id)
        if case .draining = state.phase {
            return .refuse(Status(code: .unavailable, message: "server is shutting down; retry on a new connection"))
        }
        if state.streams.count >= self.limits.maximumConcurrentStreams {
            return .refuse(Status(
                code: .resourceExhausted,
                message: "too many open streams on this connection (limit \(self.limits.maximumConcurrentStreams))"
            ))
        }
        let metadata: PeerMetadata
        switch checked {
        case .success(let valid): metadata = valid
        case .failure(let problem): return .refuse(Status(code: problem.code, message: problem.message))
        }
        guard let descriptor = MethodDescriptor(wireName: headers.method) else {
            return .refuse(Status(code: .unimplemented, message: "malformed method name '\(headers.method.prefix(200))'"))
        }
        let (requests, continuation) = AsyncThrowingStream.makeStream(
            of: RequestPart.self,
            throwing: (any Error).self,
            bufferingPolicy: .bufferingOldest(self.limits.maximumBufferedMessagesPerStream)
        )
        continuation.yield(.metadata(metadata.metadata))
        let deadline = metadata.timeout.map { ContinuousClock.now.advanced(by: $0) }
        state.streams[id] = OpenStream(requests: continuation, deadline: deadline)
        return .start(NewStream(id: id, descriptor: descriptor, requests: requests, deadline: deadline))
    }

    /// A status decided earlier is on the wire (or could not be written).
    private func statusWritten() {
        let waiter: CheckedContinuation<Void, Never>? = self.state.withLock { state in
            state.statusesInFlight -= 1
            guard state.statusesInFlight == 0 else { return nil }
            defer { state.statusesWritten = nil }
            return state.statusesWritten
        }
        waiter?.resume()
    }

    /// Returns once every status decided so far is written, or when the task is cancelled.
    private func waitForStatusesInFlight() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = self.state.withLock { state in
                    guard state.statusesInFlight > 0, !Task.isCancelled else { return true }
                    state.statusesWritten = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = self.state.withLock { state in
                defer { state.statusesWritten = nil }
                return state.statusesWritten
            }
            waiter?.resume()
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
                if let deadline = new.deadline {
                    // The handler may wait for a request that never comes (no end of stream):
                    // at the deadline the call gets its status and the handler is cancelled,
                    // whatever it is doing.
                    group.addTask {
                        guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
                        self.finishStream(new.id, status: Status(code: .deadlineExceeded, message: "deadline exceeded"), trailers: [:])
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
            if case .draining = state.phase { return state.streams.isEmpty }
            return false
        }
        self.activity.touch()
        if drained { self.finishDrained(after: []) }
    }

    // MARK: Ending the connection

    /// Tells the client to open no new streams here; the connection ends once the open
    /// ones have finished.
    func beginDraining() {
        let started: (last: UInt32, idle: Bool)? = self.state.withLock { state in
            switch state.phase {
            case .draining, .closing: return nil
            case .open, .closingIdle: break
            }
            state.phase = .draining
            return (state.highestStreamID, state.streams.isEmpty)
        }
        guard let started else { return }
        let goAway = Frame.goAway(lastStream: started.last, message: "server is shutting down")
        if started.idle {
            self.finishDrained(after: [goAway])
        } else {
            self.output.writeDetached([goAway])
        }
    }

    /// Every stream of a draining connection has ended. Finishing the writer sends what is
    /// still queued (the last statuses) and then half-closes, so nothing is cut off; the
    /// client closes its side on seeing that, and a client that does not is closed after a
    /// grace period.
    private func finishDrained(after lastFrames: [Frame]) {
        Task {
            try? await self.output.write(lastFrames)
            self.output.finish()
            await self.closeAfterGracePeriod()
        }
    }

    private func closeAfterGracePeriod() async {
        let channel = self.channel
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await channel.closeFuture.get() }
            group.addTask { try? await Task.sleep(for: self.limits.closeGracePeriod) }
            _ = await group.next()
            group.cancelAll()
        }
        try? await channel.close()
    }

    /// Closes the connection for an error or a timeout. Every stream still open gets an
    /// `unavailable` status first, then a GoAway says why (its `last_stream_id` is the
    /// highest stream the server saw), then the socket is half-closed and, after the grace
    /// period at most, closed. A peer that reads nothing does not hold this up.
    private func close(code: Status.Code, reason: String) async {
        let last: UInt32? = self.state.withLock { state in
            if case .closing = state.phase { return nil }
            state.phase = .closing
            return state.highestStreamID
        }
        guard let last else { return }
        self.logger.warning("closing connection", metadata: ["peer": "\(self.peer)", "reason": "\(reason)"])
        let openStreams = self.state.withLock { state in
            state.streams.keys.sorted().filter { id in
                guard !state.streams[id]!.isFinished else { return false }
                state.streams[id]!.isFinished = true
                return true
            }
        }
        let statuses = openStreams.map { id in
            Frame.status(stream: id, Status(code: .unavailable, message: "connection closed: \(reason)"), trailers: [:])
        }
        let lastWords = statuses + [.goAway(lastStream: last, code: code, message: reason)]
        let output = self.output
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Statuses decided before the close go first, then these, then the GoAway.
                await self.waitForStatusesInFlight()
                try? await output.write(lastWords)
                output.finish()
            }
            group.addTask { try? await Task.sleep(for: self.limits.closeGracePeriod) }
            _ = await group.next()
            group.cancelAll()
        }
        self.cancelAllStreams()
        self.output.close()
        await self.closeAfterGracePeriod()
    }

    /// Runs for the connection's life, checking its timeouts a few times per the shortest one.
    private func watchClock() async {
        let shortest = min(self.limits.readTimeout, self.limits.idleTimeout, self.limits.outputStallTimeout)
        let tick = max(.milliseconds(10), min(.seconds(1), shortest / 4))
        while (try? await Task.sleep(for: tick)) != nil {
            let now = NIODeadline.now()
            if let age = self.activity.partialFrameAge(now: now), age >= self.limits.readTimeout {
                await self.close(code: .deadlineExceeded, reason: "read timeout: a frame begun \(Self.format(age)) ago is still incomplete")
                return
            }
            if let blocked = self.output.blockedFor(now: now), blocked >= self.limits.outputStallTimeout {
                await self.close(code: .deadlineExceeded, reason: "write timeout: the client has read no answers for \(Self.format(blocked))")
                return
            }
            if self.checkIdle(now: now) { return }
        }
    }

    /// An idle connection gets a GoAway; once it has been quiet for the grace period after
    /// that (a call that crossed the GoAway is still served), it is closed.
    private func checkIdle(now: NIODeadline) -> Bool {
        guard self.activity.partialFrameAge(now: now) == nil else { return false }
        let quiet = self.activity.quietFor(now: now)
        enum Step { case none, goAway(UInt32), close }
        let grace = self.limits.closeGracePeriod
        let step: Step = self.state.withLock { state in
            guard state.streams.isEmpty else { return .none }
            switch state.phase {
            case .open where quiet >= self.limits.idleTimeout:
                state.phase = .closingIdle(since: now)
                return .goAway(state.highestStreamID)
            case .closingIdle(let since) where quiet >= grace && Self.elapsed(from: since, to: now) >= grace:
                state.phase = .closing
                return .close
            default:
                return .none
            }
        }
        switch step {
        case .none:
            return false
        case .goAway(let last):
            self.logger.debug("idle connection", metadata: ["peer": "\(self.peer)"])
            self.output.writeDetached([.goAway(
                lastStream: last,
                message: "idle for \(Self.format(self.limits.idleTimeout)); open a new connection for new calls"
            )])
            return false
        case .close:
            self.output.finish()
            self.output.close()
            Task { await self.closeAfterGracePeriod() }
            return true
        }
    }

    private static func elapsed(from start: NIODeadline, to end: NIODeadline) -> Duration {
        .nanoseconds(Int64(end.uptimeNanoseconds - min(start.uptimeNanoseconds, end.uptimeNanoseconds)))
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds >= 1 ? "\(Int(seconds)) s" : "\(Int(seconds * 1000)) ms"
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
            // The peer would refuse a larger frame and drop the whole connection with it.
            guard bytes.count <= self.limits.maximumFrameSize - Self.frameOverhead else {
                let message = "response message of \(bytes.count) bytes exceeds the frame limit of \(self.limits.maximumFrameSize) bytes"
                await self.finishStreamNow(id, status: Status(code: .resourceExhausted, message: message))
                throw RPCError(code: .resourceExhausted, message: message)
            }
            frame = .message(stream: id, bytes)
        case .status(let status, let trailers):
            guard let frame = self.statusFrame(id, status: status, trailers: trailers) else {
                throw RPCError(code: .cancelled, message: "stream \(id) has already ended")
            }
            try await self.writeStatus(frame)
            return
        }
        let open = self.state.withLock { state in state.streams[id].map { !$0.isFinished } ?? false }
        guard open else { throw RPCError(code: .cancelled, message: "stream \(id) has already ended") }
        try await self.output.write([frame])
    }

    /// A message frame's bytes besides its payload: the stream id and the field's tag and
    /// length, at most 5 + 1 + 1 + 5.
    static let frameOverhead = 16

    /// Marks the stream finished and builds its one status frame; nil if it already had one.
    /// The caller writes it with `writeStatus` (or `writeStatusDetached`).
    /// A failure after the deadline is reported as `deadlineExceeded`, whatever the handler
    /// threw on being cancelled.
    private func statusFrame(_ id: UInt32, status: Status, trailers: Metadata) -> Frame? {
        let deadline: ContinuousClock.Instant?? = self.state.withLock { state in
            guard let stream = state.streams[id], !stream.isFinished else { return .none }
            state.streams[id]!.isFinished = true
            state.statusesInFlight += 1
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
            self.writeStatusDetached(frame)
        }
    }

    /// Like `finishStream`, but returns once the status is written.
    private func finishStreamNow(_ id: UInt32, status: Status) async {
        if let frame = self.statusFrame(id, status: status, trailers: [:]) {
            try? await self.writeStatus(frame)
        }
    }

    /// Writes a status frame decided earlier (counted in `statusesInFlight`), even from a
    /// cancelled handler task: a call's status must reach the client.
    private func writeStatus(_ frame: Frame) async throws {
        defer { self.statusWritten() }
        try await self.output.writeEvenIfCancelled([frame])
    }

    /// The same, without waiting (for statuses the transport decides on its own).
    private func writeStatusDetached(_ frame: Frame) {
        Task { try? await self.writeStatus(frame) }
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
