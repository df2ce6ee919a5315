import ArgumentParser
import AuthKit
import ESigningService
import Foundation
import GRPCCore
import GraduateProto
import Logging
import RPCTransport
import ServiceKit
import ServiceLifecycle
import StorageKit

/// The e-signing service executable: `esigning --data-dir DIR [--port 7102]
/// [--accounts-address 127.0.0.1:7101 | --token-public-key FILE]`.
@main
struct ESigningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "esigning")

    @OptionGroup var options: CommonOptions

    @Option(help: "host:port of the accounts service, asked for the token public key unless --token-public-key is given (env ACCOUNTS_ADDRESS, default 127.0.0.1:7101).")
    var accountsAddress: String?

    @Option(help: "host:port of the archive service, which receives destination events (env ARCHIVE_ADDRESS, default 127.0.0.1:7103).")
    var archiveAddress: String?

    @Option(help: "How often due offers are expired, in seconds (env ESIGNING_EXPIRY_INTERVAL_SECONDS, default 1).")
    var expiryIntervalSeconds: String?

    @Option(help: "The gateway's address as people reach it, for the QR codes on agreements (env GRADUATE_PUBLIC_URL, default http://127.0.0.1:8080).")
    var publicURL: String?

    func run() async throws {
        let (configuration, extra, logger) = try startService(self.options, name: "esigning", defaultPort: 7102) { settings in
            (
                accounts: try settings.address(
                    self.accountsAddress, flagName: "accounts-address", env: "ACCOUNTS_ADDRESS", default: "127.0.0.1:7101"
                ),
                archive: try settings.address(
                    self.archiveAddress, flagName: "archive-address", env: "ARCHIVE_ADDRESS", default: "127.0.0.1:7103"
                ),
                expiryInterval: try settings.int(
                    self.expiryIntervalSeconds, flagName: "expiry-interval-seconds", env: "ESIGNING_EXPIRY_INTERVAL_SECONDS",
                    default: 1, range: 1...3600
                ),
                publicURL: try settings.string(self.publicURL, flagName: "public-url", env: "GRADUATE_PUBLIC_URL", default: "http://127.0.0.1:8080")
            )
        }
        let publicKey = try await TokenPublicKey.fetch(path: configuration.tokenPublicKeyPath, accounts: extra.accounts, logger: logger)
        let pool = try ESigningService.openDatabase(
            path: configuration.dataDirectory + "/esigning.sqlite",
            synchronous: configuration.durability == .full ? .full : .normal
        )
        let outbox = Outbox(source: "esigning", subscribers: ESigningService.eventSubscribers)
        try await outbox.registerSubscribers(in: pool)
        var serviceSettings = ESigningService.Settings()
        serviceSettings.publicURL = extra.publicURL.hasSuffix("/") ? String(extra.publicURL.dropLast()) : extra.publicURL
        let rpc = try await ESigningServer.build(
            pool: pool, outbox: outbox, settings: serviceSettings, tokenPublicKeyPEM: publicKey, logger: logger
        )
        let health = HealthService()
        let server = makeRPCServer(
            configuration: configuration, services: rpc.services, health: health, interceptors: rpc.interceptors, logger: logger
        )
        // Destinations go to archive with a service token of esigning's own (from accounts).
        guard let secret = try ServiceTokens.configuredSecret(path: configuration.serviceSecretPath) else {
            throw ValidationError("esigning delivers events to archive with a service token: set --service-secret-file or GRADUATE_SERVICE_SECRET_FILE")
        }
        let accounts = GRPCClient.tcp(host: extra.accounts.host, port: extra.accounts.port, logger: logger)
        let archive = GRPCClient.tcp(host: extra.archive.host, port: extra.archive.port, logger: logger)
        let tokens = ServiceTokens(service: "esigning", secret: secret, accounts: accounts)
        var services: [any Service] = [
            RPCClientService(client: accounts),
            RPCClientService(client: archive),
            OutboxRelay(
                pool: pool, outbox: outbox,
                subscribers: [.rpc(name: "archive", client: archive) { try await tokens.metadata() }],
                logger: logger
            ),
            OfferExpiry(service: rpc.service, interval: .seconds(extra.expiryInterval)),
        ]
        if configuration.metricsPort != 0 {
            services.append(MetricsEndpoint(host: configuration.host, port: configuration.metricsPort, logger: logger))
        }
        services.append(RPCServerService(server: server, health: health))
        try await runServices(services, logger: logger)
    }
}
