import ArgumentParser
import Gateway
import GRPCCore
import Hummingbird
import Logging
import RPCTransport
import ServiceKit
import ServiceLifecycle

/// The HTTP gateway: `gateway [--port 8080] [--accounts-address 127.0.0.1:7101] [--esigning-address 127.0.0.1:7102]
/// [--archive-address 127.0.0.1:7103]`.
@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gateway")

    @OptionGroup var options: CommonOptions

    @Option(help: "host:port of the accounts service (env ACCOUNTS_ADDRESS, default 127.0.0.1:7101).")
    var accountsAddress: String?

    @Option(help: "host:port of the e-signing service (env ESIGNING_ADDRESS, default 127.0.0.1:7102).")
    var esigningAddress: String?

    @Option(help: "host:port of the archive service (env ARCHIVE_ADDRESS, default 127.0.0.1:7103).")
    var archiveAddress: String?

    @Option(help: "Connections kept to each downstream service (env GATEWAY_CONNECTIONS_PER_SERVICE, default 2).")
    var connectionsPerService: String?

    @Option(help: "Sign-in attempts per minute per client address after a burst of 10 (env GATEWAY_SIGN_IN_PER_MINUTE, default 30).")
    var signInPerMinute: String?

    @Option(help: "Reverse proxies whose X-Forwarded-For is believed: IPs or IPv4 networks, comma-separated (env GATEWAY_TRUSTED_PROXIES, default none).")
    var trustedProxies: String?

    func run() async throws {
        let (configuration, extra, logger) = try startService(
            self.options, name: "gateway", defaultPort: 8080, requiresDataDirectory: false
        ) { settings in
            (
                accounts: try settings.address(
                    self.accountsAddress, flagName: "accounts-address", env: "ACCOUNTS_ADDRESS", default: "127.0.0.1:7101"
                ),
                esigning: try settings.address(
                    self.esigningAddress, flagName: "esigning-address", env: "ESIGNING_ADDRESS", default: "127.0.0.1:7102"
                ),
                archive: try settings.address(
                    self.archiveAddress, flagName: "archive-address", env: "ARCHIVE_ADDRESS", default: "127.0.0.1:7103"
                ),
                signInPerMinute: try settings.int(
                    self.signInPerMinute, flagName: "sign-in-per-minute", env: "GATEWAY_SIGN_IN_PER_MINUTE", default: 30, range: 1...100_000
                ),
                trustedProxies: try Self.proxies(settings.optionalString(self.trustedProxies, env: "GATEWAY_TRUSTED_PROXIES") ?? ""),
                connections: try settings.int(
                    self.connectionsPerService, flagName: "connections-per-service", env: "GATEWAY_CONNECTIONS_PER_SERVICE",
                    default: 2, range: 1...64
                )
            )
        }
        let (accounts, esigning, archive) = (extra.accounts, extra.esigning, extra.archive)
        let (signInPerMinute, connections, trustedProxies) = (extra.signInPerMinute, extra.connections, extra.trustedProxies)

        // A request waits (up to 5 s) for a downstream that is reconnecting (restarted, say)
        // instead of failing at once; a service that stays down gives 503 after that. The
        // call itself has no deadline here: a large roster import takes its time.
        let accountsClients = (0..<connections).map { _ in
            GRPCClient.tcp(host: accounts.host, port: accounts.port, connectionPatience: .seconds(5), logger: logger)
        }
        let esigningClients = (0..<connections).map { _ in
            GRPCClient.tcp(host: esigning.host, port: esigning.port, connectionPatience: .seconds(5), logger: logger)
        }
        let archiveClients = (0..<connections).map { _ in
            GRPCClient.tcp(host: archive.host, port: archive.port, connectionPatience: .seconds(5), logger: logger)
        }
        let downstreams = Downstreams(
            accounts: ClientPool(name: "accounts", clients: accountsClients),
            esigning: ClientPool(name: "esigning", clients: esigningClients),
            archive: ClientPool(name: "archive", clients: archiveClients)
        )
        let app = try buildGatewayApplication(
            host: configuration.host, port: configuration.port, downstreams: downstreams, signInPerMinute: signInPerMinute,
            trustedProxies: trustedProxies, logger: logger
        )
        var services: [any Service] = (accountsClients + esigningClients + archiveClients).map { RPCClientService(client: $0) }
        if configuration.metricsPort != 0 {
            services.append(MetricsEndpoint(host: configuration.host, port: configuration.metricsPort, logger: logger))
        }
        services.append(app)
        try await runServices(services, logger: logger)
    }

    private static func proxies(_ text: String) throws -> TrustedProxies {
        do {
            return try TrustedProxies(text)
        } catch {
            throw ValidationError("配置错误 / configuration error: --trusted-proxies / GATEWAY_TRUSTED_PROXIES: \(error)")
        }
    }
}
