public import GRPCCore
public import Logging
public import RPCTransport
public import ServiceLifecycle
import ArgumentParser
import UnixSignals
import GraduateProto

/// The RPC server as a lifecycle `Service`: graceful shutdown stops new calls and lets
/// the open ones finish.
public struct RPCServerService: Service {
    public let server: GRPCServer<TCPServerTransport>
    private let health: HealthService?

    public init(server: GRPCServer<TCPServerTransport>, health: HealthService?) {
        self.server = server
        self.health = health
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await self.server.serve()
        } onGracefulShutdown: {
            self.health?.setStatus(.notServing)
            self.server.beginGracefulShutdown()
        }
    }
}

/// A client of another service as a lifecycle `Service` (it keeps its connection up).
public struct RPCClientService: Service {
    public let client: GRPCClient<TCPClientTransport>

    public init(client: GRPCClient<TCPClientTransport>) {
        self.client = client
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await self.client.runConnections()
        } onGracefulShutdown: {
            self.client.beginGracefulShutdown()
        }
    }
}

extension GRPCClient where Transport == TCPClientTransport {
    /// A client of the service at `host:port` that forwards the current request id.
    public static func tcp(
        host: String,
        port: Int,
        interceptors: [any ClientInterceptor] = [],
        connectionPatience: Duration? = nil,
        logger: Logger
    ) -> GRPCClient<TCPClientTransport> {
        GRPCClient(
            transport: TCPClientTransport(host: host, port: port, connectionPatience: connectionPatience, logger: logger),
            interceptors: [RequestIDClientInterceptor()] + interceptors
        )
    }
}

/// Builds the RPC server of a service: the TCP transport on the configured address, the
/// health service, the request-context interceptor first and then the service's own.
public func makeRPCServer(
    configuration: ServiceConfiguration,
    services: [any RegistrableRPCService],
    health: HealthService,
    interceptors: [any ServerInterceptor] = [],
    logger: Logger
) -> GRPCServer<TCPServerTransport> {
    makeRPCServer(
        transport: TCPServerTransport(
            host: configuration.host, port: configuration.port, limits: configuration.transportLimits, logger: logger
        ),
        services: services, health: health, interceptors: interceptors, logger: logger
    )
}

/// The same server on any transport: the gateway's tests run the real services in their own
/// process over grpc-swift's in-process transport, wired exactly as the processes are.
public func makeRPCServer<Transport: ServerTransport>(
    transport: Transport,
    services: [any RegistrableRPCService],
    health: HealthService,
    interceptors: [any ServerInterceptor] = [],
    logger: Logger
) -> GRPCServer<Transport> {
    // gRPC's health protocol answers for the whole server ("") and for each service by its
    // full name, e.g. graduate.esigning.v1.ESigning.
    var router = RPCRouter<Transport>()
    for service in [health] + services { service.registerMethods(with: &router) }
    health.register(services: Set(router.methods.map(\.service.fullyQualifiedService)))
    return GRPCServer(
        transport: transport,
        services: [health] + services,
        interceptors: [RequestContextInterceptor(logger: logger)] + interceptors
    )
}

/// Runs the parts of a service process in one `ServiceGroup`: started in the order given,
/// stopped in reverse on SIGTERM or SIGINT, each allowed to finish its work.
/// List dependencies first (clients, relays) and the RPC server last, so it stops first.
public func runServices(_ services: [any Service], logger: Logger) async throws {
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
    )
    try await group.run()
}

/// The start of every service executable: resolves the common settings and the service's
/// own (`extra`), turning a bad or missing one into a usage error that names the flag and
/// the variable, then installs logging and metrics. Returns the service's logger.
public func startService<Extra>(
    _ options: CommonOptions,
    name: String,
    defaultPort: Int,
    requiresDataDirectory: Bool = true,
    settings: Settings = Settings(),
    extra: (Settings) throws -> Extra
) throws -> (configuration: ServiceConfiguration, extra: Extra, logger: Logger) {
    let configuration: ServiceConfiguration
    let resolved: Extra
    do {
        configuration = try ServiceConfiguration.resolve(
            options, serviceName: name, defaultPort: defaultPort, requiresDataDirectory: requiresDataDirectory, settings: settings
        )
        resolved = try extra(settings)
    } catch let error as ConfigurationError {
        throw ValidationError(error.description)
    }
    bootstrapLogging(service: name, level: configuration.logLevel)
    MetricsRegistry.bootstrap()
    return (configuration, resolved, Logger(label: name))
}
