import Foundation

/// 联系电话: a mainland mobile number (11 digits, 1[3-9]…), a landline with its area code
/// (0xx-xxxxxxxx, an extension allowed after a second hyphen) or a 400/800 service number.
/// Spaces are dropped; the hyphens are kept as written.
public struct ContactPhone: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public static let problemMessage = "联系电话应为11位手机号或带区号的固定电话（如010-12345678）"

    public init?(_ text: String) {
        let value = String(text.filter { !$0.isWhitespace })
        guard value.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { return nil }
        let groups = value.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard !groups.contains(where: \.isEmpty) else { return nil }
        guard Self.isMobile(groups) || Self.isLandline(groups) || Self.isServiceNumber(groups) else { return nil }
        self.value = value
    }

    public var description: String { self.value }

    private static func isMobile(_ groups: [String]) -> Bool {
        guard groups.count == 1, let number = groups.first, number.count == 11, number.hasPrefix("1") else { return false }
        return "3456789".contains(Array(number)[1])
    }

    /// Area code 0xx or 0xxx, a 7- or 8-digit number not starting with 0, an optional extension.
    private static func isLandline(_ groups: [String]) -> Bool {
        if groups.count == 1, let number = groups.first, number.hasPrefix("0") {
            return (10...12).contains(number.count)
        }
        guard (2...3).contains(groups.count), groups[0].hasPrefix("0"), (3...4).contains(groups[0].count),
              (7...8).contains(groups[1].count), !groups[1].hasPrefix("0")
        else { return false }
        return groups.count == 2 || (1...6).contains(groups[2].count)
    }

    /// 400/800 numbers: 400xxxxxxx or 400-xxx-xxxx.
    private static func isServiceNumber(_ groups: [String]) -> Bool {
        guard let first = groups.first, first.hasPrefix("400") || first.hasPrefix("800") else { return false }
        if groups.count == 1 { return first.count == 10 }
        return groups.count == 3 && first.count == 3 && groups[1].count == 3 && groups[2].count == 4
    }
}

/// 电子邮箱: a plain address check (one @, a dotted domain, no spaces), not RFC 5322 in full.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: .whitespaces)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              !value.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }),
              value.allSatisfy({ $0.isASCII || $0.isLetter })
        else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter)
        else { return nil }
        self.value = value
    }

    public var description: String { self.value }
}
