import ArgumentParser
import EchoService
import GRPCCore
import Logging
import ServiceKit
import ServiceLifecycle

/// Serves the Echo test service and the health service over the TCP transport, wired
/// exactly like a real service (ServiceKit), so end-to-end tests, the C client and the
/// benchmark exercise production code.
@main
struct EchoTestServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "echo-test-server")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (configuration, _, logger) = try startService(
            self.options, name: "echo", defaultPort: 7199, requiresDataDirectory: false
        ) { _ in () }
        let health = HealthService()
        let server = makeRPCServer(configuration: configuration, services: [EchoService()], health: health, logger: logger)
        var services: [any Service] = []
        if configuration.metricsPort != 0 {
            services.append(MetricsEndpoint(host: configuration.host, port: configuration.metricsPort, logger: logger))
        }
        services.append(RPCServerService(server: server, health: health))
        try await runServices(services, logger: logger)
    }
}
