import ArgumentParser
import EchoService
import GRPCCore
import GraduateProto
import Logging
import RPCTransport
import ServiceKit
import Synchronization
import Testing
import TransportTestSupport

@Suite("Service configuration")
struct SettingsTests {
    private func options(_ arguments: [String]) throws -> CommonOptions {
        try CommonOptions.parse(arguments)
    }

    @Test("a flag wins over the environment, which wins over the default")
    func precedence() throws {
        let settings = Settings(environment: ["ACCOUNTS_PORT": "7201", "GRADUATE_DATA_DIR": "/env/data"])
        let fromEnvironment = try ServiceConfiguration.resolve(
            try self.options([]), serviceName: "accounts", defaultPort: 7101, settings: settings
        )
        #expect(fromEnvironment.port == 7201)
        #expect(fromEnvironment.dataDirectory == "/env/data")
        #expect(fromEnvironment.host == "127.0.0.1")
        #expect(fromEnvironment.durability == .full)
        let fromFlags = try ServiceConfiguration.resolve(
            try self.options(["--port", "7301", "--data-dir", "/flag/data", "--durability", "normal"]),
            serviceName: "accounts", defaultPort: 7101, settings: settings
        )
        #expect(fromFlags.port == 7301)
        #expect(fromFlags.dataDirectory == "/flag/data")
        #expect(fromFlags.durability == .normal)
        let defaults = try ServiceConfiguration.resolve(
            try self.options(["--data-dir", "/d"]), serviceName: "accounts", defaultPort: 7101, settings: Settings(environment: [:])
        )
        #expect(defaults.port == 7101)
    }

    @Test("a missing data folder fails fast, naming the flag and the variable")
    func missingRequired() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.resolve(try self.options([]), serviceName: "esigning", defaultPort: 7102, settings: Settings(environment: [:]))
        }
        #expect(error?.setting == "--data-dir / GRADUATE_DATA_DIR")
        #expect(error?.description.contains("配置错误") == true)
    }

    @Test("bad values are refused with what was wrong", arguments: [
        (["--port", "70000"], "--port / ARCHIVE_PORT"),
        (["--port", "abc"], "--port / ARCHIVE_PORT"),
        (["--log-level", "loud"], "--log-level / LOG_LEVEL"),
        (["--durability", "sometimes"], "--durability / GRADUATE_DURABILITY"),
        (["--metrics-port=-1"], "--metrics-port / ARCHIVE_METRICS_PORT"),
    ])
    func badValues(arguments: [String], setting: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.resolve(
                try self.options(arguments + ["--data-dir", "/d"]),
                serviceName: "archive", defaultPort: 7103, settings: Settings(environment: [:])
            )
        }
        #expect(error?.setting == setting)
    }

    @Test("a bad environment value is refused like a bad flag")
    func badEnvironmentValue() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.resolve(
                try self.options(["--data-dir", "/d"]),
                serviceName: "messaging", defaultPort: 7105,
                settings: Settings(environment: ["MESSAGING_PORT": "seven"])
            )
        }
        #expect(error?.reason.contains("seven") == true)
    }
}

@Suite("Health and request context over TCP")
struct HealthAndContextTests {
    /// A server built by `makeRPCServer` exactly as a service builds it.
    private func withServer(
        health: HealthService,
        services: [any RegistrableRPCService] = [],
        interceptors: [any ServerInterceptor] = [],
        _ body: (GRPCClient<TCPClientTransport>) async throws -> Void
    ) async throws {
        let options = try CommonOptions.parse(["--port", "0"])
        let configuration = try ServiceConfiguration.resolve(
            options, serviceName: "test", defaultPort: 0, requiresDataDirectory: false, settings: Settings(environment: [:])
        )
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = makeRPCServer(
            configuration: configuration, services: services, health: health, interceptors: interceptors, logger: logger
        )
        try await withServerAndClient(server, clientInterceptors: [RequestIDClientInterceptor()]) { client, _ in
            try await body(client)
        }
    }

    @Test("Health/Check answers SERVING, then NOT_SERVING, and notFound for an unknown service")
    func healthCheck() async throws {
        let health = HealthService()
        try await self.withServer(health: health) { client in
            let checker = Grpc_Health_V1_Health.Client(wrapping: client)
            let before = try await checker.check(Grpc_Health_V1_HealthCheckRequest())
            #expect(before.status == .serving)
            health.setStatus(.notServing)
            let after = try await checker.check(Grpc_Health_V1_HealthCheckRequest())
            #expect(after.status == .notServing)
            var unknown = Grpc_Health_V1_HealthCheckRequest()
            unknown.service = "nope"
            let error = await #expect(throws: RPCError.self) { try await checker.check(unknown) }
            #expect(error?.code == .notFound)
        }
    }

    @Test("Health/Check also answers for each service's full name, following the overall status")
    func healthByServiceName() async throws {
        let health = HealthService()
        try await self.withServer(health: health, services: [EchoService()]) { client in
            let checker = Grpc_Health_V1_Health.Client(wrapping: client)
            var echo = Grpc_Health_V1_HealthCheckRequest()
            echo.service = "graduate.testing.v1.Echo"
            let echoStatus = try await checker.check(echo).status
            #expect(echoStatus == .serving)
            var itself = Grpc_Health_V1_HealthCheckRequest()
            itself.service = "grpc.health.v1.Health"
            let ownStatus = try await checker.check(itself).status
            #expect(ownStatus == .serving)
            health.setStatus(.notServing)
            let stopping = try await checker.check(echo).status
            #expect(stopping == .notServing)
            var unknown = Grpc_Health_V1_HealthCheckRequest()
            unknown.service = "graduate.testing.v1.Nope"
            #expect(await rpcCode { _ = try await checker.check(unknown) } == .notFound)
        }
    }

    @Test("the server's request id comes back in the response headers, and in the trailers of a failure")
    func requestIDInResponse() async throws {
        try await self.withServer(health: HealthService(), services: [EchoService()]) { client in
            let echo = Graduate_Testing_V1_Echo.Client(wrapping: client)
            let headers = try await RequestContext.$current.withValue(RequestContext(requestID: "req-7")) {
                try await echo.echo(Graduate_Testing_V1_EchoRequest()) { response in try response.metadata }
            }
            #expect(Array(headers[stringValues: "x-request-id"]) == ["req-7"])
            let made = try await echo.echo(Graduate_Testing_V1_EchoRequest()) { response in try response.metadata }
            #expect(made[stringValues: "x-request-id"].first(where: { _ in true }).map { $0.count >= 32 } == true)
            let error = await #expect(throws: RPCError.self) {
                try await RequestContext.$current.withValue(RequestContext(requestID: "req-8")) {
                    _ = try await echo.fail(Graduate_Testing_V1_EchoRequest())
                }
            }
            #expect(error.map { Array($0.metadata[stringValues: "x-request-id"]) } == ["req-8"])
        }
    }

    @Test("Health/Watch streams the current status and each change")
    func healthWatch() async throws {
        let health = HealthService()
        try await self.withServer(health: health) { client in
            let checker = Grpc_Health_V1_Health.Client(wrapping: client)
            let statuses = try await checker.watch(Grpc_Health_V1_HealthCheckRequest()) { response in
                var seen: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
                for try await message in response.messages {
                    seen.append(message.status)
                    if seen.count == 1 { health.setStatus(.notServing) }
                    if seen.count == 2 { break }
                }
                return seen
            }
            #expect(statuses == [.serving, .notServing])
        }
    }

    @Test("the client sends the current request id; the server adopts it, or makes one")
    func requestIDPropagates() async throws {
        let probe = RequestIDProbe()
        try await self.withServer(health: HealthService(), services: [EchoService()], interceptors: [probe]) { client in
            let echo = Graduate_Testing_V1_Echo.Client(wrapping: client)
            let response = try await RequestContext.$current.withValue(RequestContext(requestID: "req-from-gateway")) {
                try await echo.echo(Graduate_Testing_V1_EchoRequest())
            }
            #expect(response.requestID == "req-from-gateway")
            _ = try await echo.echo(Graduate_Testing_V1_EchoRequest())
        }
        let seen = probe.seen.withLock { $0 }
        #expect(seen.count == 2)
        #expect(seen.first == "req-from-gateway")
        #expect(seen.last.map { $0.count >= 32 } == true)
    }
}

/// Records the request id the handler runs under.
final class RequestIDProbe: ServerInterceptor, Sendable {
    let seen = Mutex<[String]>([])

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        self.seen.withLock { $0.append(RequestContext.current?.requestID ?? "") }
        return try await next(request, context)
    }
}
