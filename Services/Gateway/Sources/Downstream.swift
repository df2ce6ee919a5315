import Foundation
public import GRPCCore
import Synchronization

/// Clients of one downstream service: a few multiplexed connections used in turn. Generic over
/// the transport: production uses RPCTransport's TCP clients, the gateway's tests may run the
/// real services in the same process over grpc-swift's in-process transport.
public final class ClientPool<Transport: GRPCCore.ClientTransport>: Sendable {
    public let name: String
    public let clients: [GRPCClient<Transport>]
    private let next = Atomic<Int>(0)

    public init(name: String, clients: [GRPCClient<Transport>]) {
        precondition(!clients.isEmpty)
        self.name = name
        self.clients = clients
    }

    public var client: GRPCClient<Transport> {
        self.clients[self.next.add(1, ordering: .relaxed).oldValue % self.clients.count]
    }
}

/// The downstream services the gateway talks to, on one transport.
public struct Downstreams<Transport: GRPCCore.ClientTransport>: Sendable {
    public var accounts: ClientPool<Transport>
    public var esigning: ClientPool<Transport>
    public var archive: ClientPool<Transport>

    public init(accounts: ClientPool<Transport>, esigning: ClientPool<Transport>, archive: ClientPool<Transport>) {
        self.accounts = accounts
        self.esigning = esigning
        self.archive = archive
    }

    public var all: [ClientPool<Transport>] { [self.accounts, self.esigning, self.archive] }
}
