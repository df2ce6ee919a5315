import Foundation
import GRPCCore
public import Hummingbird

/// Every error the API returns: the HTTP status from one mapping table, and the body
/// `{"error": {"code", "message", "field", "requestId"}}` — a Chinese message for people,
/// a stable code (and the field, for bad input) for programs.
public struct APIError: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    public var requestID: String?
    /// For 405: the methods the path has.
    var allow: String?
    /// For a lock-out (429): seconds to wait, as `Retry-After`.
    var retryAfter: String?

    public init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil, requestID: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.requestID = requestID
    }

    static func badRequest(field: String?, _ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_argument", message: message, field: field)
    }

    /// The one table from RPC status codes to HTTP statuses and API error codes.
    static let table: [RPCError.Code: (HTTPResponse.Status, String)] = [
        .invalidArgument: (.badRequest, "invalid_argument"),
        .outOfRange: (.badRequest, "out_of_range"),
        .unauthenticated: (.unauthorized, "unauthenticated"),
        .permissionDenied: (.forbidden, "permission_denied"),
        .notFound: (.notFound, "not_found"),
        .alreadyExists: (.conflict, "already_exists"),
        .failedPrecondition: (.conflict, "failed_precondition"),
        .aborted: (.conflict, "aborted"),
        .resourceExhausted: (.tooManyRequests, "resource_exhausted"),
        .cancelled: (.init(code: 499, reasonPhrase: "Client Closed Request"), "cancelled"),
        .deadlineExceeded: (.gatewayTimeout, "deadline_exceeded"),
        .unavailable: (.serviceUnavailable, "unavailable"),
        .unimplemented: (.notImplemented, "unimplemented"),
        .internalError: (.internalServerError, "internal"),
        .dataLoss: (.internalServerError, "internal"),
        .unknown: (.internalServerError, "internal"),
    ]

    /// The API error for an RPC failure. Messages of client-side refusals pass through (the
    /// services write them in Chinese for people); server-side failures get a generic one.
    /// A message with no Chinese in it was not written for people: the transport's own
    /// (`resourceExhausted` for too many streams or an oversized frame, in English) or a
    /// library's. It is replaced by the status's Chinese text, and a transport's
    /// `resourceExhausted` is the server being busy (503), not the caller's rate limit (429,
    /// which the services answer in Chinese with a wait).
    init(_ error: RPCError) {
        let forPeople = error.message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
        var (status, code) = Self.table[error.code] ?? (.internalServerError, "internal")
        if error.code == .resourceExhausted, !forPeople { (status, code) = (.serviceUnavailable, "unavailable") }
        let passThrough = (status.code < 500 || error.code == .unavailable) && forPeople
        self.init(
            status: status,
            code: error.metadata[stringValues: "captcha-required"].contains("true") ? "captcha_required" : code,
            message: passThrough ? error.message : Self.chineseMessage(for: status),
            field: error.metadata[stringValues: "field"].first(where: { _ in true })
        )
        // The accounts service's back-off says how long (sign-in, activation).
        self.retryAfter = error.metadata[stringValues: "retry-after"].first(where: { _ in true })
        if error.code == .unavailable { self.message = "服务暂时不可用，请稍后再试" }
        if error.code == .resourceExhausted, !forPeople { self.message = "服务繁忙，请稍后再试" }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 400: "invalid_argument"
        default: status.code >= 500 ? "internal" : "bad_request"
        }
    }

    static func chineseMessage(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "请求格式不正确"
        case 401: "未登录或登录已过期，请重新登录"
        case 403: "无权执行此操作"
        case 404: "请求的资源不存在"
        case 405: "不支持该请求方法"
        case 413: "上传内容过大"
        case 429: "请求过于频繁，请稍后再试"
        case 503: "服务暂时不可用，请稍后再试"
        case 504: "服务响应超时，请稍后再试"
        default: "系统内部错误，请稍后再试"
        }
    }

    private struct Body: Encodable {
        struct Inner: Encodable {
            var code: String
            var message: String
            var field: String?
            var requestId: String?
        }

        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: self.code, message: self.message, field: self.field, requestId: self.requestID))
        let data = try JSONEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let allow = self.allow { headers[.allow] = allow }
        if let retryAfter = self.retryAfter, self.status == .tooManyRequests { headers[.retryAfter] = retryAfter }
        // As on every success: a caller quoting it finds the request in the logs.
        if let requestID = self.requestID { headers[.init("X-Request-Id")!] = requestID }
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
