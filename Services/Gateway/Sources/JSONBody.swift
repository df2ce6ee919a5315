import Foundation
import GraduateDomain
import Hummingbird

/// A JSON body's size limit and content type, and what is wrong with one that does not decode,
/// naming the field: malformed JSON, a wrong type, a missing field or an unknown value.
enum JSONBody {
    static let maximumBytes = 64 * 1024

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
