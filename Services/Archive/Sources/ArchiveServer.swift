public import AuthKit
public import GRDB
public import GRPCCore
public import Logging
public import StorageKit

/// The RPC side of the archive process, built once for its `main` and for its tests: the
/// service, the event sink that applies accounts' and esigning's events (projections and
/// ended sessions), and the interceptor that checks every call's token.
public struct ArchiveServer: Sendable {
    public let service: ArchiveService
    public let services: [any RegistrableRPCService]
    public let interceptors: [any ServerInterceptor]

    public static func build(pool: DatabasePool, outbox: Outbox, tokenPublicKeyPEM: String, logger: Logger) async throws -> ArchiveServer {
        let service = ArchiveService(pool: pool, outbox: outbox, logger: logger)
        let revokedSessions = try await SessionRevocations.load(from: pool)
        let sink = InboxEventSink(pool: pool, logger: logger) { event, db in
            try ArchiveProjections.apply(event, in: db)
            try SessionRevocations.apply(event, into: revokedSessions, in: db)
        }
        let auth = AuthInterceptor(
            verifier: try await TokenVerifier(publicKeyPEM: tokenPublicKeyPEM), revokedSessions: revokedSessions,
            rules: ArchiveService.accessRules
        )
        return ArchiveServer(service: service, services: [service, sink], interceptors: [auth])
    }
}
