public import AuthKit
public import GRDB
public import GRPCCore
public import Logging
public import ServiceKit
public import StorageKit

/// The RPC side of the accounts process, built once for its `main` and for its tests: the
/// accounts and employers services on one database, the token issuer from the process's key
/// pair, and the interceptors — the client address a trusted gateway reports, then the token
/// check (which lets a first password change through before anything else). The caller puts
/// them behind a server (ServiceKit's `makeRPCServer`, or a test's own).
public struct AccountsServer: Sendable {
    public let service: AccountsService
    public let services: [any RegistrableRPCService]
    public let interceptors: [any ServerInterceptor]

    public static func build(
        pool: DatabasePool,
        outbox: Outbox,
        keys: TokenKeyPair,
        settings: AccountsService.Settings,
        trustedProxies: TrustedProxies,
        cheapPasswordHashingForTests: Bool = false,
        logger: Logger
    ) async throws -> AccountsServer {
        var settings = settings
        settings.tokenPublicKeyPEM = keys.publicKeyPEM
        let revokedSessions = try await SessionRevocations.load(from: pool)
        let service = AccountsService(
            pool: pool,
            outbox: outbox,
            issuer: try await TokenIssuer(privateKeyPEM: keys.privateKeyPEM),
            settings: settings,
            revokedSessions: revokedSessions,
            cheapPasswordHashingForTests: cheapPasswordHashingForTests,
            logger: logger
        )
        let auth = AuthInterceptor(
            verifier: try await TokenVerifier(publicKeyPEM: keys.publicKeyPEM),
            revokedSessions: revokedSessions,
            rules: AccountsService.accessRules.merging(EmployersService.accessRules) { mine, _ in mine },
            allowedBeforePasswordChange: AccountsService.allowedBeforePasswordChange
        )
        return AccountsServer(
            service: service,
            services: [service, EmployersService(accounts: service)],
            interceptors: [ClientAddressInterceptor(trustedProxies: trustedProxies), auth]
        )
    }
}
