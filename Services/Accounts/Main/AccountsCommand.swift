import AccountsService
import ArgumentParser
import AuthKit
import GRPCCore
import Logging
import ServiceKit
import ServiceLifecycle
import StorageKit

/// The accounts service executable: `accounts --data-dir DIR [--port 7101]`.
@main
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accounts")

    @OptionGroup var options: CommonOptions

    @Option(help: "Username of the platform operator made on first start (env ACCOUNTS_OPERATOR_USERNAME).")
    var operatorUsername: String?

    @Option(help: "Its password; generated and logged once if not given (env ACCOUNTS_OPERATOR_PASSWORD).")
    var operatorPassword: String?

    @Option(help: "Lifetime of access tokens in seconds (env ACCOUNTS_ACCESS_TOKEN_SECONDS, default 900).")
    var accessTokenSeconds: String?

    func run() async throws {
        let settings = Settings()
        let (configuration, accessTokenSeconds, logger) = try startService(
            self.options, name: "accounts", defaultPort: 7101, settings: settings
        ) { settings in
            try settings.int(
                self.accessTokenSeconds, flagName: "access-token-seconds", env: "ACCOUNTS_ACCESS_TOKEN_SECONDS",
                default: 900, range: 1...86_400
            )
        }
        var serviceSettings = AccountsService.Settings()
        serviceSettings.accessTokenLifetime = .seconds(accessTokenSeconds)

        let pool = try AccountsService.openDatabase(
            path: configuration.dataDirectory + "/accounts.sqlite",
            synchronous: configuration.durability == .full ? .full : .normal
        )
        let keys = try TokenKeyFiles.loadOrCreate(directory: configuration.dataDirectory)
        let outbox = Outbox(source: "accounts", subscribers: AccountsService.eventSubscribers)
        try await outbox.registerSubscribers(in: pool)
        let service = AccountsService(
            pool: pool,
            outbox: outbox,
            issuer: try await TokenIssuer(privateKeyPEM: keys.privateKeyPEM),
            settings: serviceSettings,
            logger: logger
        )
        let operatorName = settings.optionalString(self.operatorUsername, env: "ACCOUNTS_OPERATOR_USERNAME") ?? "operator"
        if let generated = try await service.ensurePlatformOperator(
            username: operatorName,
            password: settings.optionalString(self.operatorPassword, env: "ACCOUNTS_OPERATOR_PASSWORD")
        ) {
            logger.notice("platform operator created", metadata: ["username": "\(operatorName)", "password": "\(generated)"])
        }

        let health = HealthService()
        let auth = AuthInterceptor(
            verifier: try await TokenVerifier(publicKeyPEM: keys.publicKeyPEM),
            rules: AccountsService.accessRules.merging(EmployersService.accessRules) { mine, _ in mine }
        )
        let server = makeRPCServer(
            configuration: configuration, services: [service, EmployersService(accounts: service)], health: health, interceptors: [auth], logger: logger
        )
        var services: [any Service] = [
            OutboxRelay(pool: pool, outbox: outbox, subscribers: [], logger: logger),
        ]
        if configuration.metricsPort != 0 {
            services.append(MetricsEndpoint(host: configuration.host, port: configuration.metricsPort, logger: logger))
        }
        services.append(RPCServerService(server: server, health: health))
        try await runServices(services, logger: logger)
    }
}
