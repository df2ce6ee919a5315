import AuthKit
import ESigningDomain
import ESigningService
import Foundation
import GRPCCore
import GraduateDomain
import GraduateProto
import SwiftProtobuf
import Testing
import TransportTestSupport

/// §4.7, §4.8 and §8 over TCP: 失效信息管理, 预警单位, and 数据统计 checked against the lists
/// on a generated school where every status occurs.
@Suite("失效, 预警单位 and 数据统计 over TCP")
struct OversightTests {
    @Test("a removed graduate's records of every kind become 失效, leave the lists, and return")
    func invalidRecords() async throws {
        try await ESigningHarness.run { h in
            let agreement = try await TerminationTests.effectiveOffer(h)
            let graduate = try await h.graduate("grad-1")
            let termination = try await TerminationTests.apply(h, agreement.id, as: graduate)
            try await h.rosterGraduate("grad-2", name: "李娜", index: 2)
            let registration = try await RegistrationTests.register(h, as: try await h.graduate("grad-2"))
            let school = try await h.schoolAdmin()

            try await h.rosterGraduate("grad-1", name: "王伟", index: 1, type: "roster.graduate.removed")
            try await h.rosterGraduate("grad-2", name: "李娜", index: 2, type: "roster.graduate.removed")
            let invalid = try await h.client.listInvalidRecords(.init(), metadata: school)
            #expect(invalid.total == 3)
            #expect(Set(invalid.records.map(\.kindName)) == ["签约", "解约", "去向登记"])
            #expect(invalid.records.allSatisfy { $0.invalidReason == "毕业生已从学生名单中移除" && $0.invalidatedAtMs == h.clock.value })
            #expect(invalid.records.first { $0.kind == "termination" }?.statusName == "毕业生申请解约，等待单位确认")
            let onlyRegistrations = try await h.client.listInvalidRecords(.with { $0.kind = "registration" }, metadata: school)
            #expect(onlyRegistrations.records.map(\.id) == [registration.id])
            #expect(await rpcCode { _ = try await h.client.listInvalidRecords(.with { $0.kind = "other" }, metadata: school) } == .invalidArgument)
            #expect(try await h.client.listTerminations(.init(), metadata: school).total == 0)
            #expect(try await h.client.listRegistrations(.init(), metadata: school).total == 0)
            // Frozen: nobody acts on them.
            #expect(await rpcCode {
                _ = try await TerminationTests.act(h, termination.id, "agree", as: try await h.employer("employer-1"))
            } == .failedPrecondition)
            let export = try await h.client.exportInvalidRecords(.init(), metadata: school)
            #expect(export.fileName.hasPrefix("失效信息管理-") && export.content.starts(with: [0x50, 0x4B]))

            try await h.rosterGraduate("grad-1", name: "王伟", index: 1, type: "roster.graduate.added")
            try await h.rosterGraduate("grad-2", name: "李娜", index: 2, type: "roster.graduate.added")
            #expect(try await h.client.listInvalidRecords(.init(), metadata: school).total == 0)
            #expect(try await h.client.listTerminations(.init(), metadata: school).terminations.map(\.id) == [termination.id])
            #expect(try await TerminationTests.act(h, termination.id, "agree", as: try await h.employer("employer-1")).statusName == "解约审核中，等待学校审核")
        }
    }

    @Test("finished records of a removed graduate are 失效 too — an 已解约 agreement, its approved termination — with the school's reason")
    func finishedRecordsInvalid() async throws {
        try await ESigningHarness.run { h in
            let agreement = try await TerminationTests.effectiveOffer(h)
            let graduate = try await h.graduate("grad-1")
            let applied = try await TerminationTests.apply(h, agreement.id, as: graduate)
            _ = try await TerminationTests.act(h, applied.id, "agree", as: try await h.employer("employer-1"))
            let school = try await h.schoolAdmin()
            #expect(try await TerminationTests.act(h, applied.id, "schoolApprove", as: school).statusName == "解约审核通过")

            try await h.rosterGraduate("grad-1", name: "王伟", index: 1, type: "roster.graduate.removed", removedReason: "退学")
            let invalid = try await h.client.listInvalidRecords(.init(), metadata: school)
            #expect(invalid.total == 2)
            #expect(Set(invalid.records.map(\.statusName)) == ["已解约", "解约审核通过"])
            #expect(invalid.records.allSatisfy { $0.invalidReason == "毕业生已从学生名单中移除：退学" })
            try await h.rosterGraduate("grad-1", name: "王伟", index: 1, type: "roster.graduate.added")
            #expect(try await h.client.listInvalidRecords(.init(), metadata: school).total == 0)
        }
    }

    @Test("预警单位: a school's list with reasons; 5 schools make a national warning; offers carry it")
    func warningEmployers() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await OfferFlowTests.setUp(h)
            let school = try await h.schoolAdmin()
            var add = Graduate_Esigning_V1_AddWarningEmployerRequest()
            add.creditCode = "91110108MA01DEMA1X"
            add.employerName = "北京示范软件有限公司"
            add.reason = "虚假宣传"
            let badCode = await #expect(throws: RPCError.self) { _ = try await h.client.addWarningEmployer(add, metadata: school) }
            #expect(badCode?.metadata[stringValues: "field"].contains("creditCode") == true)
            add.creditCode = OfferFlowTests.creditCode.lowercased()
            add.reason = ""
            #expect(await rpcCode { _ = try await h.client.addWarningEmployer(add, metadata: school) } == .invalidArgument)
            add.reason = "虚假宣传"
            let reviewer = try await h.staff("cs-reviewer", role: .departmentAdmin, department: "dept-cs")
            #expect(await rpcCode { _ = try await h.client.addWarningEmployer(add, metadata: reviewer) } == .permissionDenied)
            let listed = try await h.client.addWarningEmployer(add, metadata: school)
            #expect(listed.creditCode == OfferFlowTests.creditCode && listed.listedBySchool && !listed.national && listed.schoolCount == 1)
            #expect(await rpcCode { _ = try await h.client.addWarningEmployer(add, metadata: school) } == .alreadyExists)

            // The graduate answering the offer and the reviewer see it.
            let offer = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            let seen = try await h.client.getAgreement(.with { $0.agreementID = offer.id }, metadata: try await h.graduate("grad-1"))
            #expect(seen.hasWarning && seen.warning.listedBySchool && seen.warning.reason == "虚假宣传")

            // Four more schools: national, seen by a school that has not listed it.
            for code in ["10002", "10003", "10004", "10005"] {
                add.reason = "违规招聘"
                _ = try await h.client.addWarningEmployer(add, metadata: try await h.schoolAdmin(code))
            }
            let elsewhere = try await h.client.listWarningEmployers(.init(), metadata: try await h.schoolAdmin("10006"))
            #expect(elsewhere.total == 1 && elsewhere.employers.first?.national == true && elsewhere.employers.first?.schoolCount == 5)
            #expect(elsewhere.employers.first?.listedBySchool == false)
            let own = try await h.client.listWarningEmployers(.with { $0.query = "示范" }, metadata: school)
            #expect(own.employers.first?.reason == "虚假宣传" && own.employers.first?.national == true)

            let removed = try await h.client.removeWarningEmployer(.with { $0.creditCode = OfferFlowTests.creditCode }, metadata: school)
            #expect(removed.listedBySchool)
            #expect(await rpcCode { _ = try await h.client.removeWarningEmployer(.with { $0.creditCode = OfferFlowTests.creditCode }, metadata: school) } == .notFound)
            let after = try await h.client.getAgreement(.with { $0.agreementID = offer.id }, metadata: school)
            // Four schools are not enough for a national warning: this school's people see none now.
            #expect(!after.hasWarning)
        }
    }

    /// What each generated graduate does, cycling through every status the columns count.
    enum Scenario: CaseIterable {
        case offerOpen, offerAccepted, offerApproved, offerRefusedBySchool, applicationPending, applicationRefused
        case backPending, backApproved, backRefused, terminated, terminationPending, terminationRefused
        case registrationPending, studyApproved, awaitingEmploymentApproved, registrationRefused, nothing, removedAfterApproval
    }

    @Test("数据统计: every cell equals the total of its list filter; 总计 and 落实率 add up")
    func statisticsAgreeWithLists() async throws {
        try await ESigningHarness.run { h in
            try await h.school()
            try await h.approvedEmployer("employer-1", name: "北京示范软件有限公司", creditCode: OfferFlowTests.creditCode)
            try await h.openSigning()
            let school = try await h.schoolAdmin()
            let employer = try await h.employer("employer-1")
            let departments = ["计算机学院", "数学学院", "物理学院"]
            var placedExpected = 0
            var rosterExpected = 0
            for index in 0..<(Scenario.allCases.count * 2) {
                let scenario = Scenario.allCases[index % Scenario.allCases.count]
                let id = "grad-\(index)"
                // 学历 and 专业 vary independently of the 院系, for the tables grouped by them.
                let (major, level) = (index % 2 == 0 ? "软件工程" : "应用数学", index % 5 == 0 ? "11" : "31")
                let idNumber = try await h.rosterGraduate(
                    id, name: "学生\(index)", index: index + 10, department: departments[index % 3], major: major, educationLevel: level
                )
                let graduate = try await h.graduate(id)
                func offerAccepted() async throws -> String {
                    let offer = try await h.offer(from: "employer-1", to: idNumber, name: "学生\(index)")
                    _ = try await h.act(offer.id, "accept", as: graduate)
                    return offer.id
                }
                func effective() async throws -> String {
                    let id = try await offerAccepted()
                    _ = try await h.act(id, "schoolApprove", as: school)
                    return id
                }
                func apply(_ back: Bool) async throws -> String {
                    var request = Graduate_Esigning_V1_ApplyRequest()
                    request.employer = ESigningHarness.employerParty(creditCode: OfferFlowTests.otherCredit)
                    request.job = ESigningHarness.job
                    if back {
                        request.attachmentSha256 = try await h.upload(ESigningHarness.png, as: graduate)
                        return try await h.client.submitBackRegistration(request, metadata: graduate).id
                    }
                    return try await h.client.applyForAgreement(request, metadata: graduate).id
                }
                rosterExpected += 1
                switch scenario {
                case .offerOpen: _ = try await h.offer(from: "employer-1", to: idNumber, name: "学生\(index)")
                case .offerAccepted: _ = try await offerAccepted()
                case .offerApproved: _ = try await effective(); placedExpected += 1
                case .offerRefusedBySchool: _ = try await h.act(try await offerAccepted(), "schoolReject", as: school, reason: "信息有误")
                case .applicationPending: _ = try await apply(false)
                case .applicationRefused: _ = try await h.act(try await apply(false), "schoolReject", as: school, reason: "信息有误")
                case .backPending: _ = try await apply(true)
                case .backApproved: _ = try await h.act(try await apply(true), "schoolApprove", as: school); placedExpected += 1
                case .backRefused: _ = try await h.act(try await apply(true), "schoolReject", as: school, reason: "扫描件不清晰")
                case .terminated, .terminationPending, .terminationRefused:
                    let termination = try await TerminationTests.apply(h, try await effective(), as: graduate)
                    _ = try await TerminationTests.act(h, termination.id, "agree", as: employer)
                    if scenario == .terminated { _ = try await TerminationTests.act(h, termination.id, "schoolApprove", as: school) }
                    if scenario == .terminationRefused {
                        _ = try await TerminationTests.act(h, termination.id, "schoolReject", as: school, reason: "材料不全")
                    }
                    if scenario != .terminated { placedExpected += 1 }
                case .registrationPending: _ = try await RegistrationTests.register(h, as: graduate)
                case .studyApproved:
                    _ = try await RegistrationTests.act(h, try await RegistrationTests.register(h, as: graduate).id, "schoolApprove", as: school)
                    placedExpected += 1
                case .awaitingEmploymentApproved:
                    let registration = try await RegistrationTests.register(h, as: graduate, category: "70", fields: [:], attachment: "")
                    _ = try await RegistrationTests.act(h, registration.id, "schoolApprove", as: school)
                case .registrationRefused:
                    _ = try await RegistrationTests.act(h, try await RegistrationTests.register(h, as: graduate).id, "schoolReject", as: school, reason: "材料不全")
                case .nothing: break
                case .removedAfterApproval:
                    _ = try await effective()
                    try await h.rosterGraduate(
                        id, name: "学生\(index)", index: index + 10, department: departments[index % 3], type: "roster.graduate.removed",
                        major: major, educationLevel: level
                    )
                    rosterExpected -= 1
                }
            }

            let statistics = try await h.client.getStatistics(.with { $0.cohort = 2025 }, metadata: school)
            #expect(statistics.columns.map(\.name) == ["已签约", "签约未审核", "签约未通过", "已解约", "解约未审核", "解约未通过", "补登", "补登未审核", "补登未通过", "去向登记", "去向未审核", "去向未通过"])
            #expect(statistics.rows.map(\.department) == departments.sorted())
            #expect(statistics.total.label == "总计" && statistics.total.department.isEmpty && statistics.total.total == Int32(rosterExpected))
            #expect(statistics.rows.map(\.label) == departments.sorted() && statistics.groupBy == "department")
            #expect(statistics.total.placed == Int32(placedExpected))
            #expect(statistics.total.placementRate == PlacementRate.text(placed: placedExpected, total: rosterExpected))
            #expect(statistics.total.counts.allSatisfy { $0 > 0 }, "every column has records: \(statistics.total.counts)")
            for (position, column) in statistics.columns.enumerated() {
                for row in statistics.rows + [statistics.total] {
                    let listed = try await Self.listTotal(h, column, row, as: school)
                    #expect(listed == row.counts[position], "\(row.label) \(column.name): table \(row.counts[position]), list \(listed)")
                }
            }
            #expect(statistics.rows.map(\.total).reduce(0, +) == statistics.total.total)
            try await Self.expectGroupings(h, statistics, as: school)
            // Excel: one row per 院系 plus 总计.
            let file = try await h.client.exportStatistics(.with { $0.cohort = 2025 }, metadata: school)
            #expect(file.fileName.hasPrefix("数据统计2025届-"))
            #expect(await rpcCode { _ = try await h.client.getStatistics(.init(), metadata: school) } == .invalidArgument)
            #expect(await rpcCode { _ = try await h.client.getStatistics(.with { $0.cohort = 2025 }, metadata: try await h.graduate("grad-1")) } == .permissionDenied)
            // A 院系 account sees its own row only.
            try await h.department("dept-math", "数学学院")
            let math = try await h.client.getStatistics(.with { $0.cohort = 2025 }, metadata: try await h.staff("m", role: .departmentOperator, department: "dept-math"))
            #expect(math.rows.map(\.department) == ["数学学院"])
            #expect(math.total.counts == statistics.rows.first { $0.department == "数学学院" }?.counts)
        }
    }

    /// The total the list of a column's source shows with the column's filter.
    /// By 学历 and by 专业: the same 总计, rows that add up to it, each cell the total of its
    /// list with the row's filters, names for 学历 codes; and the season's line ends at the
    /// placed count.
    static func expectGroupings(_ h: ESigningHarness, _ byDepartment: Graduate_Esigning_V1_Statistics, as school: Metadata) async throws {
        for grouping in ["educationLevel", "major"] {
            let statistics = try await h.client.getStatistics(.with { $0.cohort = 2025; $0.groupBy = grouping }, metadata: school)
            #expect(statistics.groupBy == grouping)
            #expect(statistics.total.counts == byDepartment.total.counts && statistics.total.total == byDepartment.total.total)
            #expect(statistics.rows.map(\.total).reduce(0, +) == statistics.total.total)
            #expect(statistics.rows.map(\.placed).reduce(0, +) == statistics.total.placed)
            if grouping == "educationLevel" {
                #expect(statistics.rows.map(\.label) == ["硕士研究生", "本科"] && statistics.rows.map(\.educationLevel) == ["11", "31"])
            } else {
                #expect(statistics.rows.count == 6 && statistics.rows.allSatisfy { !$0.department.isEmpty && !$0.major.isEmpty })
                #expect(statistics.rows.first?.label == "数学学院 应用数学")
            }
            for (position, column) in statistics.columns.enumerated() {
                for row in statistics.rows {
                    let listed = try await Self.listTotal(h, column, row, as: school)
                    #expect(listed == row.counts[position], "\(row.label) \(column.name): table \(row.counts[position]), list \(listed)")
                }
            }
        }
        let line = byDepartment.placedByDay
        #expect(line.last?.cumulative == byDepartment.total.placed && line.map(\.placed).reduce(0, +) == byDepartment.total.placed)
        // Days in order, each once, each a real date (the harness's clock is fixed, so one day here).
        #expect(!line.isEmpty && line.map(\.date) == Array(Set(line.map(\.date))).sorted())
        #expect(line.allSatisfy { BeijingTime.startOfDay($0.date) != nil && $0.placed > 0 })
        #expect(await rpcCode { _ = try await h.client.getStatistics(.with { $0.cohort = 2025; $0.groupBy = "gender" }, metadata: school) } == .invalidArgument)
    }

    /// The total of the list a statistics cell counts: the column's filter and the row's.
    static func listTotal(
        _ h: ESigningHarness, _ column: Graduate_Esigning_V1_StatisticsColumn, _ row: Graduate_Esigning_V1_StatisticsRow, as caller: Metadata
    ) async throws -> Int32 {
        switch column.source {
        case "agreements":
            return try await h.client.listAgreements(.with {
                $0.cohort = 2025; $0.department = row.department; $0.major = row.major; $0.educationLevel = row.educationLevel
                $0.flows = column.flows; $0.statuses = column.statuses
            }, metadata: caller).total
        case "terminations":
            return try await h.client.listTerminations(.with {
                $0.cohort = 2025; $0.department = row.department; $0.major = row.major; $0.educationLevel = row.educationLevel
                $0.statuses = column.statuses
            }, metadata: caller).total
        default:
            return try await h.client.listRegistrations(.with {
                $0.cohort = 2025; $0.department = row.department; $0.major = row.major; $0.educationLevel = row.educationLevel
                $0.statuses = column.statuses
            }, metadata: caller).total
        }
    }
}
