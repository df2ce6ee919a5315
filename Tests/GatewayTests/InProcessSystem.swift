import AccountsService
import ArchiveService
import AuthKit
import ESigningService
import Foundation
import Gateway
import GRDB
import GraduateProto
import GRPCCore
import GRPCInProcessTransport
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import StorageKit
import Testing

/// The real accounts, e-signing and archive services in this test's process, each on its own
/// temporary SQLite database and behind its own in-process RPC server, built by the same
/// builders and `makeRPCServer` as the executables; accounts' outbox relayed to e-signing's and
/// archive's event sinks as the accounts process relays it, and e-signing's to archive's with a
/// service token exchanged for the deployment's secret, as the e-signing process does; and the
/// gateway's router on top, its downstream pools on the in-process transport. What the
/// end-to-end tests check over TCP between processes, this checks in one process: the gateway
/// against the services' real answers, without builds of the executables or ports.
struct InProcessSystem: Sendable {
    static let operatorPassword = "Operator-Pass-2024"
    static let captchaAnswer = "ACE34"
    static let serviceSecret = "in-process-service-secret-of-32-characters"
    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    let accountsPool: DatabasePool
    let esigningPool: DatabasePool
    let archivePool: DatabasePool

    /// Runs `body` with a test client of the gateway's router; everything stops afterwards.
    static func run(_ body: @Sendable @escaping (any TestClientProtocol, InProcessSystem) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "in-process-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let keys = try TokenKeyPair.generate()
        let accountsPool = try AccountsService.openDatabase(path: directory + "/accounts.sqlite", synchronous: .normal)
        let accountsOutbox = Outbox(source: "accounts", subscribers: AccountsService.eventSubscribers)
        try await accountsOutbox.registerSubscribers(in: accountsPool)
        var settings = AccountsService.Settings()
        // A person reads the captcha's image; a test reads this fixed answer instead.
        settings.makeCaptchaAnswer = { Self.captchaAnswer }
        settings.serviceSecret = Self.serviceSecret
        let accounts = try await AccountsServer.build(
            pool: accountsPool, outbox: accountsOutbox, keys: keys, settings: settings, trustedProxies: .none,
            cheapPasswordHashingForTests: true, logger: Self.silent
        )
        _ = try await accounts.service.ensurePlatformOperator(username: "operator", password: Self.operatorPassword)

        let esigningPool = try ESigningService.openDatabase(path: directory + "/esigning.sqlite", synchronous: .normal)
        let esigningOutbox = Outbox(source: "esigning", subscribers: ESigningService.eventSubscribers)
        try await esigningOutbox.registerSubscribers(in: esigningPool)
        let esigning = try await ESigningServer.build(
            pool: esigningPool, outbox: esigningOutbox, settings: .init(), tokenPublicKeyPEM: keys.publicKeyPEM, logger: Self.silent
        )

        let archivePool = try ArchiveService.openDatabase(path: directory + "/archive.sqlite", synchronous: .normal)
        let archiveOutbox = Outbox(source: "archive", subscribers: ArchiveService.eventSubscribers)
        try await archiveOutbox.registerSubscribers(in: archivePool)
        let archive = try await ArchiveServer.build(
            pool: archivePool, outbox: archiveOutbox, tokenPublicKeyPEM: keys.publicKeyPEM, logger: Self.silent
        )

        let accountsTransport = InProcessTransport()
        let esigningTransport = InProcessTransport()
        let archiveTransport = InProcessTransport()
        let servers = [
            makeRPCServer(
                transport: accountsTransport.server, services: accounts.services, health: HealthService(),
                interceptors: accounts.interceptors, logger: Self.silent
            ),
            makeRPCServer(
                transport: esigningTransport.server, services: esigning.services, health: HealthService(),
                interceptors: esigning.interceptors, logger: Self.silent
            ),
            makeRPCServer(
                transport: archiveTransport.server, services: archive.services, health: HealthService(),
                interceptors: archive.interceptors, logger: Self.silent
            ),
        ]
        let accountsClient = GRPCClient(transport: accountsTransport.client, interceptors: [RequestIDClientInterceptor()])
        let esigningClient = GRPCClient(transport: esigningTransport.client, interceptors: [RequestIDClientInterceptor()])
        let archiveClient = GRPCClient(transport: archiveTransport.client, interceptors: [RequestIDClientInterceptor()])
        let clients = [accountsClient, esigningClient, archiveClient]
        let accountsRelay = OutboxRelay(
            pool: accountsPool, outbox: accountsOutbox,
            subscribers: [
                accounts.service.eventSubscriber(name: "esigning", client: esigningClient),
                accounts.service.eventSubscriber(name: "archive", client: archiveClient),
            ],
            logger: Self.silent
        )
        // E-signing's destinations reach archive with its own service token, exchanged with
        // accounts for the secret as ServiceTokens does (which speaks TCP only).
        let accountsAPI = Graduate_Accounts_V1_Accounts.Client(wrapping: accountsClient)
        let esigningRelay = OutboxRelay(
            pool: esigningPool, outbox: esigningOutbox,
            subscribers: [
                .rpc(name: "archive", client: archiveClient) {
                    var request = Graduate_Accounts_V1_IssueServiceTokenRequest()
                    request.service = "esigning"
                    request.secret = Self.serviceSecret
                    return .bearer(try await accountsAPI.issueServiceToken(request).token)
                },
            ],
            logger: Self.silent
        )
        let router = try makeGatewayRouter(
            downstreams: Downstreams(
                accounts: ClientPool(name: "accounts", clients: [accountsClient]),
                esigning: ClientPool(name: "esigning", clients: [esigningClient]),
                archive: ClientPool(name: "archive", clients: [archiveClient])
            ),
            signInPerMinute: 100_000
        )
        let system = InProcessSystem(accountsPool: accountsPool, esigningPool: esigningPool, archivePool: archivePool)

        try await withThrowingTaskGroup { group in
            for server in servers { group.addTask { try await server.serve() } }
            for client in clients { group.addTask { try await client.runConnections() } }
            for relay in [accountsRelay, esigningRelay] { group.addTask { try await relay.run() } }
            var failure: (any Error)?
            do {
                // Serving before the first request: on a loaded machine the servers' tasks may
                // start after the test's, and a health check in the test would see them absent.
                for client in clients { try await Self.waitUntilServing(client) }
                try await Application(router: router).test(.router) { try await body($0, system) }
            } catch {
                failure = error
            }
            // The relays run until they are cancelled (they have no service group here to stop them).
            group.cancelAll()
            for client in clients { client.beginGracefulShutdown() }
            for server in servers { server.beginGracefulShutdown() }
            while (try? await group.next()) != nil {}
            if let failure { throw failure }
        }
    }

    private static func waitUntilServing(_ client: GRPCClient<InProcessTransport.Client>) async throws {
        let health = Grpc_Health_V1_Health.Client(wrapping: client)
        var options = CallOptions.defaults
        options.timeout = .seconds(2)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if (try? await health.check(Grpc_Health_V1_HealthCheckRequest(), options: options))?.status == .serving { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("an in-process service did not answer SERVING within 30 s")
        throw CancellationError()
    }
}
