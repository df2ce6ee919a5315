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

    @Option(help: "host:port of the esigning service, which receives roster and school events (env ESIGNING_ADDRESS, default 127.0.0.1:7102).")
    var esigningAddress: String?

    @Option(help: "host:port of the archive service, which receives roster and school events (env ARCHIVE_ADDRESS, default 127.0.0.1:7103).")
    var archiveAddress: String?

    @Option(help: "Addresses and CIDR ranges of the gateway's connections, whose x-client-address is believed for the per-address back-off (env ACCOUNTS_TRUSTED_PROXIES, default 127.0.0.0/8,::1).")
    var trustedProxies: String?

    @Option(help: "Failed sign-ins and activations from one client address before it is locked out (env ACCOUNTS_ADDRESS_FAILURES_BEFORE_LOCKOUT, default 30).")
    var addressFailuresBeforeLockout: String?

    func run() async throws {
        let settings = Settings()
        let (configuration, extra, logger) = try startService(
            self.options, name: "accounts", defaultPort: 7101, settings: settings
        ) { settings in
            (
                accessTokenSeconds: try settings.int(
                    self.accessTokenSeconds, flagName: "access-token-seconds", env: "ACCOUNTS_ACCESS_TOKEN_SECONDS",
                    default: 900, range: 1...86_400
                ),
                esigning: try settings.address(
                    self.esigningAddress, flagName: "esigning-address", env: "ESIGNING_ADDRESS", default: "127.0.0.1:7102"
                ),
                archive: try settings.address(
                    self.archiveAddress, flagName: "archive-address", env: "ARCHIVE_ADDRESS", default: "127.0.0.1:7103"
                ),
                trustedProxies: try settings.parsed(
                    self.trustedProxies, flagName: "trusted-proxies", env: "ACCOUNTS_TRUSTED_PROXIES", default: "127.0.0.0/8,::1",
                    TrustedProxies.init
                ),
                addressFailures: try settings.int(
                    self.addressFailuresBeforeLockout, flagName: "address-failures-before-lockout",
                    env: "ACCOUNTS_ADDRESS_FAILURES_BEFORE_LOCKOUT", default: BackoffPolicy.perAddress.failuresBeforeLockout, range: 1...1_000_000
                )
            )
        }
        let accessTokenSeconds = extra.accessTokenSeconds
        var serviceSettings = AccountsService.Settings()
        serviceSettings.accessTokenLifetime = .seconds(accessTokenSeconds)
        serviceSettings.addressBackoff.failuresBeforeLockout = extra.addressFailures
        serviceSettings.serviceSecret = try ServiceTokens.configuredSecret(path: configuration.serviceSecretPath) ?? ""

        let pool = try AccountsService.openDatabase(
            path: configuration.dataDirectory + "/accounts.sqlite",
            synchronous: configuration.durability == .full ? .full : .normal
        )
        let keys = try TokenKeyFiles.loadOrCreate(directory: configuration.dataDirectory)
        let outbox = Outbox(source: "accounts", subscribers: AccountsService.eventSubscribers)
        try await outbox.registerSubscribers(in: pool)
        let rpc = try await AccountsServer.build(
            pool: pool, outbox: outbox, keys: keys, settings: serviceSettings, trustedProxies: extra.trustedProxies, logger: logger
        )
        let service = rpc.service
        // An import a crash stopped half-written is finished before anyone sees the roster.
        try await service.finishInterruptedRosterImports()
        let operatorName = settings.optionalString(self.operatorUsername, env: "ACCOUNTS_OPERATOR_USERNAME") ?? "operator"
        if let generated = try await service.ensurePlatformOperator(
            username: operatorName,
            password: settings.optionalString(self.operatorPassword, env: "ACCOUNTS_OPERATOR_PASSWORD")
        ) {
            logger.notice("platform operator created", metadata: ["username": "\(operatorName)", "password": "\(generated)"])
        }

        let health = HealthService()
        let server = makeRPCServer(
            configuration: configuration, services: rpc.services, health: health, interceptors: rpc.interceptors, logger: logger
        )
        // Events go to every subscriber over its EventSink, with a service token of our own.
        let esigning = GRPCClient.tcp(host: extra.esigning.host, port: extra.esigning.port, logger: logger)
        let archive = GRPCClient.tcp(host: extra.archive.host, port: extra.archive.port, logger: logger)
        var services: [any Service] = [
            RPCClientService(client: esigning),
            RPCClientService(client: archive),
            OutboxRelay(
                pool: pool, outbox: outbox,
                subscribers: [
                    service.eventSubscriber(name: "esigning", client: esigning), service.eventSubscriber(name: "archive", client: archive),
                ],
                logger: logger
            ),
        ]
        if configuration.metricsPort != 0 {
            services.append(MetricsEndpoint(host: configuration.host, port: configuration.metricsPort, logger: logger))
        }
        services.append(RPCServerService(server: server, health: health))
        try await runServices(services, logger: logger)
    }
}
