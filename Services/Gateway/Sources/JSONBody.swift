import Foundation
import GraduateDomain
import Hummingbird

/// Reads a JSON body with a small size limit and reports exactly what is wrong with it,
/// naming the field: malformed JSON, a wrong type, a missing field or an unknown value.
enum JSONBody {
    static let maximumBytes = 64 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: GatewayContext) async throws -> T {
        var request = request
        return try Self.decode(T.self, from: try await Self.collect(&request), request: request)
    }

    /// Like `decode`, for a body that may be left out: nil when the request has no body.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, from request: Request, context: GatewayContext) async throws -> T? {
        var request = request
        let buffer = try await Self.collect(&request)
        if buffer.readableBytes == 0 { return nil }
        return try Self.decode(T.self, from: buffer, request: request)
    }

    /// The body, up to `maximumBytes` (413 beyond), kept in the request for whoever reads it next.
    static func collect(_ request: inout Request) async throws -> ByteBuffer {
        do {
            return try await request.collectBody(upTo: Self.maximumBytes)
        } catch {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "请求内容过大（最多64KB）")
        }
    }

    /// 415 when the request says its body is something other than JSON.
    static func checkContentType(of request: Request) throws {
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "请求内容应为JSON（application/json）")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer, request: Request) throws -> T {
        try Self.checkContentType(of: request)
        let data = Data(buffer.readableBytesView)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Self.apiError(error, data: data)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest(field: nil, "请求内容不是有效的JSON")
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String? {
        let path = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? nil : path.replacingOccurrences(of: ".[", with: "[")
    }

    static func apiError(_ error: DecodingError, data: Data) -> APIError {
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                // Foundation's decoder reports a number that does not fit the field's integer
                // type (1.5, 2147483648) as invalid JSON, without the field: find it here.
                guard let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                    return .badRequest(field: nil, "请求内容不是有效的JSON")
                }
                if let field = Self.nonInt32Number(in: tree, path: "") {
                    return .badRequest(field: field, "字段值应为整数（-2147483648到2147483647）")
                }
                return .badRequest(field: nil, "请求内容不正确")
            }
            // A decoder's own description is English ("Cannot initialize … from invalid String
            // value"); ours (a time's format, say) is Chinese.
            let chinese = context.debugDescription.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
            return .badRequest(field: Self.path(context.codingPath), chinese ? "字段值无效：\(context.debugDescription)" : "字段值无效（不是允许的取值或格式）")
        case .keyNotFound(let key, let context):
            return .badRequest(field: Self.path(context.codingPath + [key]), "缺少必填字段")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .badRequest(field: Self.path(context.codingPath), "字段类型不正确")
        @unknown default:
            return .badRequest(field: nil, "请求内容不正确")
        }
    }
}

extension JSONBody {
    /// The path of the first number in `value` (keys in order) that is not an Int32, the only
    /// number type the API's requests have.
    static func nonInt32Number(in value: Any, path: String) -> String? {
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() {
                if let found = Self.nonInt32Number(in: object[key]!, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
        } else if let array = value as? [Any] {
            for (index, element) in array.enumerated() {
                if let found = Self.nonInt32Number(in: element, path: "\(path)[\(index)]") { return found }
            }
        } else if value is Bool || value is String || value is NSNull {
            return nil
        } else if let number = value as? NSNumber {
            let double = number.doubleValue
            if let exact = Int32(exactly: double), number.int64Value == Int64(exact) { return nil }
            return path.isEmpty ? nil : path
        } else if value is Decimal {
            return path.isEmpty ? nil : path
        }
        return nil
    }
}

/// A JSON-encodable response with status 200 (or the one given).
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    var value: Value
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(self.value)
        return Response(status: self.status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// RFC 3339 with the Beijing offset, the API's way to show a time.
func beijingTime(milliseconds: Int64) -> String {
    BeijingTime.rfc3339(milliseconds: milliseconds)
}

/// A file download with its (Chinese) name, as RFC 6266 and 5987 describe.
struct Download: ResponseGenerator {
    var content: Data
    var fileName: String
    var contentType: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoded = self.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download"
        let fallback = String(self.fileName.unicodeScalars.filter { $0.isASCII && $0 != "\"" }.map(Character.init))
        return Response(
            status: .ok,
            headers: [
                .contentType: self.contentType,
                .contentDisposition: "attachment; filename=\"\(fallback.isEmpty ? "download" : fallback)\"; filename*=UTF-8''\(encoded)",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: self.content))
        )
    }
}

/// One page of a list: the items, the total the console shows, and the token of the next page.
struct Paged<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var total: Int32
    var nextPageToken: String?

    init(items: [Item], total: Int32, nextPageToken: String) {
        self.items = items
        self.total = total
        self.nextPageToken = nextPageToken.isEmpty ? nil : nextPageToken
    }

    /// `pageSize` and `pageToken` from the query string.
    static func parameters(_ query: Parameters) throws -> (size: Int32, token: String) {
        var size: Int32 = 0
        if let text = query.get("pageSize") {
            guard let value = Int32(text) else { throw APIError.badRequest(field: "pageSize", "每页条数应为整数") }
            size = value
        }
        return (size, query.get("pageToken") ?? "")
    }
}
