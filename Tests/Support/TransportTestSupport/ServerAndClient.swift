public import GRPCCore
public import RPCTransport

/// Runs `server` (on its TCP transport, usually port 0) and a client connected to it for
/// the length of `body`, then shuts both down gracefully, whether `body` threw or not.
public func withServerAndClient<T: Sendable>(
    _ server: GRPCServer<TCPServerTransport>,
    clientInterceptors: [any ClientInterceptor] = [],
    _ body: (_ client: GRPCClient<TCPClientTransport>, _ port: Int) async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.serve() }
        let port = try await server.transport.listeningPort
        let client = GRPCClient(
            transport: TCPClientTransport(host: "127.0.0.1", port: port),
            interceptors: clientInterceptors
        )
        group.addTask { try await client.runConnections() }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(client, port))
        } catch {
            result = .failure(error)
        }
        client.beginGracefulShutdown()
        server.beginGracefulShutdown()
        try await group.waitForAll()
        return try result.get()
    }
}
