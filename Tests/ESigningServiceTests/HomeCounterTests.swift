@testable import ESigningService
import GraduateProto
import Testing

/// The home page's labelled counters (§13) and the code lists e-signing gives the gateway: the
/// labels and sums are e-signing's, so the gateway links no service's domain.
@Suite("Home counters and code lists")
struct HomeCounterTests {
    private func statusCount(_ status: String, _ count: Int32) -> Graduate_Esigning_V1_StatusCount {
        var entry = Graduate_Esigning_V1_StatusCount()
        entry.status = status
        entry.count = count
        return entry
    }

    @Test("terminations (online and offline together) and registrations, labelled for the school or the 院系")
    func labelled() {
        var counters = Graduate_Esigning_V1_Counters()
        counters.terminationCounts = [
            self.statusCount("awaitingSchool", 2), self.statusCount("offlineAwaitingSchool", 3), self.statusCount("awaitingDepartment", 4),
        ]
        counters.registrationCounts = [
            self.statusCount("awaitingSchool", 5), self.statusCount("voidRequestAwaitingSchool", 1),
            self.statusCount("voidRequestAwaitingDepartment", 7),
        ]
        let school = Dictionary(uniqueKeysWithValues: ESigningService.labelledCounters(counters, departmentScoped: false).map { ($0.label, $0.count) })
        #expect(school["解约审核中 等待学校审核"] == 5)
        #expect(school["去向登记审核中 等待学校审核"] == 5)
        #expect(school["原有毕业去向作废申请 等待学校审核"] == 1)
        let departmentLabels = ESigningService.labelledCounters(counters, departmentScoped: true)
        let department = Dictionary(uniqueKeysWithValues: departmentLabels.map { ($0.label, $0.count) })
        #expect(department["解约审核中 等待院系审核"] == 4)
        #expect(department["去向登记审核中 等待院系审核"] == 0)
        #expect(department["原有毕业去向作废申请 等待院系审核"] == 7)
        #expect(!departmentLabels.contains { $0.label.contains("学校") })
    }

    @Test("在线签约管理待审核总数 is the three online counts beside it; each counter names its list and the statuses that give its count")
    func totalsAndLists() {
        var counters = Graduate_Esigning_V1_Counters()
        counters.counts = [
            self.statusCount("applicationAwaitingSchool", 1), self.statusCount("signedAwaitingSchool", 2),
            self.statusCount("acceptedAwaitingSchool", 3), self.statusCount("backRegistrationAwaitingSchool", 10),
        ]
        counters.terminationCounts = [self.statusCount("awaitingSchool", 20)]
        let labelled = ESigningService.labelledCounters(counters, departmentScoped: false)
        let byLabel = Dictionary(uniqueKeysWithValues: labelled.map { ($0.label, $0) })
        #expect(byLabel["在线签约管理待审核总数"]?.count == 6)
        #expect(byLabel["在线签约管理待审核总数"]?.statuses == ["applicationAwaitingSchool", "signedAwaitingSchool", "acceptedAwaitingSchool"])
        #expect(byLabel["学生已同意签约 等待学校审核"]?.list == "agreements" && byLabel["学生已同意签约 等待学校审核"]?.statuses == ["acceptedAwaitingSchool"])
        #expect(byLabel["补登审核中 等待学校审核"]?.list == "back-registrations" && byLabel["补登审核中 等待学校审核"]?.count == 10)
        #expect(byLabel["解约审核中 等待学校审核"]?.list == "terminations" && byLabel["解约审核中 等待学校审核"]?.count == 20)
        #expect(byLabel["原有毕业去向作废申请 等待学校审核"]?.list == "registrations")
        #expect(labelled.allSatisfy { !$0.statuses.isEmpty })
    }

    @Test("the code lists: registrable categories (not 10) with their fields and proofs, and the status lists")
    func codeLists() {
        let lists = ESigningService.codeLists
        #expect(!lists.destinationCategories.contains { $0.code == "10" })
        let study = lists.destinationCategories.first { $0.code == "80" }
        #expect(study?.proofName == "录取通知书" && study?.placed == true)
        #expect(study?.fields.map(\.key) == ["admittingSchool", "admittedMajor", "studyLevel"])
        #expect(lists.destinationCategories.first { $0.code == "70" }?.proofName == "")
        #expect(lists.signingStatuses.contains { $0.code == "effective" })
        #expect(lists.statisticsColumns.first?.code == "signed")
    }
}
