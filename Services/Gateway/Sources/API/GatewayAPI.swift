import Foundation
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// The generated server's one handler (`APIProtocol`, from `Services/Gateway/API/openapi.yaml`),
/// made of one handler per area: each area's file implements its operations in an extension
/// that hands them to its handler. The areas the generator covers are listed in
/// `openapi-generator-config.yaml`; the others are still hand-written routes.
struct GatewayAPI: APIProtocol {
    let sessions: SessionsHandler
    let apiKeys: ApiKeysHandler

    /// Mounts the generated routes on the router, inside `GatewayRequestMiddleware`.
    func register(on router: Router<GatewayContext>) throws {
        let routes = router.group().add(middleware: GatewayRequestMiddleware())
        try self.registerHandlers(
            on: routes, serverURL: Servers.Server1.url(), configuration: .init(dateTranscoder: BeijingDateTranscoder())
        )
    }
}
