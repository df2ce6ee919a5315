import Foundation
@testable import Gateway
import GraduateProto
import Testing

/// The mappings between the archive protos and the contract's schemas: a field that does not
/// apply is an absent key, places come with their names, and a code the contract lacks is an
/// internal error rather than a trap.
@Suite("Schema mappings (档案/户口信息)")
struct ArchiveSchemaMappingTests {
    private func object(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try #require(try JSONSerialization.jsonObject(with: try encoder.encode(value)) as? [String: Any])
    }

    @Test("保留原校 without a 户口 move: only what applies is there; places by name")
    func values() throws {
        var values = Graduate_Archive_V1_ArchiveValues()
        values.transferType = "05"
        values.retentionDeadline = "2028-06-30"
        values.migratesHukou = "0"
        let kept = try self.object(try Components.Schemas.ArchiveValues(values))
        #expect(kept.keys.sorted() == ["migratesHukou", "retentionDeadline", "transferType"])
        values.transferType = "01"
        values.retentionDeadline = ""
        values.receivingUnitRegion = "310115"
        values.migratesHukou = "1"
        values.hukouRegion = "110105"
        let unit = try self.object(try Components.Schemas.ArchiveValues(values))
        #expect(unit["receivingUnitRegionName"] as? String == "上海市浦东新区" && unit["hukouRegionName"] as? String == "北京市朝阳区")
    }

    @Test("a record is registered only with values; the suggestion and the open application only when there is one")
    func record() throws {
        var record = Graduate_Archive_V1_ArchiveRecord()
        record.status = "unregistered"
        record.statusName = "未登记"
        var json = try self.object(try Components.Schemas.ArchiveRecord(record))
        for key in ["values", "registeredAt", "suggestion", "openApplication", "invalidReason"] { #expect(json[key] == nil, "\(key)") }
        record.suggested.transferType = "04"
        record.suggested.receivingUnitName = "北京大学"
        record.suggestedFrom = "升学学校：北京大学"
        json = try self.object(try Components.Schemas.ArchiveRecord(record))
        let suggestion = try #require(json["suggestion"] as? [String: Any])
        #expect(suggestion.keys.sorted() == ["from", "receivingUnitName", "transferType"])
    }

    @Test("数据统计's map as a list in code order; an unknown code from the service is an API error")
    func statisticsAndUnknownCodes() throws {
        var row = Graduate_Archive_V1_ArchiveStatisticsRow()
        row.label = "总计"
        row.byTransferType = ["99": 1, "01": 2, "05": 0]
        var statistics = Graduate_Archive_V1_ArchiveStatistics()
        statistics.rows = [row]
        let json = try self.object(try Components.Schemas.ArchiveStatistics(statistics))
        let first = try #require((json["rows"] as? [[String: Any]])?.first)
        #expect((first["byTransferType"] as? [[String: Any]])?.map { $0["transferType"] as? String } == ["01", "05", "99"])
        #expect(first["department"] == nil)
        row.byTransferType = ["07": 1]
        statistics.rows = [row]
        #expect(throws: APIError.self) { try Components.Schemas.ArchiveStatistics(statistics) }
        var step = Graduate_Archive_V1_ApplicationStep()
        step.action = "schoolEdit"
        #expect(throws: APIError.self) { try Components.Schemas.ArchiveApplicationStep(step) }
    }

    @Test("批量导入's answer: bad rows with no digest, or the plan with its digest; a kind the contract lacks is an API error")
    func importResult() throws {
        var response = Graduate_Archive_V1_ImportArchiveRecordsResponse()
        response.rows = 2
        response.errorCount = 1
        var error = Graduate_Archive_V1_ArchiveImportRowError()
        error.row = 3
        error.column = "邮编"
        error.reason = "邮编应为6位数字"
        response.errors = [error]
        var json = try self.object(try Components.Schemas.ArchiveImportResult(response))
        #expect(json["planDigest"] == nil && json["applied"] as? Bool == false && (json["entries"] as? [Any])?.isEmpty == true)
        #expect((json["errors"] as? [[String: Any]])?.first?.keys.sorted() == ["column", "reason", "row"])

        response = Graduate_Archive_V1_ImportArchiveRecordsResponse()
        response.applied = true
        response.registered = 1
        response.planDigest = String(repeating: "a", count: 64)
        var entry = Graduate_Archive_V1_ArchiveImportEntry()
        entry.row = 2
        entry.kind = "register"
        var change = Graduate_Archive_V1_FieldChange()
        change.field = "transferType"
        change.label = "档案转递类型"
        change.newValue = "单位接收"
        entry.changes = [change]
        response.entries = [entry]
        json = try self.object(try Components.Schemas.ArchiveImportResult(response))
        #expect(json["registeredCount"] as? Int == 1 && json["planDigest"] as? String == response.planDigest)
        let first = try #require((json["entries"] as? [[String: Any]])?.first)
        #expect(first["kind"] as? String == "register" && (first["changes"] as? [[String: Any]])?.first?["oldValue"] as? String == "")
        response.entries[0].kind = "replace"
        #expect(throws: APIError.self) { try Components.Schemas.ArchiveImportResult(response) }
    }
}
