import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The gateway against the real accounts, e-signing and archive services, all in this process
/// (`InProcessSystem`): the generated API's mappings, the downstream pools and the error
/// table meet the services' real answers and access rules, and accounts' events reach
/// e-signing and archive (the archive routes' own tests: `ArchiveGatewayTests`).
@Suite("Gateway with the services in process")
struct InProcessSystemTests {
    /// This year's 届别 (next year's after August, Beijing time), as the services reckon it.
    static let cohort: Int = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month], from: Date())
        return parts.year! + (parts.month! > 8 ? 1 : 0)
    }()

    struct Reply {
        var status: HTTPResponse.Status
        var json: [String: Any]
        var requestID: String?
        var error: [String: Any] { self.json["error"] as? [String: Any] ?? [:] }
    }

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: [String: Any]? = nil, token: String? = nil
    ) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
            return Reply(status: response.status, json: json ?? [:], requestID: response.headers[.init("X-Request-Id")!])
        }
    }

    /// A valid 身份证号 (its check digit computed) for the `index`th test graduate.
    static func idNumber(_ index: Int) -> String {
        // 行政区划 110105, born 2001-0m-15, then a sequence number: 17 digits.
        let first17 = "1101052001" + String(format: "%02d15%03d", index % 9 + 1, index % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }

    static func graduate(_ index: Int) -> [String: Any] {
        [
            "department": "计算机学院", "major": "软件工程", "educationLevel": "31", "candidateNumber": "2411010115\(String(format: "%04d", index))",
            "name": "学生\(index)", "idNumber": Self.idNumber(index), "studentNumber": "S\(index)", "cohort": Self.cohort, "trainingMode": "1",
            "originRegion": "110105",
        ]
    }

    static var signingSettings: [String: Any] { [
        "cohort": Self.cohort, "agreementType": "threeParty", "signingOpen": true, "reviewMode": "schoolOnly", "maxResponseDays": 7,
        "schoolInfo": [
            "schoolName": "示范大学", "employmentOffice": "学生就业指导中心", "contactName": "李老师", "contactPhone": "010-62751234",
            "address": "北京市海淀区颐和园路5号", "postcode": "100871", "opinion": "同意",
        ],
    ] }

    /// School 10001 with its admin (initial password changed), a 院系 and one graduate on the
    /// roster; returns the admin's token.
    static func school(_ client: any TestClientProtocol) async throws -> String {
        let signedIn = try await Self.send(client, .post, "/api/v1/sessions", [
            "kind": "platformOperator", "identifier": "operator", "password": InProcessSystem.operatorPassword,
        ])
        let operatorToken = try #require(signedIn.json["accessToken"] as? String, "\(signedIn.json)")
        let created = try await Self.send(client, .post, "/api/v1/schools", ["code": "10001", "name": "示范大学", "adminUsername": "admin"], token: operatorToken)
        #expect(created.status == .created, "\(created.json)")
        let initial = try #require(created.json["initialPassword"] as? String)
        let first = try await Self.send(client, .post, "/api/v1/sessions", ["kind": "staff", "schoolCode": "10001", "identifier": "admin", "password": initial])
        let firstToken = try #require(first.json["accessToken"] as? String)
        let changed = try await Self.send(client, .post, "/api/v1/account/password", ["oldPassword": initial, "newPassword": "Changed-admin-2024"], token: firstToken)
        #expect(changed.status == .noContent, "\(changed.json)")
        let admin = try await Self.send(client, .post, "/api/v1/sessions", ["kind": "staff", "schoolCode": "10001", "identifier": "admin", "password": "Changed-admin-2024"])
        let token = try #require(admin.json["accessToken"] as? String)
        #expect(try await Self.send(client, .post, "/api/v1/departments", ["name": "计算机学院"], token: token).status == .created)
        let added = try await Self.send(client, .post, "/api/v1/graduates", Self.graduate(1), token: token)
        #expect(added.status == .created, "\(added.json)")
        return token
    }

    /// Retries `attempt` (every 50 ms, up to 20 s) until it returns a reply.
    static func eventually(_ what: String, _ attempt: () async throws -> Reply?) async throws -> Reply {
        let end = ContinuousClock.now.advanced(by: .seconds(20))
        while ContinuousClock.now < end {
            if let reply = try await attempt() { return reply }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("not within 20 s: \(what)")
        throw CancellationError()
    }

    @Test("/health: every service answers SERVING through the in-process pools")
    func health() async throws {
        try await InProcessSystem.run { client, _ in
            // Eventually: the gateway gives each check 2 s, and a loaded 2-core machine's
            // cooperative pool (two threads, shared with every other test) can miss that once.
            let reply = try await Self.eventually("/health 200") {
                let reply = try await Self.send(client, .get, "/health")
                return reply.status == .ok ? reply : nil
            }
            #expect(reply.json["services"] as? [String: String] == ["accounts": "serving", "esigning": "serving", "archive": "serving"])
        }
    }

    @Test("a school set up through the gateway: its roster in accounts, and its 签约设置 saved in e-signing once accounts' events have brought the school there")
    func schoolAcrossBothServices() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await Self.school(client)
            let roster = try await Self.send(client, .get, "/api/v1/graduates?cohort=\(Self.cohort)", token: admin)
            #expect(roster.status == .ok)
            #expect(roster.json["total"] as? Int == 1)
            #expect((roster.json["items"] as? [[String: Any]])?.first?["name"] as? String == "学生1")
            // The same list as an Excel file, named in Chinese.
            try await client.execute(uri: "/api/v1/graduates?format=xlsx&cohort=\(Self.cohort)", method: .get, headers: [.authorization: "Bearer \(admin)"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                #expect(response.headers[.contentDisposition]?.contains("filename*=UTF-8''%E5%AD%A6%E7%94%9F%E5%90%8D%E5%8D%95") == true, "\(response.headers[.contentDisposition] ?? "")")
                #expect(Array(response.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            }
            // People read places by name: 生源所在地 110105 is 北京市朝阳区.
            #expect((roster.json["items"] as? [[String: Any]])?.first?["originRegionName"] as? String == "北京市朝阳区")

            let saved = try await Self.eventually("签约设置 saved") {
                let reply = try await Self.send(client, .put, "/api/v1/signing-settings", Self.signingSettings, token: admin)
                return reply.status == .conflict || reply.status == .notFound ? nil : reply
            }
            #expect(saved.status == .ok, "\(saved.json)")
            let read = try await Self.send(client, .get, "/api/v1/signing-settings?cohort=\(Self.cohort)", token: admin)
            #expect(read.json["reviewMode"] as? String == "schoolOnly")
            #expect((read.json["schoolInfo"] as? [String: Any])?["postcode"] as? String == "100871")

            // The code lists: the shared domain's and e-signing's, over RPC.
            let lists = try await Self.send(client, .get, "/api/v1/code-lists")
            #expect((lists.json["educationLevels"] as? [[String: Any]])?.isEmpty == false)
            let statuses = (lists.json["signingStatuses"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(statuses.contains("签约审核通过"), "\(statuses)")
        }
    }

    @Test("忘记密码 through the gateway: the captcha is required by name, the roster identity sets a new password, the old one stops working")
    func graduatePasswordReset() async throws {
        try await InProcessSystem.run { client, _ in
            _ = try await Self.school(client)
            let graduate = Self.graduate(1)
            let identity: [String: Any] = [
                "schoolCode": "10001", "idNumber": graduate["idNumber"]!, "name": graduate["name"]!, "candidateNumber": graduate["candidateNumber"]!,
            ]
            let activated = try await Self.send(client, .post, "/api/v1/graduate-activations", identity.merging(["password": "OldPass2024"]) { $1 })
            #expect(activated.status == .created, "\(activated.json)")
            let noCaptcha = try await Self.send(client, .post, "/api/v1/graduate-password-resets", identity.merging(["password": "NewPass2025"]) { $1 })
            #expect(noCaptcha.status == .badRequest && noCaptcha.error["field"] as? String == "captchaId", "\(noCaptcha.json)")
            let captcha = try await Self.send(client, .post, "/api/v1/captchas")
            let captchaID = try #require(captcha.json["captchaId"] as? String, "\(captcha.json)")
            let reset = try await Self.send(client, .post, "/api/v1/graduate-password-resets", identity.merging([
                "password": "NewPass2025", "captchaId": captchaID, "captchaAnswer": InProcessSystem.captchaAnswer,
            ]) { $1 })
            #expect(reset.status == .created && reset.json["accessToken"] is String, "\(reset.json)")
            let old = try await Self.send(client, .post, "/api/v1/sessions", ["kind": "graduate", "identifier": graduate["idNumber"]!, "password": "OldPass2024"])
            #expect(old.status == .unauthorized)
            let new = try await Self.send(client, .post, "/api/v1/sessions", ["kind": "graduate", "identifier": graduate["idNumber"]!, "password": "NewPass2025"])
            #expect(new.status == .created || new.status == .ok, "\(new.json)")
        }
    }

    @Test("行政区划 one level at a time for the pickers: provinces, a municipality's districts; an unknown or malformed parent refused by name")
    func regions() async throws {
        try await InProcessSystem.run { client, _ in
            let provinces = try await Self.send(client, .get, "/api/v1/regions")
            #expect(provinces.status == .ok)
            let items = provinces.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 34 && items.first?["name"] as? String == "北京市" && items.first?["hasChildren"] as? Bool == true)
            let shanghai = try await Self.send(client, .get, "/api/v1/regions?parent=310000")
            let pudong = (shanghai.json["items"] as? [[String: Any]])?.first { $0["code"] as? String == "310115" }
            #expect(pudong?["fullName"] as? String == "上海市浦东新区" && pudong?["hasChildren"] as? Bool == false)
            let unknown = try await Self.send(client, .get, "/api/v1/regions?parent=310199")
            #expect(unknown.status == .notFound && unknown.error["field"] as? String == "parent")
            let malformed = try await Self.send(client, .get, "/api/v1/regions?parent=31")
            #expect(malformed.status == .badRequest && malformed.error["field"] as? String == "parent")
        }
    }

    @Test("the services' refusals reach the client in the API's error body: status, code, Chinese message, field, request id")
    func refusals() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await Self.school(client)
            // accounts: the same 考生号 twice.
            let duplicate = try await Self.send(client, .post, "/api/v1/graduates", Self.graduate(1), token: admin)
            #expect(duplicate.status == .conflict, "\(duplicate.json)")
            #expect(duplicate.error["code"] as? String == "already_exists")
            #expect((duplicate.error["message"] as? String)?.unicodeScalars.contains { $0.value >= 0x4E00 } == true, "\(duplicate.error)")
            #expect(duplicate.error["requestId"] as? String == duplicate.requestID)

            // accounts: a wrong password.
            let wrong = try await Self.send(client, .post, "/api/v1/sessions", ["kind": "staff", "schoolCode": "10001", "identifier": "admin", "password": "Wrong-2024"])
            #expect(wrong.status == .unauthorized, "\(wrong.json)")

            // e-signing's access rules, with a token accounts issued: a graduate may not save 签约设置.
            let graduate = Self.graduate(1)
            let activated = try await Self.send(client, .post, "/api/v1/graduate-activations", [
                "schoolCode": "10001", "idNumber": graduate["idNumber"]!, "name": graduate["name"]!,
                "candidateNumber": graduate["candidateNumber"]!, "password": "Graduate2024",
            ])
            let graduateToken = try #require(activated.json["accessToken"] as? String, "\(activated.json)")
            let refused = try await Self.send(client, .put, "/api/v1/signing-settings", Self.signingSettings, token: graduateToken)
            #expect(refused.status == .forbidden, "\(refused.json)")
            #expect(refused.error["code"] as? String == "permission_denied")
        }
    }
}
