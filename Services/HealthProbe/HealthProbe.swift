import ArgumentParser
import GRPCCore
import GraduateProto
import RPCTransport

/// `health-probe --address host:port`: one gRPC health check over the TCP transport; exits
/// 0 when the service answers SERVING. Used by the containers' health checks.
@main
struct HealthProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health-probe")

    @Option(help: "host:port of the service's RPC port.")
    var address: String

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 3

    func run() async throws {
        guard let colon = self.address.lastIndex(of: ":"), let port = Int(self.address[self.address.index(after: colon)...]) else {
            throw ValidationError("--address must be host:port")
        }
        let client = GRPCClient(transport: TCPClientTransport(host: String(self.address[..<colon]), port: port))
        let serving = try await withThrowingTaskGroup(of: Bool?.self) { group in
            group.addTask {
                try await client.runConnections()
                return nil
            }
            var options = CallOptions.defaults
            options.timeout = .seconds(self.timeout)
            options.waitForReady = true
            let status = try? await Grpc_Health_V1_Health.Client(wrapping: client).check(Grpc_Health_V1_HealthCheckRequest(), options: options).status
            client.beginGracefulShutdown()
            try await group.waitForAll()
            return status == .serving
        }
        print(serving ? "SERVING" : "NOT SERVING")
        if !serving { throw ExitCode(1) }
    }
}
