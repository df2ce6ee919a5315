import Foundation
import ProcessLauncher
import ZIPFoundation
import Testing

/// Accounts and gateway as real processes, driven through HTTP as a browser or an outside
/// system would.
@Suite("System over HTTP", .serialized)
struct SystemHTTPTests {
    @Test("admin makes a 院系 and its admin; a roster with a bad row imports nothing; the fixed one imports all; scope holds")
    func adminRosterFlow() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10001", name: "示范大学")
            let department = try await http.send("POST", "/api/v1/departments", json: ["name": "外国语学院"], token: admin)
            #expect(department.status == 201)
            let account = try await http.send("POST", "/api/v1/staff-accounts", json: [
                "username": "fl-admin", "displayName": "王老师", "role": "departmentAdmin",
                "modules": ["esigning"], "departmentId": department.json["id"] as! String,
            ], token: admin)
            #expect(account.status == 201)

            let bad = try await http.send(
                "POST", "/api/v1/graduates/imports?createDepartments=true",
                raw: DemoRoster.csv(count: 40, departments: ["计算机学院", "外国语学院"], breakRow: 12), contentType: "text/csv", token: admin
            )
            #expect(bad.status == 422)
            let errors = bad.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.count == 1)
            #expect(errors.first?["row"] as? Int == 14)
            #expect(errors.first?["field"] as? String == "身份证号")
            #expect((errors.first?["reason"] as? String)?.contains("校验位") == true)
            #expect(try await http.send("GET", "/api/v1/graduates", token: admin).json["total"] as? Int == 0)

            let good = try await http.send(
                "POST", "/api/v1/graduates/imports?createDepartments=true",
                raw: DemoRoster.csv(count: 40, departments: ["计算机学院", "外国语学院"]), contentType: "text/csv", token: admin
            )
            #expect(good.status == 200)
            #expect(good.json["imported"] as? Int == 40)
            #expect(try await http.send("GET", "/api/v1/graduates", token: admin).json["total"] as? Int == 40)
            let found = try await http.send("GET", "/api/v1/graduates?q=%E5%AD%A6%E7%94%9F17", token: admin)
            #expect((found.json["items"] as? [[String: Any]])?.first?["name"] as? String == "学生17")

            let departmentToken = try await system.firstSignIn(school: "10001", "fl-admin", account.json["initialPassword"] as! String)
            let scoped = try await http.send("GET", "/api/v1/graduates?pageSize=200", token: departmentToken)
            #expect(scoped.json["total"] as? Int == 20)
            let departments = (scoped.json["items"] as? [[String: Any]] ?? []).compactMap { $0["department"] as? String }
            #expect(Set(departments) == ["外国语学院"])
            // A department admin manages no accounts.
            #expect(try await http.send("GET", "/api/v1/staff-accounts", token: departmentToken).status == 403)

            let otherAdmin = try await system.makeSchool("10002", name: "另一所大学")
            let other = try await http.send("GET", "/api/v1/graduates", token: otherAdmin)
            #expect(other.status == 200 && other.json["total"] as? Int == 0)
            #expect(try await http.send("GET", "/api/v1/graduates").status == 401)
            // A graduate (activated against the roster) cannot use staff endpoints.
            let activated = try await http.send("POST", "/api/v1/graduate-activations", json: [
                "schoolCode": "10001", "idNumber": DemoRoster.idNumber(3), "name": "学生3",
                "candidateNumber": "24110101150003", "password": "Graduate2024",
            ])
            #expect(activated.status == 201)
            let graduateToken = activated.json["accessToken"] as? String
            #expect(try await http.send("GET", "/api/v1/graduates", token: graduateToken).status == 403)
            #expect(try await http.send("GET", "/api/v1/staff-accounts", token: graduateToken).status == 403)
            let openAPI = try await http.send("GET", "/api/v1/openapi.json")
            #expect(openAPI.status == 200 && (openAPI.json["openapi"] as? String)?.hasPrefix("3.") == true)
        }
        await system.stop()
    }

    @Test("three wrong passwords: a captcha is then required; sign-out makes the refresh token worthless")
    func signInProtection() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            _ = try await system.makeSchool("10001", name: "示范大学")
            for _ in 0..<3 {
                let wrong = try await http.signIn(kind: "staff", school: "10001", "admin", "wrong-password-1")
                #expect(wrong.status == 401)
                #expect(wrong.error["message"] as? String == "用户名或密码错误")
            }
            let locked = try await http.signIn(kind: "staff", school: "10001", "admin", "Changed-admin-2024")
            #expect(locked.status == 409)
            #expect(locked.errorCode == "captcha_required")
            let captcha = try await http.send("POST", "/api/v1/captchas")
            #expect(captcha.status == 201)
            #expect((captcha.json["image"] as? String)?.hasPrefix("data:image/png;base64,") == true)
            let guessed = try await http.send("POST", "/api/v1/sessions", json: [
                "kind": "staff", "schoolCode": "10001", "identifier": "admin", "password": "Changed-admin-2024",
                "captchaId": captcha.json["captchaId"] as! String, "captchaAnswer": "00000",
            ])
            #expect(guessed.errorCode == "captcha_required")

            let operatorSession = try await http.signIn(kind: "platformOperator", "operator", RunningSystem.operatorPassword)
            let refreshToken = operatorSession.json["refreshToken"] as! String
            #expect(try await http.send("POST", "/api/v1/sessions/sign-out", json: ["refreshToken": refreshToken]).status == 204)
            let stolen = try await http.send("POST", "/api/v1/sessions/refresh", json: ["refreshToken": refreshToken])
            #expect(stolen.status == 401)
        }
        await system.stop()
    }

    @Test("sign-in attempts from one address are rate-limited after the burst")
    func signInRateLimit() async throws {
        let system = try await RunningSystem(signInPerMinute: 2)
        do {
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await system.http.signIn(kind: "platformOperator", "operator", "wrong-password").status)
            }
            #expect(statuses.prefix(2).allSatisfy { $0 == 401 })
            #expect(statuses.last == 429)
            let limited = try await system.http.signIn(kind: "platformOperator", "operator", RunningSystem.operatorPassword)
            #expect(limited.errorCode == "rate_limited")
            // Other routes are not limited.
            #expect(try await system.http.send("GET", "/alive").status == 200)
        }
        await system.stop()
    }

    @Test("behind a trusted proxy each client has its own sign-in bucket; a forged X-Forwarded-For from elsewhere changes nothing")
    func trustedProxyRateLimit() async throws {
        // The test talks from 127.0.0.1: trusted, it plays the proxy.
        let proxied = try await RunningSystem(signInPerMinute: 2, gatewayArguments: ["--trusted-proxies", "127.0.0.1"])
        do {
            func attempt(from client: String) async throws -> Int {
                try await proxied.http.send("POST", "/api/v1/sessions", json: [
                    "kind": "platformOperator", "identifier": "operator", "password": "wrong-password",
                ], headers: ["X-Forwarded-For": client]).status
            }
            var first: [Int] = []
            for _ in 0..<4 { first.append(try await attempt(from: "198.51.100.1")) }
            #expect(first.last == 429)
            // Another user behind the same proxy is not limited by the first one's attempts.
            #expect(try await attempt(from: "198.51.100.2") == 401)
        }
        await proxied.stop()

        // Without the setting the header is ignored: every attempt shares the peer's bucket.
        let direct = try await RunningSystem(signInPerMinute: 2)
        do {
            var statuses: [Int] = []
            for index in 0..<4 {
                statuses.append(try await direct.http.send("POST", "/api/v1/sessions", json: [
                    "kind": "platformOperator", "identifier": "operator", "password": "wrong-password",
                ], headers: ["X-Forwarded-For": "203.0.113.\(index)"]).status)
            }
            #expect(statuses.last == 429)
        }
        await direct.stop()
    }

    @Test("names with a bidi override, a zero-width space, a BOM or a NUL are refused with the field, and change nothing")
    func hiddenCharactersInNames() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10077", name: "隐藏字符测试大学")
            for name in ["外国语\u{202E}学院", "外国语\u{200B}学院", "\u{FEFF}外国语学院", "外国语\u{0}学院"] {
                let reply = try await http.send("POST", "/api/v1/departments", json: ["name": name], token: admin)
                #expect(reply.status == 400 && reply.errorField == "name", "\(reply.text)")
                #expect(reply.error["message"] as? String != nil)
            }
            // A roster row with a hidden character in 姓名 imports nothing and names the row.
            let roster = String(decoding: DemoRoster.csv(count: 3), as: UTF8.self).replacingOccurrences(of: "学生1,", with: "学\u{202E}生1,")
            let imported = try await http.send("POST", "/api/v1/graduates/imports?createDepartments=true", raw: Data(roster.utf8), contentType: "text/csv", token: admin)
            #expect(imported.status == 422, "\(imported.text)")
            #expect(imported.text.contains("姓名"))
            let departments = try await http.send("GET", "/api/v1/departments", token: admin)
            #expect((departments.json["items"] as? [Any])?.count == 0, "\(departments.text)")
        }
        await system.stop()
    }

    @Test("four small Excel files that inflate to 30 MB each, at once: accounts stays under 150 MB and gives the memory back; 60 MB is refused")
    func excelBombs() async throws {
        let system = try await RunningSystem()
        do {
            let admin = try await system.makeSchool("10078", name: "大文件测试大学")
            let pid = system.accounts.pid
            func resident() -> Double { Memory.of(pid: pid)?.residentMiB ?? 0 }
            // Past the part limit the file is refused before anything is inflated.
            let huge = try Self.excelBomb(sheetMegabytes: 60)
            let refused = try await system.http.send(
                "POST", "/api/v1/graduates/imports?createDepartments=true", raw: huge,
                contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", token: admin
            )
            #expect(refused.status == 422 && refused.text.contains("Excel文件内容过大"), "\(refused.text)")
            let bomb = try Self.excelBomb(sheetMegabytes: 30)
            print("excel bomb: \(bomb.count / 1024) KiB compressed")
            let baseline = resident()
            let sampler = Task {
                var peak = baseline
                while !Task.isCancelled {
                    peak = max(peak, resident())
                    try? await Task.sleep(for: .milliseconds(20))
                }
                return peak
            }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await system.http.send(
                            "POST", "/api/v1/graduates/imports?createDepartments=true", raw: bomb,
                            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", token: admin
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            sampler.cancel()
            let peak = await sampler.value
            try await Task.sleep(for: .seconds(1))
            let after = resident()
            print("excel bombs: accounts RSS \(Int(baseline)) MB → peak \(Int(peak)) MB → \(Int(after)) MB after")
            #expect(statuses.allSatisfy { $0 == 422 || $0 == 400 }, "\(statuses)")
            #expect(peak < 150, "peak \(peak) MB")
            #expect(after - baseline < 30, "after \(after) MB, baseline \(baseline) MB")
            #expect(try await system.http.send("GET", "/api/v1/graduates", token: admin).json["total"] as? Int == 0)
        }
        await system.stop()
    }

    /// A roster workbook whose sheet is `sheetMegabytes` of rows with inline strings: small
    /// compressed, large inflated.
    static func excelBomb(sheetMegabytes: Int) throws -> Data {
        let row = "<row>" + (0..<15).map { _ in #"<c t="inlineStr"><is><t>"# + String(repeating: "甲", count: 20) + "</t></is></c>" }.joined() + "</row>"
        var sheet = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        let rows = sheetMegabytes * 1024 * 1024 / row.utf8.count
        sheet.reserveCapacity(sheetMegabytes * 1024 * 1024 + 1024)
        for _ in 0..<rows { sheet += row }
        sheet += "</sheetData></worksheet>"
        let archive = try Archive(accessMode: .create)
        for (path, text) in [
            ("xl/workbook.xml", #"<workbook xmlns:r="r"><sheets><sheet r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ("xl/worksheets/sheet1.xml", sheet),
        ] {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return archive.data ?? Data()
    }

    @Test("an expired access token is refused with 401")
    func expiredToken() async throws {
        let system = try await RunningSystem(accessTokenSeconds: 4)
        do {
            let session = try await system.http.signIn(kind: "platformOperator", "operator", RunningSystem.operatorPassword)
            let token = session.json["accessToken"] as! String
            #expect(try await system.http.send("GET", "/api/v1/schools", token: token).status == 200)
            try await Task.sleep(for: .milliseconds(5200))
            let expired = try await system.http.send("GET", "/api/v1/schools", token: token)
            #expect(expired.status == 401)
            #expect(expired.errorCode == "unauthenticated")
        }
        await system.stop()
    }

    @Test("malformed JSON, wrong types, unknown values and oversized bodies are 400/413 with the field, and change nothing")
    func badInput() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10001", name: "示范大学")
            func accountCount() async throws -> Int {
                (try await http.send("GET", "/api/v1/staff-accounts", token: admin).json["items"] as? [Any])?.count ?? -1
            }
            let before = try await accountCount()
            let malformed = try await http.send("POST", "/api/v1/staff-accounts", raw: Data("{\"username\": \"x\", ".utf8), token: admin)
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "invalid_argument")

            let wrongType = try await http.send("POST", "/api/v1/staff-accounts", json: [
                "username": "someone", "displayName": 42, "role": "schoolOperator", "modules": [],
            ], token: admin)
            #expect(wrongType.status == 400)
            #expect(wrongType.errorField == "displayName")

            let unknownRole = try await http.send("POST", "/api/v1/staff-accounts", json: [
                "username": "someone", "displayName": "某人", "role": "superuser", "modules": [],
            ], token: admin)
            #expect(unknownRole.status == 400)
            #expect(unknownRole.errorField == "role")

            let unknownModule = try await http.send("POST", "/api/v1/staff-accounts", json: [
                "username": "someone", "displayName": "某人", "role": "schoolOperator", "modules": ["esigning", "payroll"],
            ], token: admin)
            #expect(unknownModule.errorField == "modules[1]")

            let missing = try await http.send("POST", "/api/v1/staff-accounts", json: ["username": "someone"], token: admin)
            #expect(missing.status == 400)
            #expect(missing.errorField == "displayName")

            let badUsername = try await http.send("POST", "/api/v1/staff-accounts", json: [
                "username": "a b", "displayName": "某人", "role": "schoolOperator", "modules": [],
            ], token: admin)
            #expect(badUsername.status == 400)
            #expect(badUsername.errorField == "username")
            #expect((badUsername.error["requestId"] as? String)?.isEmpty == false)

            let huge = try await http.send(
                "POST", "/api/v1/staff-accounts",
                raw: Data(("{\"username\": \"" + String(repeating: "x", count: 200_000) + "\"}").utf8), token: admin
            )
            #expect(huge.status == 413)
            let hugeFile = try await http.send(
                "POST", "/api/v1/graduates/imports?createDepartments=true", raw: Data(repeating: 0x41, count: 11 * 1024 * 1024), contentType: "text/csv", token: admin
            )
            #expect(hugeFile.status == 413)

            #expect(try await accountCount() == before)
            #expect(try await http.send("GET", "/api/v1/graduates", token: admin).json["total"] as? Int == 0)
        }
        await system.stop()
    }

    @Test("single graduates: add, change 培养方式 (recorded), remove; the template downloads with its Chinese name")
    func singleGraduateChanges() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10001", name: "示范大学")
            let template = try await http.send("GET", "/api/v1/graduates/template", token: admin)
            #expect(template.status == 200)
            #expect(String(decoding: template.body, as: UTF8.self).hasPrefix("\u{FEFF}院系,专业"))
            let added = try await http.send("POST", "/api/v1/graduates", json: [
                "department": "计算机学院", "major": "软件工程", "educationLevel": "31", "candidateNumber": "24110101150001",
                "name": "赵六", "idNumber": DemoRoster.idNumber(7), "studentNumber": "S7", "cohort": DemoRoster.cohort, "trainingMode": "1",
            ], token: admin)
            #expect(added.status == 201)
            let id = added.json["id"] as! String
            let badMode = try await http.send("POST", "/api/v1/graduates/\(id)/training-mode", json: [
                "trainingMode": "3", "reason": "委培",
            ], token: admin)
            #expect(badMode.status == 400 && badMode.errorField == "boundUnit")
            let changed = try await http.send("POST", "/api/v1/graduates/\(id)/training-mode", json: [
                "trainingMode": "3", "boundUnit": "某公司", "reason": "签订委培协议",
            ], token: admin)
            #expect(changed.status == 201)
            #expect(changed.json["newTrainingModeName"] as? String == "委培")
            let log = try await http.send("GET", "/api/v1/training-mode-changes", token: admin)
            #expect(log.json["total"] as? Int == 1)
            let removed = try await http.send("POST", "/api/v1/graduates/\(id)/remove", json: ["reason": "退学"], token: admin)
            #expect(removed.status == 200)
            #expect(try await http.send("GET", "/api/v1/graduates", token: admin).json["total"] as? Int == 0)
            let again = try await http.send("POST", "/api/v1/graduates/\(id)/remove", json: ["reason": "退学"], token: admin)
            #expect(again.status == 409)
            #expect(again.errorCode == "failed_precondition")
            #expect(try await http.send("POST", "/api/v1/graduates/nope/remove", json: ["reason": "x"], token: admin).status == 404)
        }
        await system.stop()
    }

    @Test("a school's API key, shown once, lets its 就业管理系统 import the roster until it is revoked")
    func apiKeys() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10001", name: "示范大学")
            let created = try await http.send("POST", "/api/v1/api-keys", json: ["name": "就业管理系统"], token: admin)
            #expect(created.status == 201)
            let key = created.json["key"] as! String
            let listed = try await http.send("GET", "/api/v1/api-keys", token: admin)
            #expect(!String(decoding: listed.body, as: UTF8.self).contains(key))
            let session = try await http.send("POST", "/api/v1/api-key-sessions", json: ["key": key])
            #expect(session.status == 201)
            let token = session.json["accessToken"] as? String
            let imported = try await http.send("POST", "/api/v1/graduates/imports?createDepartments=true", raw: DemoRoster.csv(count: 5), contentType: "text/csv", token: token)
            #expect(imported.status == 200)
            let id = (created.json["apiKey"] as? [String: Any])?["id"] as! String
            #expect(try await http.send("POST", "/api/v1/api-keys/\(id)/revoke", token: admin).status == 200)
            #expect(try await http.send("POST", "/api/v1/api-key-sessions", json: ["key": key]).status == 401)
        }
        await system.stop()
    }

    @Test("kill -9 of accounts right after an import was acknowledged loses no row")
    func importSurvivesKill() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10001", name: "示范大学")
            let imported = try await http.send("POST", "/api/v1/graduates/imports?createDepartments=true", raw: DemoRoster.csv(count: 500), contentType: "text/csv", token: admin)
            #expect(imported.status == 200)
            system.accounts.killHard()
            try system.accounts.restart()
            try await system.accounts.waitUntilListening()
            var total: Int?
            let end = ContinuousClock.now.advanced(by: .seconds(10))
            while total == nil, ContinuousClock.now < end {
                let reply = try await http.send("GET", "/api/v1/graduates", token: admin)
                if reply.status == 200 { total = reply.json["total"] as? Int } else { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(total == 500)
        }
        await system.stop()
    }
}
