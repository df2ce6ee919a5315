import Foundation

/// 行政区划代码 (GB/T 2260): 6 digits, the first two a province. Used for an employer's 所在地
/// and, as the first six digits of a 身份证号, for a person's region.
public struct RegionCode: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// The province codes of GB/T 2260 (plus 71 Taiwan, 81 Hong Kong, 82 Macao).
    public static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ]

    public enum Problem: Error, Equatable, Sendable {
        case wrongFormat
        case unknownProvince
        case unknownCode

        public var message: String {
            switch self {
            case .wrongFormat: "所在地应为6位行政区划代码"
            case .unknownProvince: "所在地的行政区划代码不正确（前两位不是有效的省级代码）"
            case .unknownCode: "所在地的行政区划代码不在国家行政区划代码表（GB/T 2260）中，请从省、市、区县中选择"
            }
        }
    }

    public init(_ text: String) throws(Problem) {
        let value = text.trimmingCharacters(in: .whitespaces)
        let digits = value.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard value.count == 6, digits.count == 6 else { throw .wrongFormat }
        guard Self.provinces.contains(digits[0] * 10 + digits[1]) else { throw .unknownProvince }
        guard Regions.isKnown(value) else { throw .unknownCode }
        self.value = value
    }

    public var description: String { self.value }
}
