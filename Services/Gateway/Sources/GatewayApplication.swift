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

/// Every route of the gateway (the OpenAPI document must list exactly these).
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
    router.get("alive") { _, _ in "ok" }
    router.get("health") { request, context in
        try await HealthController(downstreams: downstreams).check(request, context)
    }
    router.get("api/v1/openapi.json") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json))
        )
    }
    // Per client address: sign-in attempts and captchas, a burst of up to 10, then `signInPerMinute`.
    let limiter = RateLimiter(capacity: min(10, signInPerMinute), perMinute: signInPerMinute)
    SchoolAdministrationController(accounts: downstreams.accounts).register(with: router)
    GraduatesController(accounts: downstreams.accounts).register(with: router)
    // The areas on the generated API (openapi-generator-config.yaml); the rest follow.
    try GatewayAPI(
        sessions: SessionsHandler(accounts: downstreams.accounts, limiter: limiter),
        apiKeys: ApiKeysHandler(accounts: downstreams.accounts, limiter: limiter)
    ).register(on: router)
    // The accounts process serves graduate.accounts.v1.Employers too, on the same connections.
    EmployersController(accounts: downstreams.accounts, limiter: limiter).register(with: router)
    CodeListsController().register(with: router)
    // Checking an agreement needs no token: per client address, a burst of 20, then 60 a minute.
    let verificationLimiter = RateLimiter(capacity: 20, perMinute: 60)
    SigningController(esigning: downstreams.esigning, accounts: downstreams.accounts, verificationLimiter: verificationLimiter)
        .register(with: router)
    TerminationsController(esigning: downstreams.esigning).register(with: router)
    DestinationRegistrationsController(esigning: downstreams.esigning).register(with: router)
    SigningOversightController(esigning: downstreams.esigning).register(with: router)
    return router
}

/// `GET /health`: 200 when every downstream answers its health check SERVING, else 503,
/// with each service's state.
struct HealthController {
    let downstreams: Downstreams

    struct Report: Encodable, Sendable {
        var status: String
        var services: [String: String]
    }

    func check(_ request: Request, _ context: GatewayContext) async throws -> JSONResponse<Report> {
        var services: [String: String] = [:]
        for pool in self.downstreams.all {
            let health = Grpc_Health_V1_Health.Client(wrapping: pool.client)
            var options = CallOptions.defaults
            options.timeout = .seconds(2)
            do {
                let response = try await health.check(Grpc_Health_V1_HealthCheckRequest(), options: options)
                services[pool.name] = response.status == .serving ? "serving" : "not_serving"
            } catch {
                services[pool.name] = "unavailable"
            }
        }
        let healthy = services.values.allSatisfy { $0 == "serving" }
        return JSONResponse(value: Report(status: healthy ? "ok" : "degraded", services: services), status: healthy ? .ok : .serviceUnavailable)
    }
}
