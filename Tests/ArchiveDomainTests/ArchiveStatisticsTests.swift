import ArchiveDomain
import Testing

/// 数据统计 per 院系 with 总计, and the home page's counters (§5, §13).
@Suite("Archive statistics and home counters (§5, §13)")
struct ArchiveStatisticsTests {
    static let facts: [ArchiveStatisticsFact] = [
        .init(department: "计算机学院", status: .registered, transferType: .employer),
        .init(department: "计算机学院", status: .registered, transferType: .employer),
        .init(department: "计算机学院", status: .registered, transferType: .keptBySchool),
        .init(department: "计算机学院", status: .underReview),
        .init(department: "计算机学院", status: .unregistered),
        .init(department: "文学院", status: .registered, transferType: .origin),
        .init(department: "文学院", status: .unregistered),
        .init(department: "文学院", status: .unregistered),
        .init(department: "物理学院", status: .underReview),
    ]

    @Test("columns in order with their names")
    func columns() {
        #expect(ArchiveStatisticsColumn.allCases.map(\.name) == [
            "总数", "已登记", "审核中", "未登记", "单位接收", "托管单位接收", "转回生源地", "升学外校接收", "保留原校", "其他",
        ])
    }

    @Test("per 院系 with 总计 first; the numbers are the ones counted by hand")
    func table() {
        let table = ArchiveStatistics.table(Self.facts)
        // 院系 by name (code point order).
        #expect(table.map(\.department) == ["总计", "文学院", "物理学院", "计算机学院"])
        func row(_ name: String) -> ArchiveStatisticsRow? { table.first { $0.department == name } }
        let computing = row("计算机学院")
        #expect(computing?[.total] == 5 && computing?[.registered] == 3 && computing?[.underReview] == 1 && computing?[.unregistered] == 1)
        #expect(computing?[.transferType(.employer)] == 2 && computing?[.transferType(.keptBySchool)] == 1 && computing?[.transferType(.origin)] == 0)
        let letters = row("文学院")
        #expect(letters?[.total] == 3 && letters?[.registered] == 1 && letters?[.unregistered] == 2 && letters?[.transferType(.origin)] == 1)
        #expect(row("物理学院")?[.underReview] == 1 && row("物理学院")?[.registered] == 0)
        #expect(row("总计")?[.total] == 9 && row("总计")?[.registered] == 4 && row("总计")?[.underReview] == 2 && row("总计")?[.unregistered] == 3)
    }

    @Test("总计 is the sum of the 院系; statuses add up to 总数; types add up to 已登记")
    func addsUp() {
        let table = ArchiveStatistics.table(Self.facts)
        let total = table[0]
        for column in ArchiveStatisticsColumn.allCases {
            #expect(total[column] == table.dropFirst().reduce(0) { $0 + $1[column] }, "\(column)")
        }
        for row in table {
            #expect(row[.registered] + row[.underReview] + row[.unregistered] == row[.total], "\(row.department)")
            #expect(ArchiveTransferType.allCases.reduce(0) { $0 + row[.transferType($1)] } == row[.registered], "\(row.department)")
        }
        #expect(ArchiveStatistics.table([]).map(\.department) == ["总计"])
        #expect(ArchiveStatistics.table([])[0][.total] == 0)
    }

    @Test("each column's filter")
    func filters() {
        #expect(ArchiveStatisticsColumn.total.filter.statuses == ArchiveRecordStatus.allCases)
        #expect(ArchiveStatisticsColumn.underReview.filter.statuses == [.underReview])
        let kept = ArchiveStatisticsColumn.transferType(.keptBySchool).filter
        #expect(kept.statuses == [.registered] && kept.transferType == .keptBySchool)
    }

    @Test("home counters: labels, the list and the statuses they count")
    func counters() {
        for counter in ArchiveHomeCounter.allCases { #expect(counter.list == "archive-applications") }
        #expect(ArchiveHomeCounter.pendingTotal.label(forDepartment: false) == "档案/户口信息待学校审核总数")
        #expect(ArchiveHomeCounter.pendingTotal.label(forDepartment: true) == "档案/户口信息待院系审核总数")
        #expect(ArchiveHomeCounter.awaitingDepartment.label(forDepartment: false) == "档案/户口信息审核中 等待院系审核")
        #expect(ArchiveHomeCounter.awaitingSchool.label(forDepartment: true) == "档案/户口信息审核中 等待学校审核")
        #expect(ArchiveHomeCounter.pendingTotal.statuses(forDepartment: false) == [.awaitingSchool])
        #expect(ArchiveHomeCounter.pendingTotal.statuses(forDepartment: true) == [.awaitingDepartment])
        for department in [false, true] {
            #expect(ArchiveHomeCounter.awaitingDepartment.statuses(forDepartment: department) == [.awaitingDepartment])
            #expect(ArchiveHomeCounter.awaitingSchool.statuses(forDepartment: department) == [.awaitingSchool])
            // Each counter's statuses wait for the stage its label names.
            for counter in ArchiveHomeCounter.allCases {
                let label = counter.label(forDepartment: department)
                for status in counter.statuses(forDepartment: department) {
                    #expect(status.isUnderReview && label.contains(status == .awaitingSchool ? "学校" : "院系"), "\(counter) \(department)")
                }
            }
        }
    }

    @Test("the counters shown follow the 审核方式", arguments: [
        (ArchiveReviewMode.schoolOnly, false, [ArchiveHomeCounter.pendingTotal]),
        (.schoolOnly, true, [.pendingTotal, .awaitingSchool]),
        (.departmentThenSchool, false, [.pendingTotal, .awaitingDepartment, .awaitingSchool]),
        (.departmentThenSchool, true, [.pendingTotal, .awaitingDepartment, .awaitingSchool]),
    ])
    func shown(mode: ArchiveReviewMode, department: Bool, counters: [ArchiveHomeCounter]) {
        #expect(ArchiveHomeCounter.shown(forDepartment: department, reviewMode: mode) == counters)
    }

    @Test("counting a list of applications with each counter's filter")
    func countsOfAList() {
        let applications: [ArchiveApplicationStatus] = [.awaitingDepartment, .awaitingSchool, .awaitingSchool, .approved, .rejected, .withdrawn]
        func count(_ counter: ArchiveHomeCounter, _ department: Bool) -> Int {
            applications.filter(counter.statuses(forDepartment: department).contains).count
        }
        #expect(count(.pendingTotal, false) == 2 && count(.pendingTotal, true) == 1)
        #expect(count(.awaitingDepartment, false) == 1 && count(.awaitingSchool, true) == 2)
    }
}
