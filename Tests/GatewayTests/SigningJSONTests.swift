import Foundation
@testable import Gateway
import GraduateProto
import Testing

/// The e-signing JSON shapes of issue 5: nulls written out, and the home page's labels.
@Suite("E-signing JSON (解约, 去向登记, 预警, 计数)")
struct SigningJSONTests {
    private func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func statusCount(_ status: String, _ count: Int32) -> Graduate_Esigning_V1_StatusCount {
        var entry = Graduate_Esigning_V1_StatusCount()
        entry.status = status
        entry.count = count
        return entry
    }

    @Test("counters: terminations (online and offline together) and registrations, labelled for the school or the 院系")
    func counters() throws {
        var counters = Graduate_Esigning_V1_Counters()
        counters.terminationCounts = [
            self.statusCount("awaitingSchool", 2), self.statusCount("offlineAwaitingSchool", 3), self.statusCount("awaitingDepartment", 4),
        ]
        counters.registrationCounts = [
            self.statusCount("awaitingSchool", 5), self.statusCount("voidRequestAwaitingSchool", 1),
            self.statusCount("voidRequestAwaitingDepartment", 7),
        ]
        let school = SigningJSON.Counters(counters, departmentScoped: false)
        let schoolLabels = Dictionary(uniqueKeysWithValues: school.labelled.map { ($0.label, $0.count) })
        #expect(schoolLabels["解约审核中 等待学校审核"] == 5)
        #expect(schoolLabels["去向登记审核中 等待学校审核"] == 5)
        #expect(schoolLabels["原有毕业去向作废申请 等待学校审核"] == 1)
        #expect(school.terminationCounts.map(\.status) == ["awaitingSchool", "offlineAwaitingSchool", "awaitingDepartment"])
        let department = SigningJSON.Counters(counters, departmentScoped: true)
        let departmentLabels = Dictionary(uniqueKeysWithValues: department.labelled.map { ($0.label, $0.count) })
        #expect(departmentLabels["解约审核中 等待院系审核"] == 4)
        #expect(departmentLabels["去向登记审核中 等待院系审核"] == 0)
        #expect(departmentLabels["原有毕业去向作废申请 等待院系审核"] == 7)
        #expect(!department.labelled.contains { $0.label.contains("学校") })
        let json = try self.object(school)
        #expect((json["registrationCounts"] as? [Any])?.count == 3)
    }

    @Test("an agreement's warning and openTerminationId are null until they apply")
    func agreementWarning() throws {
        var agreement = Graduate_Esigning_V1_Agreement()
        var json = try self.object(SigningJSON.Agreement(agreement))
        #expect(json["warning"] is NSNull)
        #expect(json["openTerminationId"] is NSNull)
        // Listed by other schools, fewer than five, not by this one: nothing to show.
        agreement.warning.schoolCount = 2
        json = try self.object(SigningJSON.Agreement(agreement))
        #expect(json["warning"] is NSNull)
        agreement.warning.national = true
        agreement.warning.schoolCount = 6
        agreement.openTerminationID = "t1"
        json = try self.object(SigningJSON.Agreement(agreement))
        let warning = try #require(json["warning"] as? [String: Any])
        #expect(warning["national"] as? Bool == true)
        #expect(warning["listedBySchool"] as? Bool == false)
        #expect(warning["schoolCount"] as? Int == 6)
        #expect(warning["reason"] as? String == "")
        #expect(json["openTerminationId"] as? String == "t1")
    }

    @Test("terminations, registrations and warning employers write every key, null where absent")
    func nulls() throws {
        let termination = try self.object(SigningJSON.Termination(Graduate_Esigning_V1_Termination()))
        for key in ["employerId", "invalidatedAt", "invalidReason"] { #expect(termination[key] is NSNull, "\(key)") }
        #expect(termination.count == 23)
        var record = Graduate_Esigning_V1_DestinationRegistration()
        record.fields = ["admittingSchool": "北京大学"]
        let registration = try self.object(SigningJSON.Registration(record))
        for key in ["effectiveAt", "invalidatedAt", "invalidReason"] { #expect(registration[key] is NSNull, "\(key)") }
        #expect((registration["fields"] as? [String: String]) == ["admittingSchool": "北京大学"])
        let employer = try self.object(SigningJSON.WarningEmployer(Graduate_Esigning_V1_WarningEmployer()))
        #expect(employer["addedAt"] is NSNull)
    }
}
