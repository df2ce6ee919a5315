public import AuthKit
public import GRDB
public import GRPCCore
public import Logging
public import StorageKit

/// The RPC side of the e-signing process, built once for its `main` and for its tests: the
/// service, the event sink that applies accounts' events (the roster's projections and ended
/// sessions), and the interceptor that checks every call's token against the access rules.
/// The caller puts them behind a server (ServiceKit's `makeRPCServer`, or a test's own).
public struct ESigningServer: Sendable {
    public let service: ESigningService
    public let services: [any RegistrableRPCService]
    public let interceptors: [any ServerInterceptor]

    public static func build(
        pool: DatabasePool,
        outbox: Outbox,
        settings: ESigningService.Settings,
        tokenPublicKeyPEM: String,
        logger: Logger
    ) async throws -> ESigningServer {
        let service = ESigningService(pool: pool, outbox: outbox, settings: settings, logger: logger)
        // Sessions the accounts service ended: refused from the event on, and after a restart.
        let revokedSessions = try await SessionRevocations.load(from: pool)
        let sink = InboxEventSink(pool: pool, logger: logger) { event, db in
            try Projections.apply(event, in: db)
            try SessionRevocations.apply(event, into: revokedSessions, in: db)
        }
        let auth = AuthInterceptor(
            verifier: try await TokenVerifier(publicKeyPEM: tokenPublicKeyPEM), revokedSessions: revokedSessions,
            rules: ESigningService.accessRules
        )
        return ESigningServer(service: service, services: [service, sink], interceptors: [auth])
    }
}
