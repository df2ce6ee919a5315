import Foundation
import GraduateDomain

/// The filters every staff list of signing shares (签约, 解约, 去向登记, 失效信息): 届别, 院系, 专业,
/// 学历, a search text, a date range and the page; each list and its Excel export read them
/// the same way, each list adds its own (`flows`, `kind`, `category`).
struct SigningListFilter {
    var cohort: Int32
    var department: String
    var major: String
    var educationLevel: String
    var query: String
    /// 00:00 Beijing time of `from`, and of the day after `to` (the range includes `to`); 0 when absent.
    var fromMs: Int64 = 0
    var toMs: Int64 = 0
    var pageSize: Int32
    var pageToken: String

    init(
        cohort: Int32?, department: String?, major: String?, educationLevel: String?, q: String?,
        from: String?, to: String?, pageSize: Int32?, pageToken: String?
    ) throws {
        self.cohort = cohort ?? 0
        self.department = department ?? ""
        self.major = major ?? ""
        self.educationLevel = educationLevel ?? ""
        self.query = q ?? ""
        if let from { self.fromMs = try Self.beijingMidnight(from, field: "from") }
        if let to { self.toMs = try Self.beijingMidnight(to, field: "to") + 86_400_000 }
        if self.fromMs != 0, self.toMs != 0, self.fromMs >= self.toMs {
            throw APIError.badRequest(field: "to", "结束日期不能早于开始日期")
        }
        self.pageSize = pageSize ?? 0
        self.pageToken = pageToken ?? ""
    }

    /// Milliseconds of 00:00 Beijing time on a `YYYY-MM-DD` date.
    static func beijingMidnight(_ text: String, field: String) throws -> Int64 {
        guard let start = BeijingTime.startOfDay(text) else {
            throw APIError.badRequest(field: field, "日期格式应为YYYY-MM-DD（如2025-06-01）且为有效日期")
        }
        return start
    }
}

/// An action sub-resource (`POST …/{id}/{action}`, kebab-case in the contract's enum, which is
/// the one table of a record type's actions) as the service's action code: `department-approve`
/// → `departmentApprove`.
enum ActionCode {
    static func of<Action: RawRepresentable>(_ action: Action) -> String where Action.RawValue == String {
        var code = ""
        var upper = false
        for character in action.rawValue {
            if character == "-" {
                upper = true
            } else {
                code += upper ? character.uppercased() : String(character)
                upper = false
            }
        }
        return code
    }
}
