import Foundation
public import GRPCCore
public import Logging
import RPCTransport
import Metrics

/// The first server interceptor of every service: takes the caller's `x-request-id` (or
/// makes one), makes it the task's request context, and records each call's outcome in the
/// log and the metrics (`rpc_server_requests_total`, `rpc_server_duration_seconds`).
public struct RequestContextInterceptor: ServerInterceptor {
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let requestID = request.metadata[stringValues: "x-request-id"].first(where: { !$0.isEmpty }) ?? UUID().uuidString.lowercased()
        let method = context.descriptor.fullyQualifiedMethod
        let start = ContinuousClock.now
        let idempotencyKey = request.metadata[stringValues: "idempotency-key"].first(where: { !$0.isEmpty })
        return try await RequestContext.$current.withValue(RequestContext(requestID: requestID, idempotencyKey: idempotencyKey)) {
            // The caller gets the request id back: in the response headers, or in the status
            // trailers of a call that failed, so a report can be matched to the server's log.
            do {
                var response = try await next(request, context)
                let code: Status.Code
                switch response.accepted {
                case .success(var contents):
                    code = .ok
                    contents.metadata.replaceOrAddString(requestID, forKey: "x-request-id")
                    response.accepted = .success(contents)
                case .failure(var error):
                    code = Status.Code(error.code)
                    error.metadata.replaceOrAddString(requestID, forKey: "x-request-id")
                    response.accepted = .failure(error)
                }
                self.record(method: method, code: code, since: start, error: nil)
                return response
            } catch var error as RPCError {
                self.record(method: method, code: Status.Code(error.code), since: start, error: error)
                error.metadata.replaceOrAddString(requestID, forKey: "x-request-id")
                throw error
            } catch {
                self.record(method: method, code: .unknown, since: start, error: error)
                // What GRPCCore would make of it, with the request id; the cause stays here.
                throw RPCError(
                    code: .unknown,
                    message: "Service method threw an unknown error.",
                    metadata: ["x-request-id": .string(requestID)],
                    cause: error
                )
            }
        }
    }

    private func record(method: String, code: Status.Code, since start: ContinuousClock.Instant, error: (any Error)?) {
        let elapsed = ContinuousClock.now - start
        let dimensions = [("method", method), ("code", "\(code)")]
        Counter(label: "rpc_server_requests_total", dimensions: dimensions).increment()
        Metrics.Timer(label: "rpc_server_duration_seconds", dimensions: [("method", method)]).recordNanoseconds(
            Int64(elapsed.seconds * 1e9)
        )
        var metadata: Logger.Metadata = ["method": "\(method)", "code": "\(code)", "ms": "\(Int(elapsed.seconds * 1000))"]
        if let error, !(error is RPCError) {
            // Internals stay in the log; the caller only sees `unknown`.
            metadata["error"] = "\(error)"
        }
        self.logger.log(level: code == .ok ? .debug : .info, "rpc", metadata: metadata)
    }
}

/// Client side: every outgoing call carries the current request id, so one user action can
/// be followed through the gateway and every service it touches.
public struct RequestIDClientInterceptor: ClientInterceptor {
    public init() {}

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        if request.metadata[stringValues: "x-request-id"].first(where: { _ in true }) == nil,
           let current = RequestContext.current {
            request.metadata.addString(current.requestID, forKey: "x-request-id")
        }
        return try await next(request, context)
    }
}
