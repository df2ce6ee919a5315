import Foundation
import Testing
import TransportTestSupport

/// A `multipart/form-data` body as a browser sends it.
struct MultipartBody {
    let boundary = "----graduate-test-" + UUID().uuidString
    private(set) var data = Data()

    var contentType: String { "multipart/form-data; boundary=\(self.boundary)" }

    mutating func field(_ name: String, _ value: String) {
        self.data.append(Data("--\(self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }

    mutating func file(_ name: String, fileName: String, contentType: String, _ content: Data) {
        self.data.append(Data(
            "--\(self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8
        ))
        self.data.append(content)
        self.data.append(Data("\r\n".utf8))
    }

    func finished() -> Data {
        self.data + Data("--\(self.boundary)--\r\n".utf8)
    }
}

/// 统一社会信用代码 with the GB 32100 check character, computed here as a client would.
func testCreditCode(_ first17: String) -> String {
    let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    let sum = zip(first17.map { alphabet.firstIndex(of: $0)! }, weights).reduce(0) { $0 + $1.0 * $1.1 }
    return first17 + String(alphabet[(31 - sum % 31) % 31])
}

@Suite("Employers over HTTP", .serialized)
struct EmployerHTTPTests {
    static let licence = ScanFixture.png(variant: 1)

    static func form(creditCode: String?, name: String, password: String?, licence: Data?) -> MultipartBody {
        var body = MultipartBody()
        if let creditCode { body.field("creditCode", creditCode) }
        body.field("name", name)
        body.field("nature", "31")
        body.field("industry", "C")
        body.field("regionCode", "440305")
        body.field("address", "广东省深圳市南山区科技园1号")
        body.field("contactName", "李女士")
        body.field("contactPhone", "0755-26781234")
        body.field("email", "hr@example.cn")
        if let password { body.field("password", password) }
        if let licence { body.file("licence", fileName: "执照.png", contentType: "image/png", licence) }
        return body
    }

    @Test("register with a licence → operator lists, downloads, rejects with a reason → employer resubmits → operator approves")
    func registrationAndReview() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let creditCode = testCreditCode("91440300MA5F00012")
            let body = Self.form(creditCode: creditCode.lowercased(), name: "深圳示范制造有限公司", password: "Employer2024", licence: Self.licence)
            let registered = try await http.send("POST", "/api/v1/employers", raw: body.finished(), contentType: body.contentType)
            #expect(registered.status == 201, "\(String(decoding: registered.body, as: UTF8.self))")
            let employer = registered.json
            #expect(employer["creditCode"] as? String == creditCode)
            #expect(employer["status"] as? String == "pending" && employer["statusName"] as? String == "待审核")
            #expect(employer["natureName"] as? String == "国有企业" && employer["industryName"] as? String == "制造业")
            #expect(employer["reviewedAt"] == nil && employer["reason"] as? String == "")
            #expect(employer["regionName"] as? String == "广东省深圳市南山区")
            // What does not exist yet (reviewedAt) is left out.
            let keys: Set<String> = [
                "id", "creditCode", "name", "nature", "natureName", "industry", "industryName", "regionCode", "regionName", "address", "contactName",
                "contactPhone", "email", "status", "statusName", "reason", "registeredAt",
            ]
            #expect(Set(employer.keys) == keys)
            let id = try #require(employer["id"] as? String)

            let again = try await http.send("POST", "/api/v1/employers", raw: body.finished(), contentType: body.contentType)
            #expect(again.status == 409 && again.errorField == "creditCode")
            var missing = Self.form(creditCode: testCreditCode("91440300MA5F00013"), name: "另一家", password: "Employer2024", licence: nil)
            missing.field("unrelated", "x")
            let noLicence = try await http.send("POST", "/api/v1/employers", raw: missing.finished(), contentType: missing.contentType)
            #expect(noLicence.status == 400 && noLicence.errorField == "licence")
            let json = try await http.send("POST", "/api/v1/employers", json: ["creditCode": creditCode])
            #expect(json.status == 415)

            let operatorToken = try await http.signIn(kind: "platformOperator", "operator", RunningSystem.operatorPassword).json["accessToken"] as? String
            let pending = try await http.send("GET", "/api/v1/employers?status=pending", token: operatorToken)
            #expect(pending.status == 200 && pending.json["total"] as? Int == 1)
            #expect((pending.json["items"] as? [[String: Any]])?.first?["id"] as? String == id)
            #expect(try await http.send("GET", "/api/v1/employers?status=approved", token: operatorToken).json["total"] as? Int == 0)
            #expect(try await http.send("GET", "/api/v1/employers?status=maybe", token: operatorToken).errorField == "status")

            let download = try await http.send("GET", "/api/v1/employers/\(id)/licence", token: operatorToken)
            #expect(download.status == 200 && download.body == Self.licence)

            let noReason = try await http.send("POST", "/api/v1/employers/\(id)/reject", json: ["reason": ""], token: operatorToken)
            #expect(noReason.status == 400 && noReason.errorField == "reason")
            let rejected = try await http.send("POST", "/api/v1/employers/\(id)/reject", json: ["reason": "营业执照不清晰，请重新上传"], token: operatorToken)
            #expect(rejected.status == 200 && rejected.json["statusName"] as? String == "未通过")

            let session = try await http.signIn(kind: "employer", creditCode.lowercased(), "Employer2024")
            #expect(session.status == 201 && session.json["displayName"] as? String == "深圳示范制造有限公司")
            let employerToken = session.json["accessToken"] as? String
            let mine = try await http.send("GET", "/api/v1/employer", token: employerToken)
            #expect(mine.json["statusName"] as? String == "未通过" && mine.json["reason"] as? String == "营业执照不清晰，请重新上传")
            #expect(try await http.send("GET", "/api/v1/employers/\(id)/licence", token: employerToken).status == 200)
            #expect(try await http.send("GET", "/api/v1/employers", token: employerToken).status == 403)

            let correction = Self.form(creditCode: nil, name: "深圳示范制造股份有限公司", password: nil, licence: ScanFixture.png(variant: 3))
            let resubmitted = try await http.send("POST", "/api/v1/employer/resubmission", raw: correction.finished(), contentType: correction.contentType, token: employerToken)
            #expect(resubmitted.status == 200 && resubmitted.json["statusName"] as? String == "待审核")
            #expect(resubmitted.json["name"] as? String == "深圳示范制造股份有限公司")
            let twice = try await http.send("POST", "/api/v1/employer/resubmission", raw: correction.finished(), contentType: correction.contentType, token: employerToken)
            #expect(twice.status == 409)

            let approved = try await http.send("POST", "/api/v1/employers/\(id)/approve", token: operatorToken)
            #expect(approved.status == 200 && approved.json["statusName"] as? String == "已通过")
            #expect(approved.json["reviewedAt"] is String)
            #expect(try await http.send("POST", "/api/v1/employers/\(id)/approve", token: operatorToken).status == 409)
            let detail = try await http.send("GET", "/api/v1/employers/\(id)", token: employerToken)
            #expect(detail.json["status"] as? String == "approved")
            #expect(try await http.send("GET", "/api/v1/employers/\(id)/licence", token: operatorToken).body == ScanFixture.png(variant: 3))
        }
        await system.stop()
    }

    @Test("staff and graduate tokens are refused on the operator's routes; the code lists need no token")
    func operatorRoutesRefuseOthers() async throws {
        let system = try await RunningSystem()
        do {
            let http = system.http
            let admin = try await system.makeSchool("10001", name: "示范大学")
            _ = try await http.send("POST", "/api/v1/graduates/imports?createDepartments=true", raw: DemoRoster.csv(count: 3), contentType: "text/csv", token: admin)
            let activated = try await http.send("POST", "/api/v1/graduate-activations", json: [
                "schoolCode": "10001", "idNumber": DemoRoster.idNumber(1), "name": "学生1",
                "candidateNumber": "24110101150001", "password": "Graduate2024",
            ])
            let graduate = activated.json["accessToken"] as? String
            #expect(graduate != nil)
            for token in [admin, graduate] {
                #expect(try await http.send("GET", "/api/v1/employers", token: token).status == 403)
                #expect(try await http.send("GET", "/api/v1/employers/x", token: token).status == 403)
                #expect(try await http.send("POST", "/api/v1/employers/x/approve", token: token).status == 403)
                #expect(try await http.send("POST", "/api/v1/employers/x/reject", json: ["reason": "不行"], token: token).status == 403)
                #expect(try await http.send("GET", "/api/v1/employer", token: token).status == 403)
            }
            #expect(try await http.send("GET", "/api/v1/employers").status == 401)
            let lists = try await http.send("GET", "/api/v1/code-lists")
            #expect(lists.status == 200)
            #expect((lists.json["employerNatures"] as? [[String: Any]])?.count == 12)
            #expect((lists.json["industries"] as? [[String: Any]])?.first?["name"] as? String == "农、林、牧、渔业")
            #expect((lists.json["educationLevels"] as? [[String: Any]])?.count == 4)
        }
        await system.stop()
    }
}
