import ArchiveService
import ArgumentParser
import AuthKit
import Foundation
import GRPCCore
import GraduateProto
import Logging
import RPCTransport
import ServiceKit
import ServiceLifecycle
import StorageKit

/// The archive/hukou service executable: `archive --data-dir DIR [--port 7103]
/// [--accounts-address 127.0.0.1:7101 | --token-public-key FILE]`.
@main
struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "archive")

    @OptionGroup var options: CommonOptions

    @Option(help: "host:port of the accounts service, asked for the token public key unless --token-public-key is given (env ACCOUNTS_ADDRESS, default 127.0.0.1:7101).")
    var accountsAddress: String?

    func run() async throws {
        let (configuration, extra, logger) = try startService(self.options, name: "archive", defaultPort: 7103) { settings in
            (accounts: try settings.address(self.accountsAddress, flagName: "accounts-address", env: "ACCOUNTS_ADDRESS", default: "127.0.0.1:7101"), ())
        }
        let publicKey = try await TokenPublicKey.fetch(path: configuration.tokenPublicKeyPath, accounts: extra.accounts, logger: logger)
        let pool = try ArchiveService.openDatabase(
            path: configuration.dataDirectory + "/archive.sqlite",
            synchronous: configuration.durability == .full ? .full : .normal
        )
        let outbox = Outbox(source: "archive", subscribers: ArchiveService.eventSubscribers)
        try await outbox.registerSubscribers(in: pool)
        let rpc = try await ArchiveServer.build(pool: pool, outbox: outbox, tokenPublicKeyPEM: publicKey, logger: logger)
        let health = HealthService()
        let server = makeRPCServer(
            configuration: configuration, services: rpc.services, health: health, interceptors: rpc.interceptors, logger: logger
        )
        var services: [any Service] = [OutboxRelay(pool: pool, outbox: outbox, subscribers: [], logger: logger)]
        if configuration.metricsPort != 0 {
            services.append(MetricsEndpoint(host: configuration.host, port: configuration.metricsPort, logger: logger))
        }
        services.append(RPCServerService(server: server, health: health))
        try await runServices(services, logger: logger)
    }
}
