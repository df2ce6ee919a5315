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
