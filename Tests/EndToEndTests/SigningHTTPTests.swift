import Foundation
import ProcessLauncher
import Testing
import TransportTestSupport

/// A school with two 院系 (each with its 网签 reviewer), a roster, two approved employers and
/// open signing, all made through the HTTP API as people would make them, on accounts +
/// esigning + gateway as real processes.
struct SigningWorld {
    let system: RunningSystem
    let http: HTTPClient
    let admin: String
    /// 院系 name → its reviewer's token.
    let reviewers: [String: String]
    /// Employer tokens, in registration order.
    let employers: [String]
    static let cohort = DemoRoster.cohort
    static let computing = "计算机学院"
    static let languages = "外国语学院"

    static var job: [String: Any] {
        ["jobTitle": "软件开发工程师", "workLocation": "广东省深圳市南山区", "monthlySalaryYuan": 15000, "probationMonths": 3, "contractTerm": "3年"]
    }

    static func employerParty(name: String = "北京示范科技有限公司", creditCode: String = testCreditCode("91110108MA01ABCD1")) -> [String: Any] {
        [
            "name": name, "creditCode": creditCode, "nature": "39", "industry": "I", "regionCode": "110108",
            "address": "北京市海淀区中关村大街1号", "contactName": "王经理", "contactPhone": "13812345678", "email": "hr@example.com",
        ]
    }

    static func offer(_ index: Int, days: Int = 7) -> [String: Any] {
        ["graduateIdNumber": DemoRoster.idNumber(index), "graduateName": "学生\(index)", "respondWithinDays": days, "job": Self.job]
    }

    static func start(reviewMode: String = "schoolOnly") async throws -> SigningWorld {
        let system = try await RunningSystem(esigning: true, esigningArguments: ["--expiry-interval-seconds", "1"])
        let http = system.http
        let admin = try await system.makeSchool("10001", name: "示范大学")
        var reviewers: [String: String] = [:]
        for (index, name) in [Self.computing, Self.languages].enumerated() {
            let department = try await http.send("POST", "/api/v1/departments", json: ["name": name], token: admin)
            precondition(department.status == 201, department.text)
            let departmentID = department.json["id"] as! String
            let account = try await http.send("POST", "/api/v1/staff-accounts", json: [
                "username": "reviewer\(index)", "displayName": "\(name)审核人", "role": "departmentAdmin", "modules": ["esigning"],
                "departmentId": departmentID,
            ], token: admin)
            precondition(account.status == 201, account.text)
            let accountID = (account.json["account"] as! [String: Any])["id"] as! String
            let reviewer = try await http.send(
                "PUT", "/api/v1/departments/\(departmentID)/reviewers/esigning", json: ["accountId": accountID], token: admin
            )
            precondition(reviewer.status == 200, reviewer.text)
            reviewers[name] = try await system.firstSignIn(school: "10001", "reviewer\(index)", account.json["initialPassword"] as! String)
        }
        let imported = try await http.send(
            "POST", "/api/v1/graduates/imports?createDepartments=true", raw: DemoRoster.csv(count: 8, departments: [Self.computing, Self.languages]),
            contentType: "text/csv", token: admin
        )
        precondition(imported.status == 200, imported.text)

        let operatorToken = try await http.signIn(kind: "platformOperator", "operator", RunningSystem.operatorPassword).json["accessToken"] as! String
        var employers: [String] = []
        for (index, name) in ["深圳示范制造有限公司", "广州示范贸易有限公司"].enumerated() {
            let creditCode = testCreditCode("91440300MA5F0002\(index)")
            let form = EmployerHTTPTests.form(creditCode: creditCode, name: name, password: "Employer2024", licence: EmployerHTTPTests.licence)
            let registered = try await http.send("POST", "/api/v1/employers", raw: form.finished(), contentType: form.contentType)
            precondition(registered.status == 201, registered.text)
            let approved = try await http.send("POST", "/api/v1/employers/\(registered.json["id"] as! String)/approve", token: operatorToken)
            precondition(approved.status == 200, approved.text)
            employers.append(try await http.signIn(kind: "employer", creditCode, "Employer2024").json["accessToken"] as! String)
        }
        // The 院系 reviewers and the roster reach esigning through the accounts outbox: with
        // 院系 review the settings are refused until every 院系 has its reviewer there.
        let settings = try await eventually("signing settings saved") {
            let reply = try await http.send("PUT", "/api/v1/signing-settings", json: Self.settings(reviewMode: reviewMode), token: admin)
            return reply.status == 409 ? nil : reply
        }
        precondition(settings.status == 200, settings.text)
        return SigningWorld(system: system, http: http, admin: admin, reviewers: reviewers, employers: employers)
    }

    static func settings(reviewMode: String) -> [String: Any] {
        [
            "cohort": Self.cohort, "agreementType": "threeParty", "signingOpen": true, "reviewMode": reviewMode, "maxResponseDays": 7,
            "schoolInfo": [
                "schoolName": "示范大学", "employmentOffice": "学生就业指导中心", "contactName": "李老师", "contactPhone": "010-62751234",
                "address": "北京市海淀区颐和园路5号", "postcode": "100871", "opinion": "同意",
            ],
        ]
    }

    /// A graduate on the roster signs up and gets a token.
    func graduate(_ index: Int) async throws -> String {
        let activated = try await self.http.send("POST", "/api/v1/graduate-activations", json: [
            "schoolCode": "10001", "idNumber": DemoRoster.idNumber(index), "name": "学生\(index)",
            "candidateNumber": "2411010115\(String(format: "%04d", index))", "password": "Graduate2024",
        ])
        precondition(activated.status == 201, activated.text)
        return activated.json["accessToken"] as! String
    }

    /// An employer's offer, retried while the employer and the roster are still on their way
    /// to esigning; returns the agreement.
    func sendOffer(employer: Int = 0, _ body: [String: Any]) async throws -> [String: Any] {
        let reply = try await eventually("offer sent") {
            let reply = try await self.http.send("POST", "/api/v1/offers", json: body, token: self.employers[employer])
            return reply.status == 201 ? reply : nil
        }
        return reply.json
    }

    func act(_ id: String, _ action: String, _ body: [String: Any]? = nil, token: String) async throws -> HTTPClient.Reply {
        try await self.http.send(
            "POST", "/api/v1/agreements/\(id)/\(action)", json: body, token: token, headers: ["Idempotency-Key": UUID().uuidString]
        )
    }

    func stop() async {
        await self.system.stop()
    }
}

/// Retries `attempt` until it answers (at most `timeout`), for what reaches a service
/// asynchronously; the last reply is the error's message.
func eventually(
    _ what: String, timeout: Duration = .seconds(10), _ attempt: () async throws -> HTTPClient.Reply?
) async throws -> HTTPClient.Reply {
    let end = ContinuousClock.now.advanced(by: timeout)
    while true {
        if let reply = try await attempt() { return reply }
        guard ContinuousClock.now < end else { throw NotInTime(what: what, timeout: timeout) }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// What `eventually` throws when nothing answered in time.
struct NotInTime: Error, CustomStringConvertible {
    var what: String
    var timeout: Duration
    var description: String { "\(self.what): not within \(self.timeout)" }
}

func beijingDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: date)
}

extension HTTPClient.Reply {
    var items: [[String: Any]] { self.json["items"] as? [[String: Any]] ?? [] }
}

@Suite("E-signing over HTTP", .serialized)
struct SigningHTTPTests {
    @Test("the code lists (no token) carry e-signing's registrable destination categories with their fields, and its status lists")
    func codeLists() async throws {
        let world = try await SigningWorld.start()
        do {
            let reply = try await world.http.send("GET", "/api/v1/code-lists")
            #expect(reply.status == 200)
            let lists = reply.json
            let categories = try #require(lists["destinationCategories"] as? [[String: Any]])
            #expect(!categories.contains { $0["code"] as? String == "10" })
            let study = try #require(categories.first { $0["code"] as? String == "80" })
            #expect(study["name"] as? String == "升学")
            #expect(study["placed"] as? Bool == true)
            #expect(study["proofName"] as? String == "录取通知书")
            let fields = try #require(study["fields"] as? [[String: Any]])
            #expect(fields.map { $0["key"] as? String } == ["admittingSchool", "admittedMajor", "studyLevel"])
            #expect(fields.first?["label"] as? String == "录取学校")
            #expect(fields.first?["required"] as? Bool == true)
            let waiting = try #require(categories.first { $0["code"] as? String == "70" })
            #expect(waiting["placed"] as? Bool == false)
            #expect(waiting["proofName"] == nil)
            let levels = try #require(lists["studyLevels"] as? [[String: String]])
            #expect(levels.contains { $0["code"] == "11" && $0["name"] == "硕士研究生" })
            let terminations = try #require(lists["terminationStatuses"] as? [[String: String]])
            #expect(terminations.count == 10)
            #expect(terminations.contains { $0["code"] == "forced" && $0["name"] == "学校已强制解约" })
            let registrations = try #require(lists["registrationStatuses"] as? [[String: String]])
            #expect(registrations.contains { $0["code"] == "voided" && $0["name"] == "学校已作废" })
            let columns = try #require(lists["statisticsColumns"] as? [[String: String]])
            #expect(columns.first?["key"] == "signed" && columns.first?["name"] == "已签约")
            #expect(columns.map { $0["name"] ?? "" } == [
                "已签约", "签约未审核", "签约未通过", "已解约", "解约未审核", "解约未通过", "补登", "补登未审核", "补登未通过", "去向登记", "去向未审核", "去向未通过",
            ])
        }
        await world.stop()
    }

    @Test("§4.1 with school review: accept → (kill -9 of esigning) → approve with 协议编号; one effective destination; 修改, 作废; refuse, withdraw; respondBy")
    func employerOffers() async throws {
        let world = try await SigningWorld.start()
        do {
            let http = world.http
            let admin = world.admin
            let settings = try await http.send("GET", "/api/v1/signing-settings?cohort=\(DemoRoster.cohort)", token: admin)
            #expect(settings.status == 200 && settings.json["signingOpen"] as? Bool == true && settings.json["agreementTypeLocked"] as? Bool == false)
            #expect((settings.json["schoolInfo"] as? [String: Any])?["employmentOffice"] as? String == "学生就业指导中心")
            #expect(settings.json["updatedAt"] is String)

            let graduate = try await world.graduate(0)
            let first = try await world.sendOffer(employer: 0, SigningWorld.offer(0))
            let second = try await world.sendOffer(employer: 1, SigningWorld.offer(0))
            let firstID = try #require(first["id"] as? String)
            let secondID = try #require(second["id"] as? String)
            #expect(first["status"] as? String == "offered" && first["statusName"] as? String == "单位已发起，等待毕业生回应")
            #expect(first["flow"] as? String == "employerOffer" && first["flowName"] as? String == "单位发起线上签约")
            #expect(first["number"] == nil && first["effectiveAt"] == nil && first["employerId"] is String)
            let employer = try #require(first["employer"] as? [String: Any])
            #expect(employer["name"] as? String == "深圳示范制造有限公司" && employer["natureName"] as? String == "国有企业")
            let party = try #require(first["graduate"] as? [String: Any])
            // The offering employer sees what it entered and the school's name until the
            // graduate agrees: an offer must not reveal the graduate's 院系, 专业, 学历 or mobile.
            #expect(party["name"] as? String == "学生0" && party["schoolName"] as? String == "示范大学")
            #expect((party["department"] as? String ?? "").isEmpty && (party["educationLevelName"] as? String ?? "").isEmpty)
            #expect((party["major"] as? String ?? "").isEmpty && (party["mobile"] as? String ?? "").isEmpty)
            let seenByGraduate = try await world.http.send("GET", "/api/v1/agreements/\(firstID)", token: graduate)
            let ownParty = try #require(seenByGraduate.json["graduate"] as? [String: Any])
            #expect(ownParty["department"] as? String == SigningWorld.computing && ownParty["educationLevelName"] as? String == "本科")
            #expect((first["job"] as? [String: Any])?["monthlySalaryYuan"] as? Int == 15000)
            // What does not exist yet (number, effectiveAt, invalidatedAt, invalidReason, warning,
            // openTerminationId) is left out.
            let keys: Set<String> = [
                "id", "cohort", "flow", "flowName", "initiator", "status", "statusName", "agreementType", "employerId", "employer",
                "job", "graduate", "respondBy", "createdAt", "updatedAt", "lastReason", "history", "attachments",
            ]
            #expect(Set(first.keys) == keys)
            // The same employer cannot send a second offer while the first is open.
            let again = try await http.send("POST", "/api/v1/offers", json: SigningWorld.offer(0), token: world.employers[0])
            #expect(again.status == 409 && again.errorField == "graduateIdNumber")
            let tooLong = try await http.send("POST", "/api/v1/offers", json: SigningWorld.offer(2, days: 30), token: world.employers[0])
            #expect(tooLong.status == 400 && tooLong.errorField == "respondWithinDays")

            // Accepted and acknowledged; then esigning dies hard and comes back on the same data.
            let accepted = try await world.act(firstID, "accept", token: graduate)
            #expect(accepted.status == 200 && accepted.json["status"] as? String == "acceptedAwaitingSchool", "\(accepted.text)")
            #expect(accepted.json["statusName"] as? String == "学生已同意签约，等待学校审核")
            let esigning = try #require(world.system.esigning)
            esigning.killHard()
            try esigning.restart()
            try await esigning.waitUntilListening()
            let key = UUID().uuidString
            let approved = try await eventually("approval after the restart") {
                let reply = try await http.send("POST", "/api/v1/agreements/\(firstID)/school-approve", token: admin, headers: ["Idempotency-Key": key])
                return reply.status == 503 ? nil : reply
            }
            #expect(approved.status == 200 && approved.json["status"] as? String == "effective", "\(approved.text)")
            #expect(approved.json["statusName"] as? String == "签约审核通过")
            let number = try #require(approved.json["number"] as? String)
            #expect(number.count == 19 && number.hasPrefix("\(DemoRoster.cohort)410001"))
            #expect(approved.json["effectiveAt"] is String)
            let detail = try await http.send("GET", "/api/v1/agreements/\(firstID)", token: graduate)
            let actions = (detail.json["history"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions == ["create", "accept", "schoolApprove"])
            let locked = try await http.send("GET", "/api/v1/signing-settings?cohort=\(DemoRoster.cohort)", token: admin)
            #expect(locked.json["agreementTypeLocked"] as? Bool == true)

            // One effective destination: the other offer can be seen but not accepted.
            let refused = try await world.act(secondID, "accept", token: graduate)
            #expect(refused.status == 409 && refused.errorCode == "failed_precondition")
            #expect((refused.error["message"] as? String)?.contains("已有生效的毕业去向") == true)

            // 修改 keeps the employer's identity; 作废 frees the graduate.
            var changedJob = SigningWorld.job
            changedJob["monthlySalaryYuan"] = 16000
            let amendedEmployer = try #require(approved.json["employer"] as? [String: Any])
            let amended = try await world.act(firstID, "amend", ["employer": amendedEmployer, "job": changedJob], token: admin)
            #expect(amended.status == 200 && amended.json["status"] as? String == "effective", "\(amended.text)")
            #expect((amended.json["job"] as? [String: Any])?["monthlySalaryYuan"] as? Int == 16000)
            var renamed = amendedEmployer
            renamed["name"] = "另一家公司"
            let rename = try await world.act(firstID, "amend", ["employer": renamed, "job": changedJob], token: admin)
            #expect(rename.status == 400 && rename.errorField == "employer.name")
            let noReason = try await world.act(firstID, "void", token: admin)
            #expect(noReason.status == 400 && noReason.errorField == "reason")
            let voided = try await world.act(firstID, "void", ["reason": "经双方协商一致解除"], token: admin)
            #expect(voided.status == 200 && voided.json["statusName"] as? String == "学校已作废" && voided.json["lastReason"] as? String == "经双方协商一致解除")
            let secondAccepted = try await world.act(secondID, "accept", token: graduate)
            #expect(secondAccepted.status == 200 && secondAccepted.json["status"] as? String == "acceptedAwaitingSchool")

            // Refusal, then a new offer from the same employer, withdrawn before an answer.
            let other = try await world.graduate(2)
            let third = try await world.sendOffer(employer: 0, SigningWorld.offer(2))
            let thirdID = try #require(third["id"] as? String)
            #expect(try await world.act(thirdID, "accept", token: world.employers[0]).status == 403)
            let refusal = try await world.act(thirdID, "refuse", token: other)
            #expect(refusal.status == 200 && refusal.json["statusName"] as? String == "毕业生已拒绝，签约失败")
            let fourth = try await world.sendOffer(employer: 0, SigningWorld.offer(2))
            let withdrawn = try await world.act(fourth["id"] as! String, "withdraw", token: world.employers[0])
            #expect(withdrawn.status == 200 && withdrawn.json["statusName"] as? String == "单位已撤回")
            #expect(try await world.act(fourth["id"] as! String, "accept", token: other).status == 409)

            // A one-day offer: answered by tomorrow, same time, and accepted before then.
            let dayOffer = try await world.sendOffer(employer: 1, SigningWorld.offer(4, days: 1))
            let formatter = ISO8601DateFormatter()
            let created = try #require(formatter.date(from: dayOffer["createdAt"] as? String ?? ""))
            let respondBy = try #require(formatter.date(from: dayOffer["respondBy"] as? String ?? ""))
            #expect(respondBy.timeIntervalSince(created) == 86_400)
            #expect((dayOffer["respondBy"] as? String)?.hasSuffix("+08:00") == true)
            let dayAccepted = try await world.act(dayOffer["id"] as! String, "accept", token: try await world.graduate(4))
            #expect(dayAccepted.status == 200 && dayAccepted.json["status"] as? String == "acceptedAwaitingSchool")

            // The employer sees its own offers only.
            let mine = try await http.send("GET", "/api/v1/agreements", token: world.employers[1])
            #expect(mine.status == 200 && mine.json["total"] as? Int == 2)
        }
        await world.stop()
    }

    @Test("院系 then school review: 院系 refusal, school refusal, scope of a 院系 account, counters, other schools and graduates refused")
    func departmentReview() async throws {
        let world = try await SigningWorld.start(reviewMode: "departmentThenSchool")
        do {
            let http = world.http
            let admin = world.admin
            let languages = try #require(world.reviewers[SigningWorld.languages])
            let computing = try #require(world.reviewers[SigningWorld.computing])

            // 学生1 (外国语学院): the 院系 refuses.
            let first = try await world.sendOffer(SigningWorld.offer(1))
            let firstID = first["id"] as! String
            let accepted = try await world.act(firstID, "accept", token: try await world.graduate(1))
            #expect(accepted.json["status"] as? String == "acceptedAwaitingDepartment" && accepted.json["statusName"] as? String == "学生已同意签约，等待院系审核")
            #expect(try await world.act(firstID, "school-approve", token: admin).status == 409)
            #expect(try await world.act(firstID, "department-approve", token: computing).status == 404)
            let noReason = try await world.act(firstID, "department-reject", ["reason": "  "], token: languages)
            #expect(noReason.status == 400 && noReason.errorField == "reason")
            let rejected = try await world.act(firstID, "department-reject", ["reason": "岗位信息不完整"], token: languages)
            #expect(rejected.status == 200 && rejected.json["statusName"] as? String == "签约审核不通过（院系审核不通过）")

            // 学生3 (外国语学院): the 院系 passes it, the school refuses.
            let second = try await world.sendOffer(SigningWorld.offer(3))
            let secondID = second["id"] as! String
            _ = try await world.act(secondID, "accept", token: try await world.graduate(3))
            // 学生5 (外国语学院) waits for the 院系; 学生0 (计算机学院) for the 院系 too.
            let third = try await world.sendOffer(SigningWorld.offer(5))
            _ = try await world.act(third["id"] as! String, "accept", token: try await world.graduate(5))
            let fourth = try await world.sendOffer(SigningWorld.offer(0))
            _ = try await world.act(fourth["id"] as! String, "accept", token: try await world.graduate(0))
            let passed = try await world.act(secondID, "department-approve", token: languages)
            #expect(passed.json["status"] as? String == "acceptedAwaitingSchool")

            let school = try await http.send("GET", "/api/v1/signing-counters?cohort=\(DemoRoster.cohort)", token: admin)
            #expect(school.status == 200 && school.json["pendingTotal"] as? Int == 1)
            let schoolLabels = Dictionary(uniqueKeysWithValues: (school.json["labelled"] as? [[String: Any]] ?? []).map {
                ($0["label"] as? String ?? "", $0["count"] as? Int ?? -1)
            })
            #expect(schoolLabels["在线签约管理待审核总数"] == 1)
            #expect(schoolLabels["学生已同意签约 等待学校审核"] == 1)
            #expect(schoolLabels["就业协议审核中 等待学校审核"] == 0 && schoolLabels["签约审核中 等待学校审核"] == 0)
            let counts = school.json["counts"] as? [[String: Any]] ?? []
            #expect(counts.first { $0["status"] as? String == "acceptedAwaitingDepartment" }?["count"] as? Int == 2)
            let department = try await http.send("GET", "/api/v1/signing-counters", token: languages)
            #expect(department.json["pendingTotal"] as? Int == 1)
            let labels = (department.json["labelled"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
            #expect(labels.contains("学生已同意签约 等待院系审核") && !labels.contains("学生已同意签约 等待学校审核"))

            let schoolRejected = try await world.act(secondID, "school-reject", ["reason": "单位信息与营业执照不符"], token: admin)
            #expect(schoolRejected.status == 200 && schoolRejected.json["statusName"] as? String == "签约审核不通过（学校审核不通过）")
            #expect(schoolRejected.json["lastReason"] as? String == "单位信息与营业执照不符")

            // A 院系 account sees its 院系 only; the school sees both.
            let scoped = try await http.send("GET", "/api/v1/agreements", token: languages)
            #expect(scoped.json["total"] as? Int == 3)
            #expect(Set(scoped.items.compactMap { ($0["graduate"] as? [String: Any])?["department"] as? String }) == [SigningWorld.languages])
            #expect(try await http.send("GET", "/api/v1/agreements", token: computing).json["total"] as? Int == 1)
            #expect(try await http.send("GET", "/api/v1/agreements", token: admin).json["total"] as? Int == 4)
            #expect(try await http.send("GET", "/api/v1/agreements/\(firstID)", token: computing).status == 404)

            // Another school's admin does not see the record at all.
            let otherAdmin = try await world.system.makeSchool("10002", name: "另一所大学")
            #expect(try await http.send("GET", "/api/v1/agreements/\(firstID)", token: otherAdmin).status == 404)
            #expect(try await http.send("GET", "/api/v1/agreements", token: otherAdmin).json["total"] as? Int == 0)

            // A graduate is refused the staff routes.
            let graduate = try await world.graduate(7)
            #expect(try await http.send("GET", "/api/v1/signing-counters", token: graduate).status == 403)
            #expect(try await http.send("PUT", "/api/v1/signing-settings", json: SigningWorld.settings(reviewMode: "schoolOnly"), token: graduate).status == 403)
            #expect(try await http.send("GET", "/api/v1/agreements?format=xlsx", token: graduate).status == 403)
            #expect(try await world.act(firstID, "school-approve", token: graduate).status == 404)
            #expect(try await http.send("GET", "/api/v1/signing-counters").status == 401)
        }
        await world.stop()
    }

    @Test("§4.2 with a PNG scan and the PDF (verified by its bytes), §4.3 补登, the list's filters, the Excel export, bad input")
    func applicationsAndLists() async throws {
        let world = try await SigningWorld.start()
        do {
            let http = world.http
            let admin = world.admin
            let graduate = try await world.graduate(0)
            let application = try await eventually("application accepted") {
                let reply = try await http.send("POST", "/api/v1/agreement-applications", json: [
                    "employer": SigningWorld.employerParty(), "job": SigningWorld.job,
                ], token: graduate, headers: ["Idempotency-Key": UUID().uuidString])
                return reply.status == 201 ? reply : nil
            }
            let id = try #require(application.json["id"] as? String)
            #expect(application.json["statusName"] as? String == "就业协议审核中，等待学校审核" && application.json["flow"] as? String == "graduateApplication")
            #expect(application.json["respondBy"] == nil && application.json["employerId"] == nil)
            // Refused, corrected, approved: the e-agreement is printed to sign on paper.
            let rejected = try await world.act(id, "school-reject", ["reason": "单位地址不完整"], token: admin)
            #expect(rejected.json["status"] as? String == "applicationSchoolRejected")
            var corrected = SigningWorld.employerParty()
            corrected["address"] = "北京市海淀区中关村大街1号科技大厦8层"
            let resubmitted = try await world.act(id, "resubmit", ["employer": corrected, "job": SigningWorld.job], token: graduate)
            #expect(resubmitted.json["status"] as? String == "applicationAwaitingSchool")
            #expect((resubmitted.json["employer"] as? [String: Any])?["address"] as? String == "北京市海淀区中关村大街1号科技大厦8层")
            let approved = try await world.act(id, "school-approve", token: admin)
            #expect(approved.json["statusName"] as? String == "就业协议审核通过，待上传已签协议")
            let printed = try await http.send("GET", "/api/v1/agreements/\(id)/pdf", token: graduate)
            #expect(printed.status == 200 && printed.body.starts(with: Data("%PDF".utf8)))
            #expect(printed.header("Content-Type") == "application/pdf")

            // The signed scan, uploaded as a form's file, then attached by its SHA-256.
            let png = ScanFixture.png(variant: 2)
            var form = MultipartBody()
            form.file("file", fileName: "已签协议.png", contentType: "image/png", png)
            let uploaded = try await http.send("POST", "/api/v1/attachments", raw: form.finished(), contentType: form.contentType, token: graduate)
            #expect(uploaded.status == 201 && uploaded.json["contentType"] as? String == "image/png" && uploaded.json["size"] as? Int == png.count)
            let sha256 = try #require(uploaded.json["sha256"] as? String)
            let noScan = try await world.act(id, "upload-signed", token: graduate)
            #expect(noScan.status == 400 && noScan.errorField == "attachmentSha256")
            let signed = try await world.act(id, "upload-signed", ["attachmentSha256": sha256], token: graduate)
            #expect(signed.json["statusName"] as? String == "签约审核中，等待学校审核")
            let effective = try await world.act(id, "school-approve", token: admin)
            #expect(effective.json["status"] as? String == "effective")
            #expect((effective.json["number"] as? String)?.hasPrefix("\(DemoRoster.cohort)110001") == true)
            let detail = try await http.send("GET", "/api/v1/agreements/\(id)", token: admin)
            let attachments = detail.json["attachments"] as? [[String: Any]] ?? []
            #expect(attachments.count == 1 && attachments.first?["kind"] as? String == "signedAgreement")
            let scan = try await http.send("GET", "/api/v1/agreements/\(id)/attachments/\(sha256)", token: admin)
            #expect(scan.status == 200 && scan.body == png && scan.header("Content-Type") == "image/png")

            let pdf = try await http.send("GET", "/api/v1/agreements/\(id)/pdf", token: graduate)
            #expect(pdf.status == 200 && pdf.body.starts(with: Data("%PDF".utf8)))
            #expect(pdf.header("Content-Disposition")?.contains("filename*=UTF-8''") == true)
            let verified = try await http.send("POST", "/api/v1/agreement-verifications", raw: pdf.body, contentType: "application/pdf")
            #expect(verified.status == 200 && verified.json["found"] as? Bool == true && verified.json["issuedBySystem"] as? Bool == true)
            #expect(verified.json["number"] as? String == effective.json["number"] as? String)
            #expect(verified.json["graduateName"] as? String == "学**" && (verified.json["issuedAt"] as? String)?.hasSuffix("+08:00") == true)
            var pdfForm = MultipartBody()
            pdfForm.file("file", fileName: "协议.pdf", contentType: "application/pdf", pdf.body)
            let byForm = try await http.send("POST", "/api/v1/agreement-verifications", raw: pdfForm.finished(), contentType: pdfForm.contentType)
            #expect(byForm.json["issuedBySystem"] as? Bool == true)
            let forged = try await http.send("POST", "/api/v1/agreement-verifications", raw: pdf.body + Data("x".utf8), contentType: "application/pdf")
            #expect(forged.status == 200 && forged.json["issuedBySystem"] as? Bool == false && forged.json["found"] as? Bool == false)
            let byLink = try await http.send("GET", "/api/v1/agreement-verifications/\(id)")
            #expect(byLink.status == 200 && byLink.json["found"] as? Bool == true && byLink.json["statusName"] as? String == "签约审核通过")

            // 补登 of a paper agreement (学生1, 外国语学院): refused, corrected, passed.
            let other = try await world.graduate(1)
            let paper = ScanFixture.pdf("paper agreement scan")
            let paperUpload = try await http.send("POST", "/api/v1/attachments", raw: paper, contentType: "application/pdf", token: other)
            #expect(paperUpload.status == 201 && paperUpload.json["contentType"] as? String == "application/pdf")
            let missing = try await http.send("POST", "/api/v1/back-registrations", json: [
                "employer": SigningWorld.employerParty(name: "上海示范物流有限公司", creditCode: testCreditCode("91310115MA1K00011")), "job": SigningWorld.job,
            ], token: other)
            #expect(missing.status == 400 && missing.errorField == "attachmentSha256")
            let backRegistration = try await http.send("POST", "/api/v1/back-registrations", json: [
                "employer": SigningWorld.employerParty(name: "上海示范物流有限公司", creditCode: testCreditCode("91310115MA1K00011")),
                "job": SigningWorld.job, "attachmentSha256": paperUpload.json["sha256"] as! String,
            ], token: other)
            #expect(backRegistration.status == 201 && backRegistration.json["statusName"] as? String == "补登审核中，等待学校审核")
            let backID = backRegistration.json["id"] as! String
            let backRejected = try await world.act(backID, "school-reject", ["reason": "扫描件不清晰"], token: admin)
            #expect(backRejected.json["statusName"] as? String == "补登审核不通过")
            let backResubmitted = try await world.act(backID, "resubmit", ["attachmentSha256": paperUpload.json["sha256"] as! String], token: other)
            #expect(backResubmitted.json["status"] as? String == "backRegistrationAwaitingSchool", "\(backResubmitted.text)")
            let backEffective = try await world.act(backID, "school-approve", token: admin)
            #expect(backEffective.json["statusName"] as? String == "补登审核通过" && (backEffective.json["number"] as? String)?.hasPrefix("\(DemoRoster.cohort)210001") == true)

            // An application withdrawn by the graduate (学生2).
            let third = try await world.graduate(2)
            let withdrawnApplication = try await http.send("POST", "/api/v1/agreement-applications", json: [
                "employer": SigningWorld.employerParty(), "job": SigningWorld.job,
            ], token: third)
            let withdrawn = try await world.act(withdrawnApplication.json["id"] as! String, "withdraw", token: third)
            #expect(withdrawn.json["statusName"] as? String == "毕业生已撤回")

            // The list's filters.
            func total(_ query: String) async throws -> Int? {
                try await http.send("GET", "/api/v1/agreements?\(query)", token: admin).json["total"] as? Int
            }
            let today = beijingDate(Date())
            let yesterday = beijingDate(Date().addingTimeInterval(-86_400))
            #expect(try await total("") == 3)
            #expect(try await total("status=effective,backRegistrationEffective") == 2)
            #expect(try await total("status=effective&status=withdrawnByGraduate") == 2)
            #expect(try await total("flow=backRegistration") == 1)
            #expect(try await total("department=%E5%A4%96%E5%9B%BD%E8%AF%AD%E5%AD%A6%E9%99%A2") == 1)
            #expect(try await total("major=%E8%BD%AF%E4%BB%B6%E5%B7%A5%E7%A8%8B&educationLevel=31&cohort=\(DemoRoster.cohort)") == 3)
            #expect(try await total("q=%E4%B8%8A%E6%B5%B7%E7%A4%BA%E8%8C%83") == 1)
            #expect(try await total("from=\(today)&to=\(today)") == 3)
            #expect(try await total("to=\(yesterday)") == 0)
            let page = try await http.send("GET", "/api/v1/agreements?pageSize=2", token: admin)
            #expect(page.items.count == 2 && page.json["total"] as? Int == 3)
            let token = try #require(page.json["nextPageToken"] as? String)
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            let next = try await http.send("GET", "/api/v1/agreements?pageSize=2&pageToken=\(encoded)", token: admin)
            #expect(next.items.count == 1 && next.json["nextPageToken"] == nil)
            #expect(page.items.first?["history"] as? [Any] != nil)

            let export = try await http.send("GET", "/api/v1/agreements?format=xlsx&status=effective", token: admin)
            #expect(export.status == 200 && export.body.starts(with: Data("PK".utf8)))
            #expect(export.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let disposition = export.header("Content-Disposition") ?? ""
            #expect(disposition.contains("filename*=UTF-8''") && disposition.contains(".xlsx"))
            #expect(disposition.removingPercentEncoding?.contains("在线签约管理") == true)

            // Bad input: 400 with the field, or 404 for an action that does not exist.
            let badDate = try await http.send("GET", "/api/v1/agreements?from=2024-13-01", token: admin)
            #expect(badDate.status == 400 && badDate.errorField == "from")
            #expect(try await http.send("GET", "/api/v1/agreements?to=yesterday", token: admin).errorField == "to")
            // An unknown status is refused at the edge, naming the query parameter.
            #expect(try await http.send("GET", "/api/v1/agreements?status=maybe", token: admin).errorField == "status")
            #expect(try await http.send("GET", "/api/v1/agreements?format=pdf", token: admin).errorField == "format")
            #expect(try await http.send("GET", "/api/v1/signing-settings", token: admin).errorField == "cohort")
            #expect(try await world.act(id, "approve-everything", token: admin).status == 404)
            let wrongType = try await world.act(backID, "void", ["reason": 5], token: admin)
            #expect(wrongType.status == 400 && wrongType.errorField == "reason")
            let badSalary = try await http.send("POST", "/api/v1/agreement-applications", json: [
                "employer": SigningWorld.employerParty(), "job": ["jobTitle": "工程师", "monthlySalaryYuan": "很多"],
            ], token: third)
            #expect(badSalary.status == 400 && badSalary.errorField == "job.monthlySalaryYuan")
            let badSettings = try await http.send("PUT", "/api/v1/signing-settings", json: [
                "cohort": DemoRoster.cohort, "agreementType": "fourParty", "signingOpen": true, "reviewMode": "schoolOnly", "maxResponseDays": 7, "schoolInfo": [:],
            ], token: admin)
            #expect(badSettings.status == 400 && badSettings.errorField == "agreementType")
            let notAFile = try await http.send("POST", "/api/v1/attachments", raw: Data("hello".utf8), contentType: "text/plain", token: third)
            #expect(notAFile.status == 415)
        }
        await world.stop()
    }
}
