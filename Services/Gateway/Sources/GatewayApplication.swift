public import GRPCCore
import GraduateProto
public import Hummingbird
public import Logging
import RPCTransport
public import ServiceKit

/// Builds the gateway: the same function runs in production and in tests.
public func buildGatewayApplication<Transport: GRPCCore.ClientTransport>(
    host: String,
    port: Int,
    downstreams: Downstreams<Transport>,
    signInPerMinute: Int = 30,
    trustedProxies: TrustedProxies = .none,
    consoleDirectory: String? = ConsoleFiles.bundledDirectory,
    logger: Logger
) throws -> some ApplicationProtocol {
    Application(
        router: try makeGatewayRouter(
            downstreams: downstreams, signInPerMinute: signInPerMinute, trustedProxies: trustedProxies,
            consoleDirectory: consoleDirectory, logger: logger
        ),
        configuration: .init(address: .hostname(host, port: port), serverName: "graduate-gateway"),
        logger: logger
    )
}

/// Every route of the gateway: the generated API of `Services/Gateway/API/openapi.yaml`.
/// `consoleDirectory` holds the web console's files (nil: API only).
public func makeGatewayRouter<Transport: GRPCCore.ClientTransport>(
    downstreams: Downstreams<Transport>,
    signInPerMinute: Int = 30,
    trustedProxies: TrustedProxies = .none,
    consoleDirectory: String? = nil,
    logger: Logger = Logger(label: "gateway")
) throws -> Router<GatewayContext> {
    let router = Router(context: GatewayContext.self)
    router.add(middleware: ResponseHeadersMiddleware())
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ClientAddressMiddleware(proxies: trustedProxies))
    router.add(middleware: RouteGuardMiddleware(routes: .fromDocument))
    if let consoleDirectory {
        router.add(middleware: ConsoleMiddleware(directory: consoleDirectory, logger: logger))
    }
    try GatewayAPI(downstreams: downstreams, signInPerMinute: signInPerMinute).register(on: router)
    return router
}
