import Foundation
import Testing

/// The roster sync through the gateway as a school's staff or its 就业管理系统 drives it:
/// preview, confirm with the plan's digest, and the refusals (issue 13).
@Suite("Roster sync over HTTP", .serialized)
struct RosterSyncHTTPTests {
    @Test("preview → apply with the digest; a stale digest is 409; an unknown 院系 is 422 with its row; replace removes; a bad option is 400")
    func previewAndApply() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10001", name: "示范大学")
            #expect(try await http.send("POST", "/api/v1/departments", json: ["name": "计算机学院"], token: admin).status == 201)
            let first = try await http.send("POST", "/api/v1/graduates/imports", raw: DemoRoster.csv(count: 4), contentType: "text/csv", token: admin)
            #expect(first.status == 200 && first.json["imported"] as? Int == 4)

            // The updated roster: two more graduates.
            let updated = DemoRoster.csv(count: 6)
            let preview = try await http.send("POST", "/api/v1/graduates/import-previews", raw: updated, contentType: "text/csv", token: admin)
            #expect(preview.status == 200, "\(preview.text)")
            #expect(preview.json["applied"] as? Bool == false)
            #expect(preview.json["addedCount"] as? Int == 2 && preview.json["unchangedCount"] as? Int == 4)
            #expect((preview.json["added"] as? [[String: Any]])?.map { $0["name"] as? String } == ["学生4", "学生5"])
            let digest = try #require(preview.json["planDigest"] as? String)
            #expect(try await http.send("GET", "/api/v1/graduates", token: admin).json["total"] as? Int == 4)

            // Someone else adds one of them first: the confirmed plan no longer holds.
            let stale = try await http.send(
                "POST", "/api/v1/graduates/imports", raw: DemoRoster.csv(count: 5), contentType: "text/csv", token: admin
            )
            #expect(stale.status == 200)
            let refused = try await http.send(
                "POST", "/api/v1/graduates/imports?expectedPlanDigest=\(digest)", raw: updated, contentType: "text/csv", token: admin
            )
            #expect(refused.status == 409)
            #expect(refused.errorCode == "failed_precondition")
            #expect((refused.error["message"] as? String)?.contains("请重新预览") == true)

            let again = try await http.send("POST", "/api/v1/graduates/import-previews", raw: updated, contentType: "text/csv", token: admin)
            let applied = try await http.send(
                "POST", "/api/v1/graduates/imports?expectedPlanDigest=\(again.json["planDigest"] as! String)", raw: updated,
                contentType: "text/csv", token: admin
            )
            #expect(applied.status == 200 && applied.json["applied"] as? Bool == true && applied.json["imported"] as? Int == 1)

            // A 院系 the school does not have: every such row refused, nothing written.
            let unknown = try await http.send(
                "POST", "/api/v1/graduates/imports", raw: DemoRoster.csv(count: 8, departments: ["计算机学院", "外国语学院"]),
                contentType: "text/csv", token: admin
            )
            #expect(unknown.status == 422)
            #expect(unknown.json["newDepartments"] as? [String] == ["外国语学院"])
            #expect((unknown.json["errors"] as? [[String: Any]])?.compactMap { $0["row"] as? Int } == [3, 5, 7, 9])
            #expect(try await http.send("GET", "/api/v1/graduates", token: admin).json["total"] as? Int == 6)

            // Replace: the 届别's graduates the file no longer lists are removed.
            let replaced = try await http.send(
                "POST", "/api/v1/graduates/imports?mode=replace", raw: DemoRoster.csv(count: 3), contentType: "text/csv", token: admin
            )
            #expect(replaced.status == 200 && replaced.json["removedCount"] as? Int == 3)
            #expect(try await http.send("GET", "/api/v1/graduates", token: admin).json["total"] as? Int == 3)

            let badMode = try await http.send(
                "POST", "/api/v1/graduates/import-previews?mode=append", raw: updated, contentType: "text/csv", token: admin
            )
            #expect(badMode.status == 400 && badMode.errorField == "mode")
            let badDigest = try await http.send(
                "POST", "/api/v1/graduates/imports?expectedPlanDigest=abc", raw: updated, contentType: "text/csv", token: admin
            )
            #expect(badDigest.status == 400 && badDigest.errorField == "expectedPlanDigest")
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }
}
