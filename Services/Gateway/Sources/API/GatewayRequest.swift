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

    /// Uploads (roster files, scans) may be up to 10 MiB; JSON bodies are read with a much
    /// smaller limit by `JSONBody`.
    static let maxUploadSize = 10 * 1024 * 1024

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

/// Around the generated routes: makes the request `GatewayRequest.current`, reads the body
/// with the gateway's limits — a JSON body as the hand-written routes did (`JSONBody`: 64 KiB,
/// 415 for another type), an upload up to 10 MiB beside its form fields — normalises the query
/// (an empty value is no value; a repeated parameter is one comma list, the contract's form for
/// lists), and turns what the generated layer throws back into the API's error body.
struct GatewayRequestMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let operation = context.operation
        let body: ByteBuffer
        if contentType.isEmpty || contentType.hasPrefix("application/json") || operation?.takesUploads != true {
            body = try await JSONBody.collect(&request)
            if body.readableBytes > 0 { try JSONBody.checkContentType(of: request) }
        } else {
            do {
                body = try await request.collectBody(upTo: GatewayRequest.maxUploadSize + UploadedForm.fieldAllowance)
            } catch {
                throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "上传文件不能超过10MB", field: "file")
            }
            if contentType.hasPrefix("multipart/form-data"),
               let refusal = MultipartPrecheck.refusal(body: Array(body.readableBytesView), contentType: request.headers[.contentType] ?? "") {
                throw refusal
            }
        }
        var head = request.head
        var changed = false
        if let query = request.uri.query, !query.isEmpty {
            let lists = Set(operation?.parameters.filter(\.isList).map(\.name) ?? [])
            head.path = Self.normalised(path: request.uri.path, query: query, lists: lists)
            changed = true
        }
        // A body that may be left out and was: the generated layer would read the empty body as
        // malformed JSON, so it reads as the empty object, which means the same (no reason, no changes).
        if body.readableBytes == 0, contentType.isEmpty,
           operation?.bodyOptional == true {
            head.headerFields[.contentType] = "application/json"
            request = Request(head: head, body: .init(buffer: ByteBuffer(string: "{}")))
        } else if changed {
            request = Request(head: head, body: request.body)
        }
        do {
            var response = try await GatewayRequest.$current.withValue(GatewayRequest(request, context)) {
                try await next(request, context)
            }
            // The generated layer writes a header value percent-encoded (as a URI component);
            // a download's Content-Disposition must reach the browser as written, its filename*
            // already in RFC 5987's own percent-encoding, which one decoding restores.
            if let disposition = response.headers[.contentDisposition], let written = disposition.removingPercentEncoding {
                response.headers[.contentDisposition] = written
            }
            return response
        } catch let error as ServerError {
            var apiError = GeneratedLayerError.apiError(error, body: Data(body.readableBytesView))
            apiError.requestID = context.requestID
            if apiError.status == .internalServerError {
                context.logger.error("generated layer failed", metadata: ["error": "\(error.causeDescription)"])
            }
            throw apiError
        }
    }

    /// `lists` names the comma-list parameters: their commas may come percent-encoded (a
    /// browser's URLSearchParams writes `a%2Cb`), which the contract's form would read as one value.
    static func normalised(path: String, query: String, lists: Set<String>) -> String {
        var order: [Substring] = []
        var values: [Substring: [Substring]] = [:]
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair[0]
            var value = pair.count > 1 ? pair[1] : ""
            if lists.contains(String(key)) {
                value = Substring(value.replacingOccurrences(of: "%2C", with: ",").replacingOccurrences(of: "%2c", with: ","))
            }
            // `pageSize=` stays: the contract refuses it (a page size is a number).
            if value.isEmpty && key != "pageSize" { continue }
            if values[key] == nil { order.append(key) }
            values[key, default: []].append(value)
        }
        let normalised = order.map { key in "\(key)=\(values[key]!.joined(separator: ","))" }.joined(separator: "&")
        return path + (normalised.isEmpty ? "" : "?" + normalised)
    }
}

/// What the generated layer refuses before (or while) a handler runs — a parameter or body
/// that does not decode, a missing part, a wrong content type — as the API's error: the
/// runtime's status, a Chinese message, and the field it names.
enum GeneratedLayerError {
    static func apiError(_ error: ServerError, body: Data) -> APIError {
        switch error.underlyingError {
        case let own as APIError:
            return own
        case let decoding as DecodingError:
            return JSONBody.apiError(decoding, data: body)
        default:
            return Self.apiError(error.underlyingError, description: error.causeDescription, status: error.httpStatus)
        }
    }

    /// An error from iterating a multipart body inside a handler (the runtime validates lazily).
    static func apiError(_ error: any Error) -> APIError {
        if let decoding = error as? DecodingError { return JSONBody.apiError(decoding, data: Data()) }
        let status = (error as? any HTTPResponseConvertible)?.httpStatus ?? .badRequest
        return Self.apiError(error, description: String(describing: error), status: status)
    }

    private static func apiError(_ error: any Error, description: String, status: HTTPResponse.Status) -> APIError {
        let field = Self.field(in: description)
        switch status.code {
        case 415:
            return APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "请求内容类型不受支持", field: field)
        case 406:
            return APIError(status: .notAcceptable, code: "not_acceptable", message: "无法提供所要求的响应格式（Accept）", field: field)
        case 400..<500:
            let message = description.hasPrefix("Missing") || description.contains("missing") ? "缺少必填字段" : "请求格式不正确"
            return .badRequest(field: field, message)
        default:
            return APIError(status: .internalServerError, code: "internal", message: APIError.chineseMessage(for: .internalServerError))
        }
    }

    /// The parameter or part the runtime's (English) description names, if any.
    static func field(in description: String) -> String? {
        for marker in ["named: ", "named '", "parts: ", "part '", "parameter name: '"] {
            guard let range = description.range(of: marker) else { continue }
            let name = description[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            if !name.isEmpty { return String(name) }
        }
        return nil
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
