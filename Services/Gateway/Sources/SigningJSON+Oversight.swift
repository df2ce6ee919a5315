import Foundation
import GraduateProto

/// 失效信息 (§4.7), 预警单位 (§4.8) and 数据统计 (§8) as the API shows them.
extension SigningJSON {
    /// A record frozen because its graduate left the roster.
    struct InvalidRecord: Encodable, Sendable {
        var kind: String
        var kindName: String
        var id: String
        var graduate: GraduateParty
        var status: String
        var statusName: String
        var summary: String
        var invalidatedAt: String
        var invalidReason: String

        init(_ record: Graduate_Esigning_V1_InvalidRecord) {
            self.kind = record.kind
            self.kindName = record.kindName
            self.id = record.id
            self.graduate = GraduateParty(record.graduate)
            self.status = record.status
            self.statusName = record.statusName
            self.summary = record.summary
            self.invalidatedAt = beijingTime(milliseconds: record.invalidatedAtMs)
            self.invalidReason = record.invalidReason
        }
    }

    /// `POST /warning-employers`.
    struct WarningEmployerInput: Decodable {
        var creditCode: String
        var employerName: String
        var reason: String

        var rpc: Graduate_Esigning_V1_AddWarningEmployerRequest {
            var request = Graduate_Esigning_V1_AddWarningEmployerRequest()
            request.creditCode = self.creditCode
            request.employerName = self.employerName
            request.reason = self.reason
            return request
        }
    }

    /// An employer on this school's warning list or on the national one (≥ 5 schools).
    struct WarningEmployer: Encodable, Sendable {
        var creditCode: String
        var employerName: String
        var reason: String
        var addedByName: String
        var addedAt: String?
        var listedBySchool: Bool
        var national: Bool
        var schoolCount: Int32

        init(_ employer: Graduate_Esigning_V1_WarningEmployer) {
            self.creditCode = employer.creditCode
            self.employerName = employer.employerName
            self.reason = employer.reason
            self.addedByName = employer.addedByName
            self.addedAt = employer.addedAtMs == 0 ? nil : beijingTime(milliseconds: employer.addedAtMs)
            self.listedBySchool = employer.listedBySchool
            self.national = employer.national
            self.schoolCount = employer.schoolCount
        }

        enum CodingKeys: String, CodingKey {
            case creditCode, employerName, reason, addedByName, addedAt, listedBySchool, national, schoolCount
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.creditCode, forKey: .creditCode)
            try container.encode(self.employerName, forKey: .employerName)
            try container.encode(self.reason, forKey: .reason)
            try container.encode(self.addedByName, forKey: .addedByName)
            try container.encode(self.addedAt, forKey: .addedAt)
            try container.encode(self.listedBySchool, forKey: .listedBySchool)
            try container.encode(self.national, forKey: .national)
            try container.encode(self.schoolCount, forKey: .schoolCount)
        }
    }

    /// The warning banner of an agreement whose employer is listed by this school or nationally.
    struct EmployerWarning: Encodable, Sendable {
        var listedBySchool: Bool
        var reason: String
        var national: Bool
        var schoolCount: Int32

        /// nil when the employer is on no list this school sees.
        init?(_ agreement: Graduate_Esigning_V1_Agreement) {
            guard agreement.hasWarning, agreement.warning.listedBySchool || agreement.warning.national else { return nil }
            self.listedBySchool = agreement.warning.listedBySchool
            self.reason = agreement.warning.reason
            self.national = agreement.warning.national
            self.schoolCount = agreement.warning.schoolCount
        }
    }

    /// 数据统计: one row per 院系 and the 总计 row, the counts in the order of `columns`.
    struct Statistics: Encodable, Sendable {
        struct Column: Encodable, Sendable {
            var key: String
            var name: String
            var source: String
            var flows: [String]
            var statuses: [String]
        }

        struct Row: Encodable, Sendable {
            var department: String
            var total: Int32
            var counts: [Int32]
            var placed: Int32
            var placementRate: String

            init(_ row: Graduate_Esigning_V1_StatisticsRow) {
                self.department = row.department
                self.total = row.total
                self.counts = row.counts
                self.placed = row.placed
                self.placementRate = row.placementRate
            }
        }

        var cohort: Int32
        var columns: [Column]
        var rows: [Row]
        var total: Row

        init(_ statistics: Graduate_Esigning_V1_Statistics) {
            self.cohort = statistics.cohort
            self.columns = statistics.columns.map {
                Column(key: $0.key, name: $0.name, source: $0.source, flows: $0.flows, statuses: $0.statuses)
            }
            self.rows = statistics.rows.map(Row.init)
            self.total = Row(statistics.total)
        }
    }
}
