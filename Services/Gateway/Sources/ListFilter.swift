import Foundation
import GraduateDomain
import GraduateProto
import Hummingbird

/// The query string of the staff lists (签约, 解约, 去向登记, 失效信息): 届别, 院系, 专业, 学历,
/// statuses, a search text, a date range and the page. Each list and its Excel export read
/// them the same way; each list adds its own filters (`flows`, `kind`, `category`).
struct ListFilter {
    var cohort: Int32
    var department: String
    var major: String
    var educationLevel: String
    var statuses: [String]
    var query: String
    /// 00:00 Beijing time of `from`, and of the day after `to` (the range includes `to`); 0 when absent.
    var fromMs: Int64 = 0
    var toMs: Int64 = 0
    var pageSize: Int32
    var pageToken: String

    /// `status` codes are checked against `statuses` when given (nil: passed on as they are).
    init(_ query: Parameters, statuses: [String]? = nil) throws {
        self.cohort = try SigningController.cohort(query, required: false)
        self.department = query.get("department") ?? ""
        self.major = query.get("major") ?? ""
        self.educationLevel = query.get("educationLevel") ?? ""
        self.statuses = try Self.values(query, "status", allowed: statuses, message: "状态代码不正确")
        self.query = query.get("q") ?? ""
        if let from = query.get("from"), !from.isEmpty {
            self.fromMs = try Self.beijingMidnight(from, field: "from")
        }
        if let to = query.get("to"), !to.isEmpty {
            self.toMs = try Self.beijingMidnight(to, field: "to") + 86_400_000
        }
        if self.fromMs != 0, self.toMs != 0, self.fromMs >= self.toMs {
            throw APIError.badRequest(field: "to", "结束日期不能早于开始日期")
        }
        (self.pageSize, self.pageToken) = try Paged<SigningJSON.Agreement>.parameters(query)
    }

    /// A parameter given several times or as a comma list (`status=a&status=b`, `status=a,b`).
    /// With `allowed`, every value must be one of them, else 400 naming the parameter.
    static func values(_ query: Parameters, _ name: String, allowed: [String]? = nil, message: String = "") throws -> [String] {
        let values = query.getAll(name).flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let allowed, let wrong = values.first(where: { !allowed.contains($0) }) {
            throw APIError.badRequest(field: name, "\(message)：\(wrong)")
        }
        return values
    }

    /// A single code from a closed list, or "" when absent.
    static func code(_ query: Parameters, _ name: String, allowed: [String], message: String) throws -> String {
        guard let value = query.get(name), !value.isEmpty else { return "" }
        guard allowed.contains(value) else { throw APIError.badRequest(field: name, message) }
        return value
    }

    /// Milliseconds of 00:00 Beijing time on a `YYYY-MM-DD` date.
    static func beijingMidnight(_ text: String, field: String) throws -> Int64 {
        guard let start = BeijingTime.startOfDay(text) else {
            throw APIError.badRequest(field: field, "日期格式应为YYYY-MM-DD（如2025-06-01）且为有效日期")
        }
        return start
    }
}

/// A list as JSON, or with `format=xlsx` the Excel export of the same filter; any other
/// format is refused before anything is asked of the service.
func listOrExport<Value: Encodable & Sendable>(
    _ request: Request,
    _ context: GatewayContext,
    list: () async throws -> Value,
    export: () async throws -> Graduate_Esigning_V1_ExportFile
) async throws -> Response {
    switch request.uri.queryParameters.get("format") ?? "" {
    case "":
        return try JSONResponse(value: try await list()).response(from: request, context: context)
    case "xlsx":
        let file = try await export()
        return try Download(content: file.content, fileName: file.fileName, contentType: SigningController.xlsxMediaType)
            .response(from: request, context: context)
    default:
        throw APIError.badRequest(field: "format", "导出格式应为 xlsx")
    }
}
