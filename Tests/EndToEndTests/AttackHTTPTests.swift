import Foundation
import ProcessLauncher
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
            let activation = try await http.send("POST", "/api/v1/graduate-activations", json: [
                "schoolCode": "10001", "idNumber": DemoRoster.idNumber(3), "name": "学生3",
                "candidateNumber": "24110101150003", "password": "Graduate2024",
            ])
            #expect(activation.status == 429 && activation.header("Retry-After") != nil)

            try await self.restartAccounts(system)
            let stillLocked = try await http.signIn(kind: "platformOperator", "operator", RunningSystem.operatorPassword)
            #expect(stillLocked.status == 429)
            #expect(Int(stillLocked.header("Retry-After") ?? "").map { (1...60).contains($0) } == true)
        }
        await system.stop()
    }

    @Test("31 guesses of a graduate's 考生号 with the right 身份证号 and 姓名 do not activate the account")
    func candidateNumberGuessing() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10001", name: "示范大学")
            let imported = try await http.send(
                "POST", "/api/v1/graduates/imports?createDepartments=true", raw: DemoRoster.csv(count: 5), contentType: "text/csv", token: admin
            )
            #expect(imported.status == 200)
            // 学生3's 考生号 is 24110101150003, the last of 31 guesses.
            let guesses = (0..<30).map { "2411010115\(String(format: "%04d", 100 + $0))" } + ["24110101150003"]
            var replies: [HTTPClient.Reply] = []
            for guess in guesses {
                replies.append(try await http.send("POST", "/api/v1/graduate-activations", json: [
                    "schoolCode": "10001", "idNumber": DemoRoster.idNumber(3), "name": "学生3",
                    "candidateNumber": guess, "password": "Attacker2024",
                ]))
            }
            #expect(replies.allSatisfy { $0.status != 201 })
            // Three answers say only that the data do not match, naming no field; then a captcha is required.
            for reply in replies.prefix(3) {
                #expect(reply.status == 409 && reply.errorCode == "failed_precondition")
                #expect(reply.error["message"] as? String == "填写的信息与学生名单不一致，无法激活，请核对后重试")
                #expect(reply.errorField == nil)
            }
            #expect(replies.dropFirst(3).allSatisfy { $0.errorCode == "captcha_required" }, "\(replies.map { "\($0.status) \($0.errorCode ?? "")" })")
            #expect(try await http.signIn(kind: "graduate", DemoRoster.idNumber(3), "Attacker2024").status == 401)
            // A wrong 姓名 and a wrong 身份证号 get the very same answer.
            let wrongName = try await http.send("POST", "/api/v1/graduate-activations", json: [
                "schoolCode": "10001", "idNumber": DemoRoster.idNumber(2), "name": "学生9",
                "candidateNumber": "24110101150002", "password": "Attacker2024",
            ])
            let notListed = try await http.send("POST", "/api/v1/graduate-activations", json: [
                "schoolCode": "10001", "idNumber": DemoRoster.idNumber(40), "name": "学生2",
                "candidateNumber": "24110101150002", "password": "Attacker2024",
            ])
            for reply in [wrongName, notListed] {
                #expect(reply.status == 409 && reply.errorCode == "failed_precondition" && reply.errorField == nil)
                #expect(reply.error["message"] as? String == "填写的信息与学生名单不一致，无法激活，请核对后重试")
            }
        }
        await system.stop()
    }

    @Test("after sign-out the access token is refused at once by accounts and within seconds by e-signing, also after e-signing restarts")
    func signOutEndsAccessTokenEverywhere() async throws {
        let system = try await RunningSystem(esigning: true)
        do {
            let http = system.http
            _ = try await system.makeSchool("10001", name: "示范大学")
            let session = try await http.signIn(kind: "staff", school: "10001", "admin", "Changed-admin-2024")
            let token = session.json["accessToken"] as! String
            let agreements = "/api/v1/agreements?cohort=\(DemoRoster.cohort)"
            #expect(try await http.send("GET", agreements, token: token).status == 200)
            #expect(try await http.send("POST", "/api/v1/sessions/sign-out", json: ["refreshToken": session.json["refreshToken"] as! String]).status == 204)
            #expect(try await http.send("GET", "/api/v1/account", token: token).status == 401)
            var refusedAfter: Duration?
            let clock = ContinuousClock()
            let start = clock.now
            while clock.now - start < .seconds(10) {
                if try await http.send("GET", agreements, token: token).status == 401 { refusedAfter = clock.now - start; break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(refusedAfter != nil, "e-signing still took the signed-out token after 10 s")
            if let refusedAfter { print("e-signing refused the signed-out token \(refusedAfter.formatted(.units(allowed: [.milliseconds]))) after the sign-out") }
            let esigning = try #require(system.esigning)
            _ = await esigning.terminate()
            try esigning.restart()
            try await esigning.waitUntilListening()
            #expect(try await http.send("GET", agreements, token: token).status == 401)
        }
        await system.stop()
    }

    private func restartAccounts(_ system: RunningSystem) async throws {
        _ = await system.accounts.terminate()
        try system.accounts.restart()
        try await system.accounts.waitUntilListening()
    }
}
