import Foundation
import GraduateDomain
import GraduateProto

/// The filters every staff list of signing shares (签约, 解约, 去向登记, 失效信息): 届别, 院系, 专业,
/// 学历, a search text, a date range and the page; each list and its Excel export read them
/// the same way, each list adds its own (`status`, `flows`, `kind`, `category`).
struct SigningListFilter {
    /// The contract's query of such a list (each list's generated `Query` has these).
    protocol Query {
        var cohort: Int32? { get }
        var department: String? { get }
        var major: String? { get }
        var educationLevel: String? { get }
        var q: String? { get }
        var from: String? { get }
        var to: String? { get }
        var pageSize: Int32? { get }
        var pageToken: String? { get }
    }

    /// The e-signing request of such a list (each list's proto request has these).
    protocol Request {
        init()
        var cohort: Int32 { get set }
        var department: String { get set }
        var major: String { get set }
        var educationLevel: String { get set }
        var query: String { get set }
        var fromMs: Int64 { get set }
        var toMs: Int64 { get set }
        var pageSize: Int32 { get set }
        var pageToken: String { get set }
    }

    /// The request with the common filters of `query` set; the list adds its own.
    static func request<R: Request>(_ query: some Query) throws -> R {
        var rpc = R()
        rpc.cohort = query.cohort ?? 0
        rpc.department = query.department ?? ""
        rpc.major = query.major ?? ""
        rpc.educationLevel = query.educationLevel ?? ""
        rpc.query = query.q ?? ""
        // 00:00 Beijing time of `from`, and of the day after `to` (the range includes `to`).
        if let from = query.from { rpc.fromMs = try Self.beijingMidnight(from, field: "from") }
        if let to = query.to { rpc.toMs = try Self.beijingMidnight(to, field: "to") + 86_400_000 }
        if rpc.fromMs != 0, rpc.toMs != 0, rpc.fromMs >= rpc.toMs {
            throw APIError.badRequest(field: "to", "结束日期不能早于开始日期")
        }
        rpc.pageSize = query.pageSize ?? 0
        rpc.pageToken = query.pageToken ?? ""
        return rpc
    }

    /// Milliseconds of 00:00 Beijing time on a `YYYY-MM-DD` date.
    static func beijingMidnight(_ text: String, field: String) throws -> Int64 {
        guard let start = BeijingTime.startOfDay(text) else {
            throw APIError.badRequest(field: field, "日期格式应为YYYY-MM-DD（如2025-06-01）且为有效日期")
        }
        return start
    }
}

extension Operations.GetAgreements.Input.Query: SigningListFilter.Query {}
extension Operations.GetTerminations.Input.Query: SigningListFilter.Query {}
extension Operations.GetDestinationRegistrations.Input.Query: SigningListFilter.Query {}
extension Operations.GetInvalidRecords.Input.Query: SigningListFilter.Query {}
extension Graduate_Esigning_V1_ListAgreementsRequest: SigningListFilter.Request {}
extension Graduate_Esigning_V1_ListTerminationsRequest: SigningListFilter.Request {}
extension Graduate_Esigning_V1_ListRegistrationsRequest: SigningListFilter.Request {}
extension Graduate_Esigning_V1_ListInvalidRecordsRequest: SigningListFilter.Request {}

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
