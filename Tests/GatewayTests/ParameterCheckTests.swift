@testable import Gateway
import Hummingbird
import Testing

/// A parameter against the contract, before the generated layer decodes it.
@Suite("Parameter checks")
struct ParameterCheckTests {
    private func check(_ schema: [String: Any], in location: String = "query", required: Bool = false) throws -> ParameterCheck {
        try #require(ParameterCheck(["name": "cohort", "in": location, "required": required, "schema": schema, "description": "届别（2000到2100）"]))
    }

    @Test("integers: digits only, within minimum and maximum, each refusal naming the parameter")
    func integers() throws {
        let cohort = try self.check(["type": "integer", "minimum": 2000, "maximum": 2100])
        #expect(cohort.refusal(of: "2025") == nil)
        #expect(cohort.refusal(of: nil) == nil)
        for bad in ["1999", "2101", "0202", "+202", " 2025", "20x5", "99999999999999999999"] {
            let refusal = try #require(cohort.refusal(of: bad), "\(bad)")
            #expect(refusal.field == "cohort" && refusal.status.code == 400, "\(bad)")
        }
        #expect(cohort.refusal(of: "1999")?.message == "届别应为2000到2100之间的整数")
        let size = try self.check(["type": "integer", "minimum": 0])
        #expect(size.refusal(of: "-1")?.message == "届别不能小于0")
        #expect(try self.check(["type": "integer"], required: true).refusal(of: nil)?.message == "缺少必填参数：届别")
    }

    @Test("booleans, enums and comma lists; an unknown value in a path is 404")
    func closedLists() throws {
        #expect(try self.check(["type": "boolean"]).refusal(of: "yes") != nil)
        #expect(try self.check(["type": "boolean"]).refusal(of: "true") == nil)
        let kind = try self.check(["type": "string", "enum": ["online", "offline"]])
        #expect(kind.refusal(of: "paper")?.message == "届别不正确：paper")
        let statuses = try self.check(["type": "array", "items": ["type": "string", "enum": ["a", "b"]]])
        #expect(statuses.isList)
        #expect(statuses.refusal(of: "a,b") == nil)
        #expect(statuses.refusal(of: "a,c")?.message == "届别不正确：c")
        #expect(statuses.refusal(of: "a,")?.field == "cohort")
        let action = try self.check(["type": "string", "enum": ["accept"]], in: "path", required: true)
        #expect(action.refusal(of: "approve-everything")?.status.code == 404)
    }
}
