import GRPCCore
import GraduateProto
public import Hummingbird
public import Logging
import RPCTransport
public import ServiceKit

/// The downstream services the gateway talks to.
public struct Downstreams: Sendable {
    public var accounts: ClientPool
    public var esigning: ClientPool

    public init(accounts: ClientPool, esigning: ClientPool) {
        self.accounts = accounts
        self.esigning = esigning
    }

    public var all: [ClientPool] { [self.accounts, self.esigning] }
}

/// Builds the gateway: the same function runs in production and in tests.
public func buildGatewayApplication(
    host: String,
    port: Int,
    downstreams: Downstreams,
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
public func makeGatewayRouter(
    downstreams: Downstreams,
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
