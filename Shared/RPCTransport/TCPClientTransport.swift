public import GRPCCore
public import Logging
public import NIOCore
public import NIOPosix
import Synchronization

/// A GRPCCore `ClientTransport` to one server address over plain TCP: one connection
/// multiplexing every call, re-established with backoff whenever it drops.
///
/// Calls made while no connection is up wait for the first attempt; once an attempt has
/// failed they fail fast with `unavailable` (gRPC's default), unless the call asked for
/// `waitForReady`, in which case it waits until connected or its deadline.
public final class TCPClientTransport: ClientTransport, Sendable {
    public typealias Bytes = WireBytes

    private enum Connectivity {
        case connecting
        case ready(ClientConnection)
        case transientFailure
        case shutDown
    }

    private struct Waiter {
        var continuation: CheckedContinuation<ClientConnection, any Error>
        var waitForReady: Bool
    }

    private struct State {
        var connectivity = Connectivity.connecting
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiterID: UInt64 = 0
        var isShutdown = false
        /// The connect loop, waiting for a call before it connects again.
        var demand: CheckedContinuation<Void, Never>?
    }

    public let retryThrottle: RetryThrottle? = nil
    private let host: String
    private let port: Int
    private let limits: TransportLimits
    private let backoff: ReconnectBackoff
    private let connectTimeout: TimeAmount
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())
    /// How long a call waits for a connection while reconnecting (a restarted service, say)
    /// before failing with `unavailable`; nil: fail at once unless the call says waitForReady.
    private let connectionPatience: Duration?

    public init(
        host: String,
        port: Int,
        limits: TransportLimits = TransportLimits(),
        backoff: ReconnectBackoff = ReconnectBackoff(),
        connectTimeout: Duration = .seconds(5),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        connectionPatience: Duration? = nil,
        logger: Logger = Logger(label: "rpc.client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.connectionPatience = connectionPatience
        self.host = host
        self.port = port
        self.limits = limits
        self.backoff = backoff
        self.connectTimeout = .nanoseconds(Int64(connectTimeout.seconds * 1e9))
        self.group = group
        self.logger = logger
    }

    public func config(forMethod descriptor: MethodDescriptor) -> MethodConfig? { nil }

    /// Runs for the transport's whole life: connects, serves the connection until it drops,
    /// and connects again after a backoff, until `beginGracefulShutdown`.
    public func connect() async throws {
        var failedAttempts = 0
        while !self.isShutdown, !Task.isCancelled {
            let drained: Bool
            do {
                drained = try await self.runOneConnection()
                failedAttempts = 0
            } catch {
                self.logger.debug("connect failed", metadata: ["target": "\(self.host):\(self.port)", "error": "\(error)"])
                self.enterTransientFailure()
                drained = false
                failedAttempts += 1
            }
            if self.isShutdown || Task.isCancelled { break }
            if drained {
                // The server said GoAway (it is restarting, or the connection sat idle):
                // connect again when a call needs it, not before.
                await self.waitForDemand()
            } else {
                await self.sleepUnlessShutdown(self.backoff.delay(attempt: max(0, failedAttempts - 1)))
            }
        }
        self.finishShutdown()
    }

    /// Connects and reads until the connection closes; returns whether the server drained it.
    private func runOneConnection() async throws -> Bool {
        let limits = self.limits
        let channel = try await ClientBootstrap(group: self.group)
            .connectTimeout(self.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: self.host, port: self.port) { channel in
                channel.framedAsyncChannel(maximumFrameSize: limits.maximumFrameSize)
            }

        var drained = false
        try await channel.executeThenClose { inbound, outbound in
            let connection = ClientConnection(channel: channel.channel, outbound: outbound)
            self.becameReady(connection)
            do {
                for try await frame in inbound {
                    if connection.receive(frame) {
                        drained = true
                        self.stopUsing(connection)
                    }
                }
            } catch {
                self.logger.debug("connection failed", metadata: ["error": "\(error)"])
            }
            self.stopUsing(connection)
            connection.failAll()
        }
        return drained
    }

    private var isShutdown: Bool { self.state.withLock { $0.isShutdown } }

    private func becameReady(_ connection: ClientConnection) {
        let (waiters, shutdown) = self.state.withLock { state in
            if state.isShutdown { return ([Waiter](), true) }
            state.connectivity = .ready(connection)
            defer { state.waiters.removeAll() }
            return (Array(state.waiters.values), false)
        }
        if shutdown { connection.closeWhenIdle() }
        for waiter in waiters { waiter.continuation.resume(returning: connection) }
    }

    private func stopUsing(_ connection: ClientConnection) {
        self.state.withLock { state in
            if case .ready(let current) = state.connectivity, current === connection {
                state.connectivity = state.isShutdown ? .shutDown : .connecting
            }
        }
    }

    private func enterTransientFailure() {
        let failed = self.state.withLock { state -> [Waiter] in
            guard !state.isShutdown else { return [] }
            state.connectivity = .transientFailure
            let failFast = state.waiters.filter { !$0.value.waitForReady }
            for id in failFast.keys { state.waiters.removeValue(forKey: id) }
            return Array(failFast.values)
        }
        for waiter in failed {
            waiter.continuation.resume(throwing: RPCError(
                code: .unavailable,
                message: "cannot connect to \(self.host):\(self.port)"
            ))
        }
    }

    private func waitForDemand() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = self.state.withLock { state in
                    guard !state.isShutdown, state.waiters.isEmpty, !Task.isCancelled else { return true }
                    state.demand = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            self.wakeConnectLoop()
        }
    }

    private func wakeConnectLoop() {
        let demand = self.state.withLock { state in
            defer { state.demand = nil }
            return state.demand
        }
        demand?.resume()
    }

    private func sleepUnlessShutdown(_ duration: Duration) async {
        let end = ContinuousClock.now.advanced(by: duration)
        while ContinuousClock.now < end, !self.isShutdown, !Task.isCancelled {
            try? await Task.sleep(for: min(.milliseconds(50), end - ContinuousClock.now))
        }
    }

    public func beginGracefulShutdown() {
        let (connection, waiters) = self.state.withLock { state -> (ClientConnection?, [Waiter]) in
            state.isShutdown = true
            var connection: ClientConnection?
            if case .ready(let current) = state.connectivity { connection = current }
            state.connectivity = .shutDown
            defer { state.waiters.removeAll() }
            return (connection, Array(state.waiters.values))
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: RPCError(code: .unavailable, message: "the client is shutting down"))
        }
        connection?.closeWhenIdle()
        self.wakeConnectLoop()
    }

    private func finishShutdown() {
        let waiters = self.state.withLock { state in
            state.isShutdown = true
            state.connectivity = .shutDown
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: RPCError(code: .unavailable, message: "the client is shutting down"))
        }
    }

    /// A connection that takes new streams, waiting for one as the connectivity state says.
    private func readyConnection(waitForReady: Bool) async throws -> ClientConnection {
        // A patient call waits through a reconnect, for `connectionPatience` at most.
        let patience = waitForReady ? nil : self.connectionPatience
        let waits = waitForReady || patience != nil
        enum Decision {
            case use(ClientConnection)
            case fail(RPCError)
            case wait
        }
        let id = self.state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let decision: Decision = self.state.withLock { state in
                    if Task.isCancelled {
                        return .fail(RPCError(code: .cancelled, message: "the call was cancelled"))
                    }
                    switch state.connectivity {
                    case .ready(let connection) where connection.isUsable:
                        return .use(connection)
                    case .shutDown:
                        return .fail(RPCError(code: .unavailable, message: "the client is shutting down"))
                    case .transientFailure where !waits:
                        return .fail(RPCError(code: .unavailable, message: "cannot connect to \(self.host):\(self.port)"))
                    case .ready, .connecting, .transientFailure:
                        state.waiters[id] = Waiter(continuation: continuation, waitForReady: waits)
                        return .wait
                    }
                }
                switch decision {
                case .use(let connection): continuation.resume(returning: connection)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait:
                    self.wakeConnectLoop()
                    if let patience {
                        Task {
                            try? await Task.sleep(for: patience)
                            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
                            waiter?.continuation.resume(throwing: RPCError(
                                code: .unavailable, message: "cannot connect to \(self.host):\(self.port) within \(patience)"
                            ))
                        }
                    }
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: RPCError(code: .cancelled, message: "the call was cancelled"))
        }
    }

    public func withStream<T: Sendable>(
        descriptor: MethodDescriptor,
        options: CallOptions,
        _ closure: (_ stream: RPCStream<Inbound, Outbound>, _ context: ClientContext) async throws -> T
    ) async throws -> T {
        // A connection can start draining between being handed out and the stream opening.
        var opened: (ClientConnection, UInt32, AsyncThrowingStream<RPCResponsePart<WireBytes>, any Error>)?
        for _ in 0..<3 where opened == nil {
            let connection = try await self.readyConnection(waitForReady: options.waitForReady ?? false)
            if let (id, responses) = connection.openStream() {
                opened = (connection, id, responses)
            } else {
                self.stopUsing(connection)
            }
        }
        guard let (connection, id, responses) = opened else {
            throw RPCError(code: .unavailable, message: "no connection to \(self.host):\(self.port) accepts new calls")
        }

        let stream = RPCStream(
            descriptor: descriptor,
            inbound: RPCAsyncSequence<RPCResponsePart<WireBytes>, any Error>(wrapping: responses),
            outbound: RPCWriter<RPCRequestPart<WireBytes>>.Closable(
                wrapping: ClientStreamWriter(
                    connection: connection, id: id, descriptor: descriptor, maximumFrameSize: self.limits.maximumFrameSize
                )
            )
        )
        let context = ClientContext(descriptor: descriptor, remotePeer: connection.remotePeer, localPeer: connection.localPeer)
        defer { connection.closeStream(id) }
        return try await closure(stream, context)
    }
}
