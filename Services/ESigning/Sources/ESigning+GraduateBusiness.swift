import AuthKit
import GRDB
public import GRPCCore
public import GraduateProto
import ServiceKit

/// 学生名单's 业务 column (§2): for one page of the roster (the roster lives in accounts), which
/// business each graduate has here — every record counts, finished or 失效 ones too, since
/// the tags say where to look for the graduate's history.
extension ESigningService {
    static let businessTagOrder = ["在线签约", "补登", "解约", "去向登记", "失效"]

    public func getGraduateBusiness(
        request: Graduate_Esigning_V1_GetGraduateBusinessRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_GetGraduateBusinessResponse {
        // Staff of the school only; one without the signing module sees the roster (accounts'
        // list) without tags rather than no list.
        let principal = try self.caller()
        guard principal.kind == .staff, let school = principal.schoolCode else { throw RPCError.denied() }
        guard principal.modules.contains("esigning") else { return .init() }
        guard request.graduateIds.count <= 200 else {
            throw RPCError.invalid(field: "graduateIds", "一次最多查询200名学生")
        }
        let ids = Array(Set(request.graduateIds.filter { !$0.isEmpty }))
        guard !ids.isEmpty else { return .init() }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        // Each kind of record gives its tag, and 失效 where any of those records is invalid.
        let sources = [
            ("agreement", "CASE WHEN flow = 'backRegistration' THEN '补登' ELSE '在线签约' END"),
            ("termination", "'解约'"),
            ("destination_registration", "'去向登记'"),
        ]
        return try await self.pool.read { db in
            var tags: [String: Set<String>] = [:]
            for (table, tag) in sources {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT graduate_id, \(tag) AS tag, max(invalidated_at_ms IS NOT NULL) AS invalid FROM \(table)
                        WHERE school_code = ? AND graduate_id IN (\(marks)) GROUP BY graduate_id, tag
                        """,
                    arguments: StatementArguments([school] + ids)
                )
                for row in rows {
                    tags[row["graduate_id"], default: []].insert(row["tag"])
                    if row["invalid"] as Bool { tags[row["graduate_id"], default: []].insert("失效") }
                }
            }
            var response = Graduate_Esigning_V1_GetGraduateBusinessResponse()
            response.graduates = ids.sorted().compactMap { id in
                guard let found = tags[id] else { return nil }
                var business = Graduate_Esigning_V1_GraduateBusiness()
                business.graduateID = id
                business.tags = Self.businessTagOrder.filter(found.contains)
                return business
            }
            return response
        }
    }
}
