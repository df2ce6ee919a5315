import Foundation
import GRPCCore
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// The generated server's one handler (`APIProtocol`, from `Services/Gateway/API/openapi.yaml`),
/// made of one handler per area: each area's file implements its operations in an extension
/// of this type that hands them to its handler.
struct GatewayAPI<Transport: GRPCCore.ClientTransport>: APIProtocol {
    let operations: OperationsHandler<Transport>
    let sessions: SessionsHandler<Transport>
    let apiKeys: ApiKeysHandler<Transport>
    let schools: SchoolsHandler<Transport>
    let roster: RosterHandler<Transport>
    let employers: EmployersHandler<Transport>
    let codeLists: CodeListsHandler<Transport>
    let signing: SigningHandler<Transport>
    let verifications: VerificationsHandler<Transport>
    let archive: ArchiveHandler<Transport>

    init(downstreams: Downstreams<Transport>, signInPerMinute: Int) {
        // Per client address: sign-in attempts, captchas and employer registration, a burst of
        // up to 10, then `signInPerMinute`.
        let limiter = RateLimiter(capacity: min(10, signInPerMinute), perMinute: signInPerMinute)
        self.operations = OperationsHandler(downstreams: downstreams)
        self.sessions = SessionsHandler(accounts: downstreams.accounts, limiter: limiter)
        self.apiKeys = ApiKeysHandler(accounts: downstreams.accounts, limiter: limiter)
        self.schools = SchoolsHandler(accounts: downstreams.accounts)
        self.roster = RosterHandler(accounts: downstreams.accounts, esigning: downstreams.esigning)
        // The accounts process serves graduate.accounts.v1.Employers too, on the same connections.
        self.employers = EmployersHandler(accounts: downstreams.accounts, limiter: limiter)
        self.codeLists = CodeListsHandler(esigning: downstreams.esigning)
        self.signing = SigningHandler(esigning: downstreams.esigning)
        // Checking an agreement needs no token: per client address, a burst of 20, then 60 a minute.
        self.verifications = VerificationsHandler(signing: self.signing, limiter: RateLimiter(capacity: 20, perMinute: 60))
        self.archive = ArchiveHandler(archive: downstreams.archive)
    }

    /// Mounts the generated routes on the router, inside `GatewayRequestMiddleware`.
    func register(on router: Router<GatewayContext>) throws {
        let routes = router.group().add(middleware: GatewayRequestMiddleware())
        try self.registerHandlers(
            on: routes, serverURL: Servers.Server1.url(), configuration: .init(dateTranscoder: BeijingDateTranscoder())
        )
    }
}
