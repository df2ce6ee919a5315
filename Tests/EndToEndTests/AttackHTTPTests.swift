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

    @Test("failures from one address lock it out with 429 and Retry-After, password unchecked; the account's counter and the lock survive a restart")
    func lockoutOverHTTP() async throws {
        let system = try await RunningSystem(accountsArguments: ["--address-failures-before-lockout", "4"])
        do {
            let http = system.http
            _ = try await system.makeSchool("10001", name: "示范大学")
            for _ in 0..<3 {
                #expect(try await http.signIn(kind: "staff", school: "10001", "admin", "wrong-password-1").status == 401)
            }
            try await self.restartAccounts(system)
            // The account's three failures are remembered: a captcha is still required.
            #expect(try await http.signIn(kind: "staff", school: "10001", "admin", "Changed-admin-2024").errorCode == "captcha_required")

            // A fourth failure from this address, on another account, locks the address.
            #expect(try await http.signIn(kind: "staff", school: "10001", "someone-else", "guess").status == 401)
            let locked = try await http.signIn(kind: "staff", school: "10001", "admin", "Changed-admin-2024")
            #expect(locked.status == 429)
            #expect(locked.errorCode == "resource_exhausted")
            #expect(locked.error["message"] as? String == "该网络地址的失败尝试次数过多，已暂停登录和激活，请1分钟后再试")
            let wait = Int(locked.header("Retry-After") ?? "")
            #expect(wait.map { (1...60).contains($0) } == true, "Retry-After: \(locked.header("Retry-After") ?? "none")")

            try await self.restartAccounts(system)
            let stillLocked = try await http.signIn(kind: "platformOperator", "operator", RunningSystem.operatorPassword)
            #expect(stillLocked.status == 429)
            #expect(Int(stillLocked.header("Retry-After") ?? "").map { (1...60).contains($0) } == true)
        }
        await system.stop()
    }

    private func restartAccounts(_ system: RunningSystem) async throws {
        _ = await system.accounts.terminate()
        try system.accounts.restart()
        try await system.accounts.waitUntilListening()
    }
}
