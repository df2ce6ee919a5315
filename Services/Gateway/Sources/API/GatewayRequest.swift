import Foundation
import GraduateDomain
import GRPCCore
import Hummingbird
import Logging
import OpenAPIRuntime

/// What a generated operation's handler needs of the HTTP request it came in, beyond the
/// operation's own inputs (which are all the generated layer passes): the request id, the
/// caller's token and idempotency key for the RPC, the client address for rate limits.
/// `GatewayRequestMiddleware` sets it for the request's duration.
struct GatewayRequest: Sendable {
    var requestID: String
    var clientAddress: String
    var authorization: String?
    var idempotencyKey: String?
    var logger: Logger

    init(_ request: Request, _ context: GatewayContext) {
        self.requestID = context.requestID
        self.clientAddress = context.clientAddress
        self.authorization = request.headers[.authorization]
        self.idempotencyKey = request.headers[.init("Idempotency-Key")!]
        self.logger = context.logger
    }

    @TaskLocal static var current: GatewayRequest?

    /// The request being handled; a generated handler runs only inside the middleware.
    static func require() throws -> GatewayRequest {
        guard let current = Self.current else {
            throw APIError(status: .internalServerError, code: "internal", message: APIError.chineseMessage(for: .internalServerError))
        }
        return current
    }

    /// The metadata every downstream call carries: request id, token, idempotency key.
    var metadata: Metadata {
        var metadata = Metadata()
        metadata.addString(self.requestID, forKey: "x-request-id")
        if let authorization = self.authorization { metadata.addString(authorization, forKey: "authorization") }
        if let key = self.idempotencyKey { metadata.addString(key, forKey: "idempotency-key") }
        return metadata
    }

    /// Calls a downstream service for this request; its refusal becomes the API's error.
    func forward<T: Sendable>(_ call: (Metadata) async throws -> T) async throws -> T {
        do {
            return try await call(self.metadata)
        } catch let error as RPCError {
            var apiError = APIError(error)
            apiError.requestID = self.requestID
            if apiError.status.code >= 500 {
                self.logger.error("downstream call failed", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
            }
            throw apiError
        }
    }
}

/// Around the generated routes: makes the request `GatewayRequest.current`, reads a JSON body
/// with the same limit and Content-Type check as the hand-written routes (`JSONBody`), and
/// turns what the generated layer throws back into the API's error body — the handler's own
/// `APIError` as it is, a body that does not decode as 400 naming the field.
struct GatewayRequestMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body = try await JSONBody.collect(&request)
        if body.readableBytes > 0 { try JSONBody.checkContentType(of: request) }
        do {
            return try await GatewayRequest.$current.withValue(GatewayRequest(request, context)) {
                try await next(request, context)
            }
        } catch let error as ServerError {
            throw Self.apiError(error, body: Data(body.readableBytesView), context: context)
        }
    }

    static func apiError(_ error: ServerError, body: Data, context: Context) -> APIError {
        var apiError: APIError
        switch error.underlyingError {
        case let own as APIError:
            return own
        case let decoding as DecodingError:
            apiError = JSONBody.apiError(decoding, data: body)
        default:
            // The generated layer's own refusals: a missing body, a parameter of the wrong type.
            context.logger.info("request refused by the generated layer", metadata: ["error": "\(error.underlyingError)"])
            apiError = .badRequest(field: nil, "请求格式不正确")
        }
        apiError.requestID = context.requestID
        return apiError
    }
}

/// Times as the API shows them: RFC 3339 with the Beijing offset (+08:00), read back with any offset.
struct BeijingDateTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        BeijingTime.rfc3339(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    func decode(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "不是带时区的时间（RFC 3339）"))
        }
        return date
    }
}

extension Date {
    /// A stored time (Unix milliseconds) as the generated types carry it.
    init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
