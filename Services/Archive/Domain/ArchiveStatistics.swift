/// 数据统计 of the archive module (DOMAIN.md §5, §8): per 院系 with a 总计 row. Each column is
/// a filter of the records list, so a number in the table is what the list shows with it.
public enum ArchiveStatisticsColumn: Hashable, Sendable, CaseIterable {
    case total
    case registered
    case underReview
    case unregistered
    /// 已登记 records by the 档案转递类型 in force: the columns add up to 已登记.
    case transferType(ArchiveTransferType)

    public static var allCases: [ArchiveStatisticsColumn] {
        [.total, .registered, .underReview, .unregistered] + ArchiveTransferType.allCases.map(Self.transferType)
    }

    public var name: String {
        switch self {
        case .total: "总数"
        case .registered: ArchiveRecordStatus.registered.name
        case .underReview: ArchiveRecordStatus.underReview.name
        case .unregistered: ArchiveRecordStatus.unregistered.name
        case .transferType(let type): type.name
        }
    }

    /// The records list's filter: the statuses and, for a type column, the type in force.
    public var filter: (statuses: [ArchiveRecordStatus], transferType: ArchiveTransferType?) {
        switch self {
        case .total: (ArchiveRecordStatus.allCases, nil)
        case .registered: ([.registered], nil)
        case .underReview: ([.underReview], nil)
        case .unregistered: ([.unregistered], nil)
        case .transferType(let type): ([.registered], type)
        }
    }

    public func counts(_ fact: ArchiveStatisticsFact) -> Bool {
        let filter = self.filter
        return filter.statuses.contains(fact.status) && (filter.transferType == nil || filter.transferType == fact.transferType)
    }
}

/// One graduate on the roster, as the table counts them.
public struct ArchiveStatisticsFact: Hashable, Sendable {
    public var department: String
    public var status: ArchiveRecordStatus
    /// The 档案转递类型 in force; nil unless 已登记.
    public var transferType: ArchiveTransferType?

    public init(department: String, status: ArchiveRecordStatus, transferType: ArchiveTransferType? = nil) {
        self.department = department
        self.status = status
        self.transferType = transferType
    }
}

public struct ArchiveStatisticsRow: Hashable, Sendable {
    /// The 院系, or 总计.
    public var department: String
    public var counts: [ArchiveStatisticsColumn: Int]

    public subscript(column: ArchiveStatisticsColumn) -> Int { self.counts[column] ?? 0 }
}

public enum ArchiveStatistics {
    public static let totalRow = "总计"

    /// 总计 first (as the guide's tables put it), then each 院系 by name.
    public static func table(_ facts: [ArchiveStatisticsFact]) -> [ArchiveStatisticsRow] {
        var byDepartment: [String: [ArchiveStatisticsColumn: Int]] = [:]
        var total: [ArchiveStatisticsColumn: Int] = [:]
        for fact in facts {
            for column in ArchiveStatisticsColumn.allCases where column.counts(fact) {
                byDepartment[fact.department, default: [:]][column, default: 0] += 1
                total[column, default: 0] += 1
            }
        }
        let rows = byDepartment.keys.sorted().map { ArchiveStatisticsRow(department: $0, counts: byDepartment[$0] ?? [:]) }
        return [ArchiveStatisticsRow(department: Self.totalRow, counts: total)] + rows
    }
}
