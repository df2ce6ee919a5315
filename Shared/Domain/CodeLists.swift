import Foundation

/// The code lists of the roster (生源信息). Imports and APIs carry the code; people see the
/// name. Codes follow the national employment system's 生源 code lists (inferred where
/// DOMAIN.md is silent).

/// A code list: each entry has a code (its raw value) and a name people read.
public protocol CodeList: RawRepresentable, CaseIterable where RawValue == String {
    var name: String { get }
}

extension CodeList {
    /// Accepts the code or the name, as roster files use either.
    public init?(codeOrName text: String) {
        let trimmed = text.trimmingWhiteSpace(.whitespaces)
        guard let entry = Self(rawValue: trimmed) ?? Self.allCases.first(where: { $0.name == trimmed }) else { return nil }
        self = entry
    }

    /// The name of the entry with `code`, or nil for a code not in the list.
    public static func name(ofCode code: String) -> String? {
        Self(rawValue: code)?.name
    }
}

/// 学历
public enum EducationLevel: String, CodeList, Sendable, Codable {
    case doctorate = "01"
    case master = "11"
    case bachelor = "31"
    case associate = "41"

    public var name: String {
        switch self {
        case .doctorate: "博士研究生"
        case .master: "硕士研究生"
        case .bachelor: "本科"
        case .associate: "专科"
        }
    }
}

/// 培养方式
public enum TrainingMode: String, CodeList, Sendable, Codable {
    case nonDirected = "1"
    case directed = "2"
    case commissioned = "3"

    public var name: String {
        switch self {
        case .nonDirected: "非定向"
        case .directed: "定向"
        case .commissioned: "委培"
        }
    }

    /// 定向 and 委培 graduates go to their 定向/委培 unit and cannot accept other offers online.
    public var isBound: Bool { self != .nonDirected }
}

/// 性别 (GB/T 2261.1: 1 男, 2 女)
public enum Gender: String, CodeList, Sendable, Codable {
    case male = "1"
    case female = "2"

    public var name: String { self == .male ? "男" : "女" }
}

/// 届别: the graduation year, shown as "2023届".
public struct Cohort: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int

    public init?(_ text: String) {
        let trimmed = text.trimmingWhiteSpace(.whitespaces)
        let digits = trimmed.contains("届") ? trimmed.replacingOccurrences(of: "届", with: "") : trimmed
        guard let year = Int(digits), (2000...2100).contains(year) else { return nil }
        self.year = year
    }

    public var description: String { "\(self.year)届" }

    /// The 届 a school works on at `today` (YYYYMMDD, Beijing): this year's graduates until
    /// the end of August (the 31 August rule), next year's from September.
    public static func current(today: Int = IDNumber.today()) -> Int {
        let (year, month) = (today / 10_000, today / 100 % 100)
        return month > 8 ? year + 1 : year
    }

    public static func < (lhs: Cohort, rhs: Cohort) -> Bool { lhs.year < rhs.year }
}

/// 院校代码: 5 digits (e.g. 10001).
public struct SchoolCode: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: .whitespaces)
        guard value.count == 5, value.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.value = value
    }

    public var description: String { self.value }
}
