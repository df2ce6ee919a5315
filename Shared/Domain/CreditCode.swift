import Foundation

/// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (digits and
/// capital letters without I, O, S, V, Z), the last one a check character computed from
/// the other 17. Every employer is keyed by it.
public struct CreditCode: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public enum Problem: Error, Equatable, Sendable {
        case wrongLength
        case badCharacters
        case badCheckCharacter(expected: Character)

        public var message: String {
            switch self {
            case .wrongLength: "统一社会信用代码应为18位"
            case .badCharacters: "统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z）"
            case .badCheckCharacter(let expected): "统一社会信用代码校验位不正确（应为\(expected)）"
            }
        }
    }

    private static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public init(_ text: String) throws(Problem) {
        let value = text.trimmingCharacters(in: .whitespaces).uppercased()
        let characters = Array(value)
        guard characters.count == 18 else { throw .wrongLength }
        let indices = characters.compactMap { Self.alphabet.firstIndex(of: $0) }
        guard indices.count == 18 else { throw .badCharacters }
        let expected = Self.checkCharacter(for: Array(indices.prefix(17)))
        guard characters[17] == expected else { throw .badCheckCharacter(expected: expected) }
        self.value = value
    }

    public var description: String { self.value }

    private static func checkCharacter(for indices: [Int]) -> Character {
        let sum = zip(indices, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Self.alphabet[(31 - sum % 31) % 31]
    }

    /// Appends the right check character to 17 valid characters (for test and demo data).
    public static func withCheckCharacter(_ first17: String) -> String {
        let indices = first17.uppercased().compactMap { Self.alphabet.firstIndex(of: $0) }
        precondition(indices.count == 17, "17 characters of the GB 32100 alphabet expected")
        return first17.uppercased() + String(Self.checkCharacter(for: indices))
    }
}
