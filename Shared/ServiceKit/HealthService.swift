public import GRPCCore
public import GraduateProto
import Synchronization

/// gRPC's standard health service (`grpc.health.v1.Health`). The overall status is the
/// empty service name; a service sets NOT_SERVING on itself while it shuts down or when a
/// dependency it cannot work without is gone.
public final class HealthService: Grpc_Health_V1_Health.ServiceProtocol, Sendable {
    public typealias ServingStatus = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    private struct State {
        var statuses: [String: ServingStatus] = ["": .serving]
        var watchers: [Int: (service: String, continuation: AsyncStream<ServingStatus>.Continuation)] = [:]
        var nextWatcher = 0
        /// Full names of the services served here ("graduate.esigning.v1.ESigning").
        var services: Set<String> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// The services this server runs: each answers with the overall status from now on.
    public func register(services: Set<String>) {
        self.state.withLock { state in
            state.services.formUnion(services)
        }
    }

    /// Sets the overall status (`""`, which every registered service follows) or one
    /// service's own.
    public func setStatus(_ status: ServingStatus, forService service: String = "") {
        let watchers = self.state.withLock { state in
            state.statuses[service] = status
            return state.watchers.values.filter { watcher in
                watcher.service == service || (service.isEmpty && state.services.contains(watcher.service) && state.statuses[watcher.service] == nil)
            }.map(\.continuation)
        }
        for watcher in watchers { watcher.yield(status) }
    }

    public func status(forService service: String) -> ServingStatus? {
        self.state.withLock { state in
            state.statuses[service] ?? (state.services.contains(service) ? state.statuses[""] : nil)
        }
    }

    public func check(
        request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Health_V1_HealthCheckResponse> {
        guard let status = self.status(forService: request.message.service) else {
            throw RPCError(code: .notFound, message: "unknown service '\(request.message.service.prefix(200))'")
        }
        var response = Grpc_Health_V1_HealthCheckResponse()
        response.status = status
        return ServerResponse(message: response)
    }

    public func watch(
        request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Grpc_Health_V1_HealthCheckResponse> {
        let service = request.message.service
        let (updates, continuation) = AsyncStream.makeStream(of: ServingStatus.self)
        let id = self.state.withLock { state in
            state.nextWatcher += 1
            state.watchers[state.nextWatcher] = (service, continuation)
            continuation.yield(state.statuses[service] ?? (state.services.contains(service) ? state.statuses[""] : nil) ?? .serviceUnknown)
            return state.nextWatcher
        }
        return StreamingServerResponse { writer in
            defer { _ = self.state.withLock { $0.watchers.removeValue(forKey: id) } }
            try await withRPCCancellationHandler {
                for await status in updates {
                    var response = Grpc_Health_V1_HealthCheckResponse()
                    response.status = status
                    try await writer.write(response)
                }
            } onCancelRPC: {
                continuation.finish()
            }
            return [:]
        }
    }
}
