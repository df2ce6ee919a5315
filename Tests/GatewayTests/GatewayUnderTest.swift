import Foundation
@testable import Gateway
import GRPCCore
import Hummingbird
import HummingbirdTesting
import RPCTransport

/// The gateway's router with its downstream client running towards a port nobody listens on,
/// so a request that gets through is answered 503 by the transport.
func withGateway(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
    let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: 1))
    let pool = ClientPool(name: "accounts", clients: [client])
    let application = Application(router: try makeGatewayRouter(
        downstreams: Downstreams(accounts: pool, esigning: ClientPool(name: "esigning", clients: [client]), archive: ClientPool(name: "archive", clients: [client])), signInPerMinute: 100_000
    ))
    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await client.runConnections() }
        try await application.test(.router, body)
        client.beginGracefulShutdown()
    }
}
