import ArgumentParser
import EchoService
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GraduateProto
import RPCTransport

enum TransportKind: String, ExpressibleByArgument, CaseIterable {
    case tcp
    case http2

    var title: String {
        switch self {
        case .tcp: "plain TCP (ours)"
        case .http2: "HTTP/2 (grpc-swift-nio-transport)"
        }
    }
}

@main
struct TransportBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transport-benchmark",
        abstract: "Echo over our TCP transport vs grpc-swift's HTTP/2 transport, in separate processes.",
        subcommands: [Compare.self, Serve.self, Load.self],
        defaultSubcommand: Compare.self
    )
}

/// Serves the Echo service over one transport until killed.
struct Serve: AsyncParsableCommand {
    @Option var transport: TransportKind
    @Option var port: Int

    func run() async throws {
        switch self.transport {
        case .tcp:
            let server = GRPCServer(transport: TCPServerTransport(host: "127.0.0.1", port: self.port), services: [EchoService()])
            try await server.serve()
        case .http2:
            let server = GRPCServer(
                transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: self.port), transportSecurity: .plaintext),
                services: [EchoService()]
            )
            try await server.serve()
        }
    }
}
