public import GRPCCore

/// The RPC error code a call ends with: nil when it succeeds, `.unknown` for an error that
/// is not an RPC error.
public func rpcCode(_ call: () async throws -> Void) async -> RPCError.Code? {
    do {
        try await call()
        return nil
    } catch let error as RPCError {
        return error.code
    } catch {
        return .unknown
    }
}
