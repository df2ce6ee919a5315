import Foundation
import Testing

/// The outside security test's attacks (issue 11), over HTTP through the real gateway and
/// services, each now failing.
@Suite("Attacks over HTTP", .serialized)
struct AttackHTTPTests {
    static let passwordFirst = "请先修改初始密码，修改后才能进行其他操作"

    @Test("a school admin on the initial password reads the account, changes the password and signs out — every other call, in every service, is 403")
    func initialPasswordIsNotJustAFlag() async throws {
        let system = try await RunningSystem(esigning: true)
        do {
            let http = system.http
            let operatorToken = try await http.signIn(kind: "platformOperator", "operator", RunningSystem.operatorPassword).json["accessToken"] as! String
            let created = try await http.send("POST", "/api/v1/schools", json: ["code": "10001", "name": "示范大学", "adminUsername": "admin"], token: operatorToken)
            let initial = created.json["initialPassword"] as! String
            let session = try await http.signIn(kind: "staff", school: "10001", "admin", initial)
            #expect(session.json["mustChangePassword"] as? Bool == true)
            let token = session.json["accessToken"] as! String

            let refused: [(String, String, Any?)] = [
                ("POST", "/api/v1/departments", ["name": "计算机学院"]),
                ("GET", "/api/v1/departments", nil),
                ("GET", "/api/v1/graduates", nil),
                ("POST", "/api/v1/staff-accounts", ["username": "op", "displayName": "操作员", "role": "schoolOperator", "modules": ["esigning"]]),
                ("GET", "/api/v1/api-keys", nil),
                ("GET", "/api/v1/signing-settings?cohort=\(DemoRoster.cohort)", nil),
                ("GET", "/api/v1/agreements", nil),
                ("GET", "/api/v1/signing-counters?cohort=\(DemoRoster.cohort)", nil),
            ]
            for (method, path, body) in refused {
                let reply = try await http.send(method, path, json: body, token: token)
                #expect(reply.status == 403, "\(method) \(path): \(reply.status)")
                #expect(reply.error["message"] as? String == Self.passwordFirst, "\(method) \(path)")
            }
            #expect(try await http.send("GET", "/api/v1/departments", token: token).status == 403)
            let me = try await http.send("GET", "/api/v1/account", token: token)
            #expect(me.status == 200 && me.json["mustChangePassword"] as? Bool == true)
            let other = try await http.signIn(kind: "staff", school: "10001", "admin", initial)
            #expect(try await http.send("POST", "/api/v1/sessions/sign-out", json: ["refreshToken": other.json["refreshToken"] as! String]).status == 204)

            let changed = try await http.send(
                "POST", "/api/v1/account/password", json: ["oldPassword": initial, "newPassword": "Changed-admin-2024"], token: token
            )
            #expect(changed.status == 204)
            // The token still says so until it is refreshed; the refreshed one works.
            #expect(try await http.send("POST", "/api/v1/departments", json: ["name": "计算机学院"], token: token).status == 403)
            let renewed = try await http.send("POST", "/api/v1/sessions/refresh", json: ["refreshToken": session.json["refreshToken"] as! String])
            #expect(renewed.status == 200 && renewed.json["mustChangePassword"] as? Bool == false)
            let fresh = renewed.json["accessToken"] as! String
            #expect(try await http.send("POST", "/api/v1/departments", json: ["name": "计算机学院"], token: fresh).status == 201)
            #expect(try await http.send("GET", "/api/v1/signing-settings?cohort=\(DemoRoster.cohort)", token: fresh).status != 403)
        }
        await system.stop()
    }
}
