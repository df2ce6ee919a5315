public import GRPCCore
public import Logging
public import NIOCore
public import NIOPosix
import Synchronization

/// An accepted connection's channel and what its frame decoder reports.
struct AcceptedConnection: Sendable {
    var channel: NIOAsyncChannel<Frame, Frame>
    var activity: ReadActivity
}

/// A GRPCCore `ServerTransport` that serves length-prefixed `Frame`s over plain TCP
/// (docs/PROTOCOL.md). Each accepted connection is a `ServerConnection`; a bad connection
/// is closed on its own and never affects the others.
public final class TCPServerTransport: ServerTransport, Sendable {
    public typealias Bytes = WireBytes

    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: ServerConnection] = [:]
        var isShuttingDown = false
        var addressWaiters: [CheckedContinuation<SocketAddress, any Error>] = []
        var boundAddress: SocketAddress?
    }

    private let host: String
    private let port: Int
    private let limits: TransportLimits
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    public init(
        host: String,
        port: Int,
        limits: TransportLimits = TransportLimits(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "rpc.server", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.group = group
        self.logger = logger
    }

    /// The address the listener is bound to, once `listen` has bound it (port 0 picks a free one).
    public var listeningAddress: SocketAddress {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready: SocketAddress? = self.state.withLock { state in
                    if let address = state.boundAddress { return address }
                    state.addressWaiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    /// The TCP port the listener is bound to, once `listen` has bound it.
    public var listeningPort: Int {
        get async throws {
            guard let port = try await self.listeningAddress.port else {
                throw RPCError(code: .internalError, message: "listener has no port")
            }
            return port
        }
    }

    public func listen(
        streamHandler: @escaping @Sendable (
            _ stream: RPCStream<Inbound, Outbound>,
            _ context: ServerContext
        ) async -> Void
    ) async throws {
        let limits = self.limits
        let listener: NIOAsyncChannel<AcceptedConnection, Never>
        do {
            listener = try await ServerBootstrap(group: self.group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                // NIO's default of 256 pending connections drops SYNs when a peak-day burst
                // (or 400 test connections at once on a loaded machine) outruns the accepts;
                // a dropped SYN costs the client a 1–3 s retransmit. The kernel caps it at somaxconn.
                .serverChannelOption(.backlog, value: 4096)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: self.host, port: self.port) { channel in
                    // A connection accepted once shutdown began is closed unwrapped: had it been
                    // wrapped, the closing listener could drop the wrapper undelivered, and NIO
                    // traps (in debug builds) on a writer deinited without finish().
                    if self.state.withLock({ $0.isShuttingDown }) {
                        channel.close(promise: nil)
                        return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
                    }
                    let activity = ReadActivity()
                    // Half-closing lets a drained connection send its last frames before the FIN.
                    return channel.framedAsyncChannel(
                        maximumFrameSize: limits.maximumFrameSize,
                        activity: activity,
                        configuration: .init(isOutboundHalfClosureEnabled: true)
                    ).map { AcceptedConnection(channel: $0, activity: activity) }
                }
        } catch {
            let waiters = self.state.withLock { state in
                defer { state.addressWaiters.removeAll() }
                return state.addressWaiters
            }
            for waiter in waiters { waiter.resume(throwing: error) }
            throw RPCError(code: .unavailable, message: "cannot listen on \(self.host):\(self.port): \(error)")
        }

        let address = listener.channel.localAddress
        let (waiters, alreadyShuttingDown) = self.state.withLock { state in
            state.listener = listener.channel
            state.boundAddress = address
            defer { state.addressWaiters.removeAll() }
            return (state.addressWaiters, state.isShuttingDown)
        }
        for waiter in waiters {
            if let address { waiter.resume(returning: address) } else {
                waiter.resume(throwing: RPCError(code: .internalError, message: "listener has no address"))
            }
        }
        if alreadyShuttingDown { listener.channel.close(promise: nil) }
        self.logger.info("listening", metadata: ["address": "\(address.map { "\($0)" } ?? "?")"])

        try await listener.executeThenClose { incoming in
            try await withThrowingDiscardingTaskGroup { group in
                for try await channel in incoming {
                    group.addTask {
                        await self.serve(channel, streamHandler: streamHandler)
                    }
                }
            }
        }
    }

    private func serve(
        _ accepted: AcceptedConnection,
        streamHandler: @escaping @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void
    ) async {
        let channel = accepted.channel
        do {
            try await channel.executeThenClose { inbound, outbound in
                let connection = ServerConnection(
                    channel: channel.channel,
                    outbound: outbound,
                    activity: accepted.activity,
                    limits: self.limits,
                    logger: self.logger
                )
                let key = ObjectIdentifier(connection)
                let drainNow = self.state.withLock { state in
                    state.connections[key] = connection
                    return state.isShuttingDown
                }
                if drainNow { connection.beginDraining() }
                await connection.run(inbound: inbound, streamHandler: streamHandler)
                _ = self.state.withLock { $0.connections.removeValue(forKey: key) }
            }
        } catch {
            self.logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Stops accepting connections; each open connection is told (GoAway) to start no new
    /// streams, its open calls finish, and then it closes. `listen` returns when all have.
    public func beginGracefulShutdown() {
        let (listener, connections) = self.state.withLock { state in
            state.isShuttingDown = true
            return (state.listener, Array(state.connections.values))
        }
        // The listener closes a moment later, on its own event loop: connections whose set-up
        // began before the flag was set are delivered (and drained) first, not dropped.
        if let listener {
            listener.eventLoop.scheduleTask(in: .milliseconds(100)) { listener.close(promise: nil) }
        }
        for connection in connections {
            connection.beginDraining()
        }
    }
}
