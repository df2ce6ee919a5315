public import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
public import Prometheus
public import ServiceLifecycle
import Synchronization

/// The process-wide Prometheus registry behind swift-metrics.
public enum MetricsRegistry {
    public static let shared = PrometheusCollectorRegistry()
    private static let bootstrapped = Atomic<Bool>(false)

    /// Installs the Prometheus factory once per process.
    public static func bootstrap() {
        guard Self.bootstrapped.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else {
            return
        }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: Self.shared))
    }
}

/// `GET /metrics` in Prometheus text format on its own port. The RPC port speaks only the
/// frame protocol, so scraping gets a tiny HTTP/1.1 listener of its own.
public struct MetricsEndpoint: Service {
    private let host: String
    private let port: Int
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger

    public init(host: String, port: Int, registry: PrometheusCollectorRegistry = MetricsRegistry.shared, logger: Logger) {
        self.host = host
        self.port = port
        self.registry = registry
        self.logger = logger
    }

    public func run() async throws {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: self.host, port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        self.logger.info("metrics endpoint listening", metadata: ["port": "\(self.port)"])
        try await withGracefulShutdownHandler {
            try await listener.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { try? await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            listener.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            for try await part in inbound {
                guard case .head(let request) = part else { continue }
                let (status, body): (HTTPResponseStatus, String) = request.uri == "/metrics"
                    ? (.ok, self.registry.emitToString())
                    : (.notFound, "not found\n")
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
                headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                headers.add(name: "Connection", value: "close")
                try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                try await outbound.write(.end(nil))
                return
            }
        }
    }
}
