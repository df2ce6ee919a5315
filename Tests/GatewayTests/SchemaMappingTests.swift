import Foundation
@testable import Gateway
import GraduateProto
import Testing

/// The mappings between the e-signing protos and the contract's schemas (`init(_ proto:)`):
/// what does not exist yet is an absent key, and the home page's labels (§13).
@Suite("Schema mappings (解约, 去向登记, 预警, 计数)")
struct SchemaMappingTests {
    private func object(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func agreement() -> Graduate_Esigning_V1_Agreement {
        var agreement = Graduate_Esigning_V1_Agreement()
        agreement.flow = "employerOffer"
        agreement.status = "offered"
        return agreement
    }

    @Test("an agreement's warning and openTerminationId are absent until they apply")
    func agreementWarning() throws {
        var agreement = self.agreement()
        var json = try self.object(try Components.Schemas.Agreement(agreement))
        #expect(json["warning"] == nil)
        #expect(json["openTerminationId"] == nil)
        #expect(json["number"] == nil)
        // Listed by other schools, fewer than five, not by this one: nothing to show.
        agreement.warning.schoolCount = 2
        json = try self.object(try Components.Schemas.Agreement(agreement))
        #expect(json["warning"] == nil)
        agreement.warning.national = true
        agreement.warning.schoolCount = 6
        agreement.openTerminationID = "t1"
        json = try self.object(try Components.Schemas.Agreement(agreement))
        let warning = try #require(json["warning"] as? [String: Any])
        #expect(warning["national"] as? Bool == true)
        #expect(warning["listedBySchool"] as? Bool == false)
        #expect(warning["schoolCount"] as? Int == 6)
        #expect(json["openTerminationId"] as? String == "t1")
    }

    @Test("terminations, registrations and warning employers leave out what does not exist")
    func absentKeys() throws {
        var proto = Graduate_Esigning_V1_Termination()
        proto.agreementFlow = "employerOffer"
        proto.kind = "online"
        proto.initiator = "graduate"
        proto.status = "graduateRequested"
        let termination = try self.object(try Components.Schemas.Termination(proto))
        for key in ["employerId", "invalidatedAt", "invalidReason"] { #expect(termination[key] == nil, "\(key)") }
        #expect(termination.count == 20)
        var record = Graduate_Esigning_V1_DestinationRegistration()
        record.category = "80"
        record.status = "awaitingSchool"
        record.registeredBy = "graduate"
        record.fields = ["admittingSchool": "北京大学"]
        let registration = try self.object(try Components.Schemas.DestinationRegistration(record))
        for key in ["effectiveAt", "invalidatedAt", "invalidReason"] { #expect(registration[key] == nil, "\(key)") }
        #expect((registration["fields"] as? [String: String]) == ["admittingSchool": "北京大学"])
        let employer = try self.object(Components.Schemas.WarningEmployer(Graduate_Esigning_V1_WarningEmployer()))
        #expect(employer["addedAt"] == nil)
    }

    @Test("a status the contract does not list is an internal error, not a trap")
    func unknownCode() throws {
        var agreement = self.agreement()
        agreement.status = "notAStatus"
        #expect(throws: APIError.self) { try Components.Schemas.Agreement(agreement) }
    }
}
