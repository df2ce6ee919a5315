import Foundation
public import GraduateDomain

/// 协议编号 (DOMAIN.md §6): 19 digits = 届别 (4) + 签约方式 (1) + 院校代码 (5) + serial (9),
/// e.g. 2023410001318198442. Assigned once, when an agreement takes effect; until then
/// lists show `AgreementNumber.pending`.
public struct AgreementNumber: Hashable, Sendable, CustomStringConvertible {
    public static let pending = "签约信息生效后生成"

    public let value: String

    public init(cohort: Int, flow: SigningFlow, schoolCode: SchoolCode, serial: Int) {
        precondition((1000...9999).contains(cohort) && (1...999_999_999).contains(serial))
        let digits = String(serial)
        self.value = "\(cohort)\(flow.numberDigit)\(schoolCode.value)" + String(repeating: "0", count: 9 - digits.count) + digits
    }

    /// A number as printed, checked for its shape.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count == 19, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }),
              SigningFlow.allCases.contains(where: { $0.numberDigit == trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)] })
        else { return nil }
        self.value = trimmed
    }

    public var cohort: Int { Int(self.value.prefix(4))! }
    public var schoolCode: String { String(self.value.dropFirst(5).prefix(5)) }
    public var serial: Int { Int(self.value.suffix(9))! }
    public var flow: SigningFlow {
        let digit = self.value[self.value.index(self.value.startIndex, offsetBy: 4)]
        return SigningFlow.allCases.first { $0.numberDigit == digit }!
    }

    public var description: String { self.value }
}
