import Foundation
import HTTPTypes

/// A path or query parameter as the contract declares it, checked before the generated layer
/// decodes it: the generated decoders refuse a wrong type or an unknown enum value without
/// naming the parameter, and do not check `minimum`/`maximum` at all. Here each refusal names
/// the parameter, in Chinese, from its own description.
struct ParameterCheck: Sendable {
    enum Kind: Sendable {
        case integer(minimum: Int64?, maximum: Int64?)
        case boolean
        /// A string, from a closed list when `allowed` is not nil, matching `pattern` when there is one.
        case string(allowed: [String]?, pattern: NSRegularExpression?)
        /// A comma list of strings (`explode: false`), each from `allowed` when not nil.
        case list(allowed: [String]?)
    }

    var name: String
    var inPath: Bool
    var required: Bool
    var kind: Kind
    /// The description's first phrase, as the message's subject (届别, 状态代码 …).
    var label: String

    init?(_ parameter: [String: Any]) {
        guard let name = parameter["name"] as? String, let location = parameter["in"] as? String,
              location == "query" || location == "path", let schema = parameter["schema"] as? [String: Any]
        else { return nil }
        self.name = name
        self.inPath = location == "path"
        self.required = parameter["required"] as? Bool ?? false
        let description = parameter["description"] as? String ?? ""
        let label = description.prefix { !"，,；;（(：:".contains($0) }
        self.label = label.isEmpty ? name : String(label)
        switch schema["type"] as? String {
        case "integer":
            self.kind = .integer(minimum: (schema["minimum"] as? NSNumber)?.int64Value, maximum: (schema["maximum"] as? NSNumber)?.int64Value)
        case "boolean":
            self.kind = .boolean
        case "array":
            self.kind = .list(allowed: ((schema["items"] as? [String: Any])?["enum"] as? [Any])?.compactMap { $0 as? String })
        default:
            self.kind = .string(
                allowed: (schema["enum"] as? [Any])?.compactMap { $0 as? String },
                pattern: (schema["pattern"] as? String).flatMap { try? NSRegularExpression(pattern: $0) }
            )
        }
    }

    var isList: Bool {
        if case .list = self.kind { return true }
        return false
    }

    /// nil when `value` (absent: nil) is what the contract allows; otherwise the error naming it.
    func refusal(of value: String?) -> APIError? {
        guard let value, !value.isEmpty else {
            return self.required ? .badRequest(field: self.name, "缺少必填参数：\(self.label)") : nil
        }
        switch self.kind {
        case .integer(let minimum, let maximum):
            // Digits only, as a person writes a number ("+202", " 7" and "0x10" are not).
            let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
            guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ ("0"..."9").contains($0) }), let number = Int64(value) else {
                return .badRequest(field: self.name, "\(self.label)应为整数")
            }
            switch (minimum, maximum) {
            case let (minimum?, maximum?) where number < minimum || number > maximum:
                return .badRequest(field: self.name, "\(self.label)应为\(minimum)到\(maximum)之间的整数")
            case let (minimum?, nil) where number < minimum:
                return .badRequest(field: self.name, "\(self.label)不能小于\(minimum)")
            case let (nil, maximum?) where number > maximum:
                return .badRequest(field: self.name, "\(self.label)不能大于\(maximum)")
            default:
                break
            }
        case .boolean:
            guard value == "true" || value == "false" else { return .badRequest(field: self.name, "\(self.label)应为 true 或 false") }
        case .string(let allowed, let pattern):
            if let allowed, !allowed.contains(value) { return self.unknown(value) }
            if let pattern, pattern.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) == nil {
                return .badRequest(field: self.name, "\(self.label)格式不正确")
            }
        case .list(let allowed):
            guard let allowed else { return nil }
            if let wrong = value.split(separator: ",", omittingEmptySubsequences: false).first(where: { !allowed.contains(String($0)) }) {
                return self.unknown(String(wrong))
            }
        }
        return nil
    }

    /// An unknown value: in a path (an action sub-resource) there is no such resource, 404.
    private func unknown(_ value: String) -> APIError {
        if self.inPath {
            return APIError(status: .notFound, code: "not_found", message: "不支持的操作：\(value)", field: self.name)
        }
        return .badRequest(field: self.name, "\(self.label)不正确：\(value)")
    }
}
