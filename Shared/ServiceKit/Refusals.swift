public import GRPCCore

/// Refusals as RPC errors, built one way everywhere: a Chinese message for people and,
/// for bad input, the field's name in the `field` trailer for programs (the gateway puts
/// it in the error body).
extension RPCError {
    public static func invalid(field: String, _ message: String) -> RPCError {
        RPCError(code: .invalidArgument, message: message, metadata: ["field": .string(field)])
    }

    public static func notFound(_ message: String) -> RPCError {
        RPCError(code: .notFound, message: message)
    }

    public static func alreadyExists(field: String, _ message: String) -> RPCError {
        RPCError(code: .alreadyExists, message: message, metadata: ["field": .string(field)])
    }

    public static func wrongState(_ message: String) -> RPCError {
        RPCError(code: .failedPrecondition, message: message)
    }

    public static func denied(_ message: String = "无权执行此操作") -> RPCError {
        RPCError(code: .permissionDenied, message: message)
    }

    public static func unauthenticated(_ message: String) -> RPCError {
        RPCError(code: .unauthenticated, message: message)
    }

    /// The field a validation error names, if any.
    public var field: String? {
        self.metadata[stringValues: "field"].first(where: { _ in true })
    }
}
