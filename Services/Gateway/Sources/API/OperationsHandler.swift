import Foundation
import GRPCCore
import GraduateProto
import OpenAPIRuntime
import RPCTransport

/// 运维: liveness, the downstream services' health, and the API contract itself.
struct OperationsHandler<Transport: GRPCCore.ClientTransport> {
    let downstreams: Downstreams<Transport>

    /// Each downstream's state: SERVING, NOT_SERVING, or unavailable within 2 s.
    func health() async -> (healthy: Bool, services: [String: String]) {
        var services: [String: String] = [:]
        for pool in self.downstreams.all {
            let health = Grpc_Health_V1_Health.Client(wrapping: pool.client)
            var options = CallOptions.defaults
            options.timeout = .seconds(2)
            do {
                let response = try await health.check(Grpc_Health_V1_HealthCheckRequest(), options: options)
                services[pool.name] = response.status == .serving ? "serving" : "not_serving"
            } catch {
                services[pool.name] = "unavailable"
            }
        }
        return (services.values.allSatisfy { $0 == "serving" }, services)
    }
}

/// The 运维 operations of the generated API.
extension GatewayAPI {
    func getAlive(_ input: Operations.GetAlive.Input) async throws -> Operations.GetAlive.Output {
        .ok(.init(body: .plainText("ok")))
    }

    /// 200 when every downstream answers its health check SERVING, else 503, with each one's state.
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let (healthy, services) = await self.operations.health()
        func state(_ name: String) -> String { services[name] ?? "unavailable" }
        let report = Components.Schemas.Health(
            status: healthy ? .ok : .degraded,
            services: .init(
                accounts: try APIValues.code(state("accounts"), "services.accounts"),
                esigning: try APIValues.code(state("esigning"), "services.esigning"),
                archive: try APIValues.code(state("archive"), "services.archive")
            )
        )
        return healthy ? .ok(.init(body: .json(report))) : .serviceUnavailable(.init(body: .json(report)))
    }

    func getOpenapiJson(_ input: Operations.GetOpenapiJson.Input) async throws -> Operations.GetOpenapiJson.Output {
        .ok(.init(body: .json(try ServedContract.document.get())))
    }
}

/// The API contract as the gateway serves it at `/api/v1/openapi.json` and checks requests
/// against (RouteTable): `scripts/generate-openapi.sh` writes it from openapi.yaml into the
/// gateway's resources, beside the code it generates from the same file.
enum ServedContract {
    static let documentData: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Contract"),
              let data = try? Data(contentsOf: url)
        else { return Data("{}".utf8) }
        return data
    }()

    /// The same, decoded once for the generated layer (which encodes it again per request).
    static let document = Result { try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Self.documentData) }
}
