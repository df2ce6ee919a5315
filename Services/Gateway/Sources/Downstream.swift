import Foundation
public import GRPCCore
import Hummingbird
public import RPCTransport
import Synchronization
import Logging

/// Clients of one downstream service: a few multiplexed connections used in turn.
public final class ClientPool: Sendable {
    public let name: String
    public let clients: [GRPCClient<TCPClientTransport>]
    private let next = Atomic<Int>(0)

    public init(name: String, clients: [GRPCClient<TCPClientTransport>]) {
        precondition(!clients.isEmpty)
        self.name = name
        self.clients = clients
    }

    public var client: GRPCClient<TCPClientTransport> {
        self.clients[self.next.add(1, ordering: .relaxed).oldValue % self.clients.count]
    }
}

/// Calls a downstream RPC on behalf of an HTTP request: passes the caller's token, the
/// request id and the idempotency key along, and turns any RPC failure into an `APIError`.
func forward<T: Sendable>(
    _ request: Request,
    _ context: GatewayContext,
    _ call: (Metadata) async throws -> T
) async throws -> T {
    var metadata = Metadata()
    metadata.addString(context.requestID, forKey: "x-request-id")
    if let authorization = request.headers[.authorization] {
        metadata.addString(authorization, forKey: "authorization")
    }
    if let key = request.headers[.init("Idempotency-Key")!] {
        metadata.addString(key, forKey: "idempotency-key")
    }
    do {
        return try await call(metadata)
    } catch let error as RPCError {
        var apiError = APIError(error)
        apiError.requestID = context.requestID
        if apiError.status.code >= 500 {
            context.logger.error("downstream call failed", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
        }
        throw apiError
    }
}
