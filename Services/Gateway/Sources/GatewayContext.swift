public import Hummingbird
import Foundation
import Logging

/// The request context of every gateway route: carries the request id, which goes into
/// every log line, every RPC (`x-request-id`) and every error body.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    /// The peer's IP address (a proxy in front must be the one that rate limits by user).
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = UUID().uuidString.lowercased()
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The contract's operation the request was found to be (`RouteGuardMiddleware`), nil
    /// for what is not an API route.
    var operation: RouteTable.Operation?
}

/// Adopts a caller's `X-Request-Id` (if sane) or keeps the generated one, and echoes it.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let given = request.headers[.init("X-Request-Id")!], (8...64).contains(given.count),
           given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            context.requestID = given
        }
        context.logger[metadataKey: "request-id"] = .string(context.requestID)
        do {
            var response = try await next(request, context)
            response.headers[.init("X-Request-Id")!] = context.requestID
            return response
        } catch let error as APIError {
            var error = error
            error.requestID = context.requestID
            throw error
        } catch let error as HTTPError {
            // Hummingbird's own refusals (no route, body too large) get our error body too.
            throw APIError(status: error.status, code: APIError.code(for: error.status), message: APIError.chineseMessage(for: error.status), requestID: context.requestID)
        }
    }
}
