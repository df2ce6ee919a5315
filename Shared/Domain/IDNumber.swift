public import Foundation

/// 居民身份证号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence and a
/// check character (0–9 or X) computed from the other 17. Every graduate is keyed by it.
public struct IDNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Why a string is not a valid 身份证号; `message` is what a person is shown.
    public enum Problem: Error, Equatable, Sendable {
        case wrongLength
        case badCharacters
        case badRegion
        case badBirthDate
        case futureBirthDate
        case badCheckDigit(expected: Character)

        public var message: String {
            switch self {
            case .wrongLength: "身份证号应为18位"
            case .badCharacters: "身份证号前17位应为数字，最后一位为数字或X"
            case .badRegion: "身份证号的地区码不正确"
            case .badBirthDate: "身份证号中的出生日期不正确"
            case .futureBirthDate: "身份证号中的出生日期晚于今天"
            case .badCheckDigit(let expected): "身份证号校验位不正确（应为\(expected)）"
            }
        }
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = Array("10X98765432")

    /// Validates `text` (surrounding spaces ignored, a lower-case x accepted as X). `today`
    /// (YYYYMMDD, Beijing time unless a test says otherwise) bounds the birth date: nobody on
    /// a roster was born after it.
    public init(_ text: String, today: Int = IDNumber.today()) throws(Problem) {
        let value = text.trimmingWhiteSpace(.whitespaces).uppercased()
        let characters = Array(value)
        guard characters.count == 18 else { throw .wrongLength }
        let digits = characters.prefix(17).compactMap { $0.wholeNumberValue }
        guard digits.count == 17, characters[0..<17].allSatisfy({ $0.isASCII }),
              characters[17].isASCII, characters[17].isNumber || characters[17] == "X"
        else { throw .badCharacters }
        guard RegionCode.provinces.contains(digits[0] * 10 + digits[1]) else { throw .badRegion }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard Self.isPlausibleBirthDate(year: year, month: month, day: day) else { throw .badBirthDate }
        guard year * 10_000 + month * 100 + day <= today else { throw .futureBirthDate }
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = Self.checkCharacters[sum % 11]
        guard characters[17] == expected else { throw .badCheckDigit(expected: expected) }
        self.value = value
    }

    public var description: String { self.value }

    /// The birth date as YYYYMMDD.
    public var birthDate: String { String(self.value.dropFirst(6).prefix(8)) }

    /// 1 for male, 2 for female: the parity of the 17th digit.
    public var genderCode: Int { (Array(self.value)[16].wholeNumberValue ?? 0) % 2 == 1 ? 1 : 2 }

    /// For display in lists: the middle digits masked.
    public var masked: String { String(self.value.prefix(6)) + "********" + String(self.value.suffix(4)) }

    /// Today in Beijing as YYYYMMDD, by arithmetic (BeijingTime): every row of a 20,000-row
    /// roster file asks, and a Calendar with a time zone per call costs far more than the check.
    public static func today(_ now: Date = Date()) -> Int {
        let date = BeijingTime.date(milliseconds: Int64(now.timeIntervalSince1970 * 1000))
        return Int(date.filter(\.isNumber)) ?? 0
    }

    private static func isPlausibleBirthDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1900...2100).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Appends the right check character to 17 digits (for generating test and demo data).
    public static func withCheckDigit(_ first17: String) -> String {
        let digits = first17.compactMap { $0.wholeNumberValue }
        precondition(digits.count == 17, "17 digits expected")
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        return first17 + String(Self.checkCharacters[sum % 11])
    }
}
