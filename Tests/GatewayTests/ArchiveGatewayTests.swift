import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// 档案/户口信息管理 through the gateway, against the real archive service in this process
/// (`InProcessSystem`), with the roster arriving from accounts' events and a destination from
/// e-signing's: 登记设置, a graduate's application and the school's review, the lists,
/// 数据统计 and the counters, the school's direct edit, 同步, and the refusals.
@Suite("档案/户口信息管理 through the gateway")
struct ArchiveGatewayTests {
    typealias System = InProcessSystemTests

    static var cohort: Int { System.cohort }

    /// A valid 单位接收 record with the 户口 moving to the unit's district, as a form sends it.
    static var unitValues: [String: Any] { [
        "transferType": "01", "receivingUnitName": "上海示范科技有限公司", "receivingUnitRegion": "310115",
        "receivingUnitAddress": "上海市浦东新区世纪大道100号", "receivingUnitPostcode": "200120", "receivingUnitContact": "李老师",
        "receivingUnitPhone": "13800138000", "transferMethod": "01", "migratesHukou": "1", "hukouMigrationType": "02",
        "hukouRegion": "310115", "hukouAddress": "世纪大道100号", "policeStation": "浦东新区陆家嘴派出所",
    ] }

    /// Graduate 1 of `System.school` activated; returns their token once the roster has brought
    /// them to archive (their record answers).
    static func graduate(_ client: any TestClientProtocol) async throws -> String {
        let graduate = System.graduate(1)
        let activated = try await System.send(client, .post, "/api/v1/graduate-activations", [
            "schoolCode": "10001", "idNumber": graduate["idNumber"]!, "name": graduate["name"]!,
            "candidateNumber": graduate["candidateNumber"]!, "password": "Graduate2024",
        ])
        let token = try #require(activated.json["accessToken"] as? String, "\(activated.json)")
        _ = try await System.eventually("the roster reached archive") {
            let reply = try await System.send(client, .get, "/api/v1/archive-record", token: token)
            return reply.status == .notFound ? nil : reply
        }
        return token
    }

    /// The roster id of graduate 1.
    static func graduateID(_ client: any TestClientProtocol, admin: String) async throws -> String {
        let roster = try await System.send(client, .get, "/api/v1/graduates?cohort=\(Self.cohort)", token: admin)
        return try #require((roster.json["items"] as? [[String: Any]])?.first?["id"] as? String, "\(roster.json)")
    }

    static func items(_ reply: System.Reply) -> [[String: Any]] {
        reply.json["items"] as? [[String: Any]] ?? []
    }

    @Test("登记设置, a graduate's application approved by the school, then the record in the lists, 数据统计 and the counters")
    func applicationApproved() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await System.school(client)
            let settings = try await System.send(client, .get, "/api/v1/archive-settings?cohort=\(Self.cohort)", token: admin)
            #expect(settings.status == .ok, "\(settings.json)")
            #expect(settings.json["registrationOpen"] as? Bool == true && settings.json["reviewMode"] as? String == "schoolOnly")
            #expect(settings.json["reviewModeName"] as? String == "仅学校审核" && settings.json["updatedAt"] == nil, "\(settings.json)")
            let closed = try await System.send(client, .put, "/api/v1/archive-settings", [
                "cohort": Self.cohort, "registrationOpen": false, "reviewMode": "schoolOnly",
            ], token: admin)
            #expect(closed.status == .ok && closed.json["registrationOpen"] as? Bool == false && closed.json["updatedAt"] is String, "\(closed.json)")

            let graduate = try await Self.graduate(client)
            let mine = try await System.send(client, .get, "/api/v1/archive-record", token: graduate)
            #expect(mine.json["status"] as? String == "unregistered" && mine.json["statusName"] as? String == "未登记", "\(mine.json)")
            #expect(mine.json["values"] == nil && (mine.json["shown"] as? [Any])?.isEmpty == true && mine.json["invalid"] as? Bool == false)
            #expect((try await System.send(client, .get, "/api/v1/archive-settings?cohort=\(Self.cohort)", token: graduate)).json["registrationOpen"] as? Bool == false)
            let refused = try await System.send(client, .post, "/api/v1/archive-applications", ["values": Self.unitValues], token: graduate)
            #expect(refused.status == .conflict && (refused.error["message"] as? String)?.contains("已关闭") == true, "\(refused.json)")

            let opened = try await System.send(client, .put, "/api/v1/archive-settings", [
                "cohort": Self.cohort, "registrationOpen": true, "reviewMode": "schoolOnly",
            ], token: admin)
            #expect(opened.status == .ok, "\(opened.json)")
            let submitted = try await System.send(client, .post, "/api/v1/archive-applications", ["values": Self.unitValues], token: graduate)
            #expect(submitted.status == .created, "\(submitted.json)")
            let id = try #require(submitted.json["id"] as? String)
            #expect(submitted.json["status"] as? String == "awaitingSchool" && submitted.json["reviewMode"] as? String == "schoolOnly")
            #expect(submitted.json["statusName"] as? String == "档案/户口信息审核中，等待学校审核")
            // A first registration: nothing in force before, every field a change from nothing.
            #expect(submitted.json["previous"] == nil)
            let changes = submitted.json["changes"] as? [[String: Any]] ?? []
            #expect(changes.first?["field"] as? String == "transferType" && changes.first?["newValue"] as? String == "单位接收", "\(changes)")
            let values = submitted.json["values"] as? [String: Any] ?? [:]
            #expect(values["receivingUnitRegionName"] as? String == "上海市浦东新区" && values["retentionDeadline"] == nil, "\(values)")
            #expect((submitted.json["history"] as? [[String: Any]])?.map { $0["action"] as? String } == ["submit"])

            let waiting = try await System.send(client, .get, "/api/v1/archive-counters?cohort=\(Self.cohort)", token: admin)
            let counters = waiting.json["counters"] as? [[String: Any]] ?? []
            #expect(counters.count == 1 && counters.first?["key"] as? String == "pendingTotal", "\(waiting.json)")
            #expect(counters.first?["count"] as? Int == 1 && counters.first?["status"] as? String == "awaitingSchool")
            #expect(counters.first?["label"] as? String == "档案/户口信息待学校审核总数")
            let queue = try await System.send(client, .get, "/api/v1/archive-applications?awaitingMe=true&cohort=\(Self.cohort)", token: admin)
            #expect(queue.json["total"] as? Int == 1 && Self.items(queue).first?["id"] as? String == id, "\(queue.json)")
            let own = try await System.send(client, .get, "/api/v1/archive-applications", token: graduate)
            #expect(own.json["total"] as? Int == 1, "\(own.json)")

            // Only the school reviews; 不通过 needs a reason.
            let byGraduate = try await System.send(client, .post, "/api/v1/archive-applications/\(id)/school-approve", token: graduate)
            #expect(byGraduate.status == .forbidden, "\(byGraduate.json)")
            let noReason = try await System.send(client, .post, "/api/v1/archive-applications/\(id)/school-reject", [:], token: admin)
            #expect(noReason.status == .badRequest && noReason.error["field"] as? String == "reason", "\(noReason.json)")
            let approved = try await System.send(client, .post, "/api/v1/archive-applications/\(id)/school-approve", token: admin)
            #expect(approved.status == .ok && approved.json["status"] as? String == "approved", "\(approved.json)")
            let last = (approved.json["history"] as? [[String: Any]])?.last ?? [:]
            #expect(last["action"] as? String == "schoolApprove" && last["actorKind"] as? String == "school" && last["statusAfterName"] as? String == "审核通过")
            let detail = try await System.send(client, .get, "/api/v1/archive-applications/\(id)", token: graduate)
            #expect(detail.status == .ok && detail.json["status"] as? String == "approved")

            let registered = try await System.send(client, .get, "/api/v1/archive-records?cohort=\(Self.cohort)&status=registered", token: admin)
            #expect(registered.status == .ok && registered.json["total"] as? Int == 1, "\(registered.json)")
            let record = Self.items(registered).first ?? [:]
            #expect(record["statusName"] as? String == "已登记" && (record["values"] as? [String: Any])?["transferType"] as? String == "01")
            let shown = (record["shown"] as? [[String: Any]])?.first ?? [:]
            #expect(shown["field"] as? String == "transferType" && shown["label"] as? String == "档案转递类型" && shown["value"] as? String == "单位接收")
            let graduateID = try #require((record["graduate"] as? [String: Any])?["graduateId"] as? String)
            let one = try await System.send(client, .get, "/api/v1/archive-records/\(graduateID)", token: admin)
            #expect(one.status == .ok && one.json["registeredAt"] is String && one.json["openApplication"] == nil, "\(one.json)")
            let unregistered = try await System.send(client, .get, "/api/v1/archive-records?status=unregistered", token: admin)
            #expect(unregistered.json["total"] as? Int == 0)
            #expect((try await System.send(client, .get, "/api/v1/archive-record", token: graduate)).json["status"] as? String == "registered")

            let statistics = try await System.send(client, .get, "/api/v1/archive-statistics?cohort=\(Self.cohort)", token: admin)
            #expect(statistics.status == .ok, "\(statistics.json)")
            let rows = statistics.json["rows"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["label"] as? String } == ["总计", "计算机学院"], "\(rows)")
            #expect(rows.first?["department"] == nil && rows.first?["registered"] as? Int == 1 && rows.first?["unregistered"] as? Int == 0)
            let byType = rows.first?["byTransferType"] as? [[String: Any]] ?? []
            #expect(byType.map { $0["transferType"] as? String } == ["01", "02", "03", "04", "05", "99"])
            #expect(byType.first?["count"] as? Int == 1 && byType.dropFirst().allSatisfy { $0["count"] as? Int == 0 })
            let done = try await System.send(client, .get, "/api/v1/archive-counters", token: admin)
            #expect((done.json["counters"] as? [[String: Any]])?.first?["count"] as? Int == 0, "\(done.json)")
        }
    }

    @Test("同步: a destination registered in e-signing is offered as the receiving unit; the school edits the record directly, with its reason")
    func schoolEditAndSuggestion() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await System.school(client)
            let graduateID = try await Self.graduateID(client, admin: admin)
            let registration = try await System.eventually("the roster reached e-signing") {
                let reply = try await System.send(client, .post, "/api/v1/destination-registrations", [
                    "graduateId": graduateID, "category": "80",
                    "fields": ["admittingSchool": "北京大学", "admittedMajor": "计算机科学与技术", "studyLevel": "硕士研究生"],
                ], token: admin)
                return reply.status == .notFound ? nil : reply
            }
            #expect(registration.status == .created, "\(registration.json)")
            let suggested = try await System.eventually("e-signing's destination reached archive") {
                let reply = try await System.send(client, .get, "/api/v1/archive-records/\(graduateID)", token: admin)
                return reply.json["suggestion"] == nil ? nil : reply
            }
            let suggestion = suggested.json["suggestion"] as? [String: Any] ?? [:]
            #expect(suggestion["transferType"] as? String == "04" && suggestion["receivingUnitName"] as? String == "北京大学", "\(suggestion)")
            #expect(suggestion["from"] as? String == "升学学校：北京大学" && suggested.json["status"] as? String == "unregistered")

            let kept: [String: Any] = ["transferType": "05", "retentionDeadline": "\(Self.cohort + 1)-06-30", "migratesHukou": "0"]
            let blank = try await System.send(client, .put, "/api/v1/archive-records/\(graduateID)", ["values": kept, "reason": " "], token: admin)
            #expect(blank.status == .badRequest && blank.error["field"] as? String == "reason", "\(blank.json)")
            let edited = try await System.send(client, .put, "/api/v1/archive-records/\(graduateID)", [
                "values": kept, "reason": "毕业生暂未落实接收单位，档案保留原校",
            ], token: admin)
            #expect(edited.status == .ok && edited.json["status"] as? String == "registered", "\(edited.json)")
            let values = edited.json["values"] as? [String: Any] ?? [:]
            #expect(values["transferType"] as? String == "05" && values["migratesHukou"] as? String == "0" && values["receivingUnitName"] == nil, "\(values)")
            #expect(values["retentionDeadline"] as? String == "\(Self.cohort + 1)-06-30")
            let again = try await System.send(client, .put, "/api/v1/archive-records/\(graduateID)", ["values": kept, "reason": "重复"], token: admin)
            #expect(again.status == .badRequest && again.error["field"] as? String == "values", "\(again.json)")
            let missing = try await System.send(client, .put, "/api/v1/archive-records/nobody", ["values": kept, "reason": "修改"], token: admin)
            #expect(missing.status == .notFound, "\(missing.json)")
        }
    }

    @Test("refusals: 401 without a token, 403 for the wrong kind of account, 400 naming the field (the body's, or the query parameter the caller sent)")
    func refusals() async throws {
        try await InProcessSystem.run { client, _ in
            for (method, uri) in [(HTTPRequest.Method.get, "/api/v1/archive-records"), (.post, "/api/v1/archive-applications"), (.get, "/api/v1/archive-record")] {
                let reply = try await System.send(client, method, uri)
                #expect(reply.status == .unauthorized && reply.error["code"] as? String == "unauthenticated", "\(uri): \(reply.json)")
            }
            let admin = try await System.school(client)
            let graduate = try await Self.graduate(client)

            // Graduates apply; staff list, count and set.
            let staffApplying = try await System.send(client, .post, "/api/v1/archive-applications", ["values": Self.unitValues], token: admin)
            #expect(staffApplying.status == .forbidden, "\(staffApplying.json)")
            #expect((try await System.send(client, .get, "/api/v1/archive-record", token: admin)).status == .forbidden)
            for uri in ["/api/v1/archive-records", "/api/v1/archive-statistics?cohort=\(Self.cohort)", "/api/v1/archive-counters"] {
                let reply = try await System.send(client, .get, uri, token: graduate)
                #expect(reply.status == .forbidden && (reply.error["message"] as? String)?.isEmpty == false, "\(uri): \(reply.json)")
            }
            let graduateSetting = try await System.send(client, .put, "/api/v1/archive-settings", [
                "cohort": Self.cohort, "registrationOpen": true, "reviewMode": "schoolOnly",
            ], token: graduate)
            #expect(graduateSetting.status == .forbidden)

            // Every problem of the values at once, the first field named.
            let empty = try await System.send(client, .post, "/api/v1/archive-applications", ["values": [:]], token: graduate)
            #expect(empty.status == .badRequest && empty.error["field"] as? String == "values.transferType", "\(empty.json)")
            let message = empty.error["message"] as? String ?? ""
            #expect(message.contains("请选择档案转递类型") && message.contains("请选择是否迁移户口"), "\(message)")
            var kept = Self.unitValues
            kept["transferType"] = "05"
            let contradictory = try await System.send(client, .post, "/api/v1/archive-applications", ["values": kept], token: graduate)
            #expect(contradictory.status == .badRequest && contradictory.error["field"] as? String == "values.receivingUnitName", "\(contradictory.json)")
            let unknownCode = try await System.send(client, .post, "/api/v1/archive-applications", ["values": ["transferType": "07"]], token: graduate)
            #expect(unknownCode.status == .badRequest && unknownCode.error["field"] as? String == "values.transferType", "\(unknownCode.json)")
            let noValues = try await System.send(client, .post, "/api/v1/archive-applications", [:], token: graduate)
            #expect(noValues.status == .badRequest && noValues.error["field"] as? String == "values", "\(noValues.json)")
            let mode = try await System.send(client, .put, "/api/v1/archive-settings", [
                "cohort": Self.cohort, "registrationOpen": true, "reviewMode": "both",
            ], token: admin)
            #expect(mode.status == .badRequest && mode.error["field"] as? String == "reviewMode", "\(mode.json)")

            // Query parameters: the contract's checks, and the service's named as the caller sent them.
            let longQuery = String(repeating: "张", count: 51)
            for (uri, field) in [
                ("/api/v1/archive-settings", "cohort"), ("/api/v1/archive-records?status=pending", "status"),
                ("/api/v1/archive-records?transferType=06", "transferType"), ("/api/v1/archive-records?invalid=maybe", "invalid"),
                ("/api/v1/archive-records?educationLevel=99", "educationLevel"),
                ("/api/v1/archive-records?q=\(longQuery.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", "q"),
                ("/api/v1/archive-applications?from=2025-13-01", "from"), ("/api/v1/archive-applications?from=2025-06-02&to=2025-06-01", "to"),
                ("/api/v1/archive-applications?pageToken=xyz", "pageToken"), ("/api/v1/archive-counters?cohort=1999", "cohort"),
            ] {
                let reply = try await System.send(client, .get, uri, token: admin)
                #expect(reply.status == .badRequest && reply.error["field"] as? String == field, "\(uri): \(reply.json)")
            }
            let unknownAction = try await System.send(client, .post, "/api/v1/archive-applications/a1/approve", token: admin)
            #expect(unknownAction.status == .notFound && unknownAction.error["field"] as? String == "action", "\(unknownAction.json)")
            let unknownApplication = try await System.send(client, .post, "/api/v1/archive-applications/a1/school-approve", token: admin)
            #expect(unknownApplication.status == .notFound, "\(unknownApplication.json)")
            #expect((try await System.send(client, .get, "/api/v1/archive-applications/a1", token: graduate)).status == .notFound)
        }
    }
}
