import Foundation
import Testing
import TransportTestSupport

extension SigningWorld {
    /// A scan uploaded by `token` (a PNG that differs by `variant`); its SHA-256.
    func upload(_ token: String, variant: UInt8 = 0) async throws -> String {
        let png = ScanFixture.png(variant: variant)
        var form = MultipartBody()
        form.file("file", fileName: "证明.png", contentType: "image/png", png)
        let uploaded = try await self.http.send("POST", "/api/v1/attachments", raw: form.finished(), contentType: form.contentType, token: token)
        precondition(uploaded.status == 201, uploaded.text)
        return uploaded.json["sha256"] as! String
    }

    /// An effective agreement from employer 0's offer to graduate `index`, approved by the school.
    func effectiveAgreement(_ index: Int, graduate: String) async throws -> String {
        let offer = try await self.sendOffer(SigningWorld.offer(index))
        let id = offer["id"] as! String
        let accepted = try await self.act(id, "accept", token: graduate)
        precondition(accepted.status == 200, accepted.text)
        let approved = try await self.act(id, "school-approve", token: self.admin)
        precondition(approved.json["statusName"] as? String == "签约审核通过", approved.text)
        return id
    }

    func terminate(_ agreementID: String, _ body: [String: Any], token: String) async throws -> HTTPClient.Reply {
        try await self.http.send("POST", "/api/v1/agreements/\(agreementID)/terminations", json: body, token: token)
    }

    func termination(_ id: String, _ action: String, _ body: [String: Any]? = nil, token: String) async throws -> HTTPClient.Reply {
        try await self.http.send(
            "POST", "/api/v1/terminations/\(id)/\(action)", json: body, token: token, headers: ["Idempotency-Key": UUID().uuidString]
        )
    }

    func registration(_ id: String, _ action: String, _ body: [String: Any]? = nil, token: String) async throws -> HTTPClient.Reply {
        try await self.http.send("POST", "/api/v1/destination-registrations/\(id)/\(action)", json: body, token: token)
    }

    func agreementStatus(_ id: String) async throws -> String? {
        try await self.http.send("GET", "/api/v1/agreements/\(id)", token: self.admin).json["statusName"] as? String
    }
}

/// DOMAIN.md §4.4–§4.8 and §8 through HTTP on accounts + esigning + gateway as real processes.
@Suite("Terminations, destinations, 失效, 预警 and 数据统计 over HTTP", .serialized)
struct DestinationHTTPTests {
    static var furtherStudy: [String: Any] { [
        "category": "80", "fields": ["admittingSchool": "清华大学", "admittedMajor": "软件工程", "studyLevel": "硕士研究生"],
    ] }

    @Test("§4.4: refused by the employer and refused in review leave the agreement effective; approval ends it; 强制解约")
    func onlineTerminations() async throws {
        let world = try await SigningWorld.start()
        do {
            let http = world.http
            let graduate = try await world.graduate(0)
            let employer = world.employers[0]
            let agreement = try await world.effectiveAgreement(0, graduate: graduate)

            let noReason = try await world.terminate(agreement, ["reason": ""], token: graduate)
            #expect(noReason.status == 400 && noReason.errorField == "reason")
            let applied = try await world.terminate(agreement, ["reason": "考取公务员"], token: graduate)
            #expect(applied.status == 201 && applied.json["statusName"] as? String == "毕业生申请解约，等待单位确认")
            let termination = try #require(applied.json["id"] as? String)
            #expect((try await http.send("GET", "/api/v1/agreements/\(agreement)", token: graduate)).json["openTerminationId"] as? String == termination)
            #expect(try await world.terminate(agreement, ["reason": "再次申请"], token: graduate).status == 409)
            #expect(try await world.termination(termination, "agree", token: graduate).status == 403)
            #expect(try await world.termination(termination, "nonsense", token: employer).status == 404)
            let refused = try await world.termination(termination, "disagree", ["reason": "服务期未满"], token: employer)
            #expect(refused.json["statusName"] as? String == "对方不同意解约")
            #expect(try await world.agreementStatus(agreement) == "签约审核通过")

            // Again: the employer agrees, the school refuses — still effective.
            let second = try await world.terminate(agreement, ["reason": "考取公务员"], token: graduate).json["id"] as! String
            #expect(try await world.termination(second, "agree", token: employer).json["statusName"] as? String == "解约审核中，等待学校审核")
            let counters = try await http.send("GET", "/api/v1/signing-counters", token: world.admin)
            let labelled = counters.json["labelled"] as? [[String: Any]] ?? []
            #expect(labelled.contains { $0["label"] as? String == "解约审核中 等待学校审核" && $0["count"] as? Int == 1 })
            let rejected = try await world.termination(second, "school-reject", ["reason": "未提供录用通知"], token: world.admin)
            #expect(rejected.json["statusName"] as? String == "解约审核不通过" && rejected.json["lastReason"] as? String == "未提供录用通知")
            #expect(try await world.agreementStatus(agreement) == "签约审核通过")

            // Third time: approved → 已解约.
            let third = try await world.terminate(agreement, ["reason": "考取公务员"], token: graduate).json["id"] as! String
            _ = try await world.termination(third, "agree", token: employer)
            let approved = try await world.termination(third, "school-approve", token: world.admin)
            #expect(approved.json["statusName"] as? String == "解约审核通过")
            #expect(try await world.agreementStatus(agreement) == "已解约")
            let list = try await http.send("GET", "/api/v1/terminations?status=approved,rejected", token: world.admin)
            #expect(list.json["total"] as? Int == 2)
            let export = try await http.send("GET", "/api/v1/terminations?format=xlsx", token: world.admin)
            #expect(export.status == 200 && export.body.starts(with: Data([0x50, 0x4B])))

            // 强制解约 of another graduate's agreement: reason and proof required, school only.
            let other = try await world.graduate(2)
            let forcedAgreement = try await world.effectiveAgreement(2, graduate: other)
            let proof = try await world.upload(world.admin)
            let withoutReason = try await http.send(
                "POST", "/api/v1/agreements/\(forcedAgreement)/forced-termination", json: ["attachmentSha256": proof], token: world.admin
            )
            #expect(withoutReason.status == 400 && withoutReason.errorField == "reason")
            let byReviewer = try await http.send(
                "POST", "/api/v1/agreements/\(forcedAgreement)/forced-termination", json: ["reason": "x", "attachmentSha256": proof],
                token: world.reviewers[SigningWorld.computing]!
            )
            #expect(byReviewer.status == 403)
            let forced = try await http.send(
                "POST", "/api/v1/agreements/\(forcedAgreement)/forced-termination",
                json: ["reason": "单位已注销，无法联系", "attachmentSha256": proof], token: world.admin
            )
            #expect(forced.status == 201 && forced.json["statusName"] as? String == "学校已强制解约")
            let proofLink = (forced.json["attachments"] as? [[String: Any]])?.first?["sha256"] as? String
            #expect(proofLink == proof)
            let download = try await http.send("GET", "/api/v1/terminations/\(forced.json["id"] as! String)/attachments/\(proof)", token: other)
            #expect(download.status == 200)
            #expect(try await world.agreementStatus(forcedAgreement) == "已解约")
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    @Test("§4.5 offline termination of a 补登 agreement; §4.6 registration, one effective destination, 作废 application")
    func offlineAndRegistrations() async throws {
        let world = try await SigningWorld.start(reviewMode: "departmentThenSchool")
        do {
            let http = world.http
            let graduate = try await world.graduate(0)
            let reviewer = world.reviewers[SigningWorld.computing]!
            let scan = try await world.upload(graduate)
            let back = try await eventually("补登 accepted") {
                let reply = try await http.send("POST", "/api/v1/back-registrations", json: [
                    "employer": SigningWorld.employerParty(), "job": SigningWorld.job, "attachmentSha256": scan,
                ], token: graduate)
                return reply.status == 201 ? reply : nil
            }
            let agreement = back.json["id"] as! String
            _ = try await world.act(agreement, "department-approve", token: reviewer)
            #expect(try await world.act(agreement, "school-approve", token: world.admin).json["statusName"] as? String == "补登审核通过")

            // A second destination while one is effective is refused.
            let proof = try await world.upload(graduate, variant: 1)
            var study = Self.furtherStudy
            study["attachmentSha256"] = proof
            let refused = try await http.send("POST", "/api/v1/destination-registrations", json: study, token: graduate)
            #expect(refused.status == 409 && (refused.error["message"] as? String)?.contains("已有生效的毕业去向") == true)

            let noLetter = try await world.terminate(agreement, ["reason": "改为读研"], token: graduate)
            #expect(noLetter.status == 400 && noLetter.errorField == "attachmentSha256")
            let letter = try await world.upload(graduate, variant: 2)
            let applied = try await world.terminate(agreement, ["reason": "改为读研", "attachmentSha256": letter], token: graduate)
            #expect(applied.json["statusName"] as? String == "线下解约审核中，等待院系审核" && applied.json["kind"] as? String == "offline")
            let termination = applied.json["id"] as! String
            #expect(try await world.termination(termination, "department-reject", ["reason": "解约函无单位公章"], token: reviewer).json["statusName"] as? String == "解约审核不通过")
            let fixed = try await world.upload(graduate, variant: 3)
            #expect(try await world.termination(termination, "resubmit", ["attachmentSha256": fixed], token: graduate).json["statusName"] as? String == "线下解约审核中，等待院系审核")
            _ = try await world.termination(termination, "department-approve", token: reviewer)
            #expect(try await world.termination(termination, "school-approve", token: world.admin).json["statusName"] as? String == "解约审核通过")
            #expect(try await world.agreementStatus(agreement) == "已解约")

            // Now the registration: fields checked, refused, corrected, approved; then voided on request.
            var missing = study
            missing["fields"] = ["admittingSchool": "清华大学", "studyLevel": "硕士研究生"]
            let bad = try await http.send("POST", "/api/v1/destination-registrations", json: missing, token: graduate)
            #expect(bad.status == 400 && bad.errorField == "fields.admittedMajor")
            let registered = try await http.send("POST", "/api/v1/destination-registrations", json: study, token: graduate)
            #expect(registered.status == 201 && registered.json["statusName"] as? String == "去向登记审核中，等待院系审核")
            let id = registered.json["id"] as! String
            #expect(try await world.registration(id, "department-reject", ["reason": "请上传录取通知书原件扫描件"], token: reviewer).json["statusName"] as? String == "去向登记审核不通过")
            let resubmitted = try await world.registration(id, "resubmit", ["category": "80", "fields": study["fields"]!], token: graduate)
            #expect(resubmitted.json["statusName"] as? String == "去向登记审核中，等待院系审核")
            _ = try await world.registration(id, "department-approve", token: reviewer)
            let approved = try await world.registration(id, "school-approve", token: world.admin)
            #expect(approved.json["statusName"] as? String == "去向登记审核通过" && approved.json["categoryName"] as? String == "升学")
            let second = try await http.send("POST", "/api/v1/destination-registrations", json: [
                "category": "70", "fields": [String: String](),
            ], token: graduate)
            #expect(second.status == 409)
            let voidRequest = try await world.registration(id, "request-void", ["reason": "放弃读研"], token: graduate)
            #expect(voidRequest.json["statusName"] as? String == "原有毕业去向作废申请，等待院系审核")
            _ = try await world.registration(id, "department-approve", token: reviewer)
            #expect(try await world.registration(id, "school-approve", token: world.admin).json["statusName"] as? String == "学校已作废")
            let list = try await http.send("GET", "/api/v1/destination-registrations?category=80", token: world.admin)
            #expect(list.json["total"] as? Int == 1)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    @Test("院系 refusal of a termination; the school's 代为登记, 修改 and 作废; a graduate withdraws a registration")
    func departmentAndSchoolSteps() async throws {
        let world = try await SigningWorld.start(reviewMode: "departmentThenSchool")
        do {
            let http = world.http
            let reviewer = world.reviewers[SigningWorld.computing]!
            let graduate = try await world.graduate(0)
            let offer = try await world.sendOffer(SigningWorld.offer(0))
            let agreement = offer["id"] as! String
            _ = try await world.act(agreement, "accept", token: graduate)
            _ = try await world.act(agreement, "department-approve", token: reviewer)
            #expect(try await world.act(agreement, "school-approve", token: world.admin).json["statusName"] as? String == "签约审核通过")
            let applied = try await world.terminate(agreement, ["reason": "岗位取消"], token: world.employers[0]).json["id"] as! String
            #expect(try await world.termination(applied, "agree", token: graduate).json["statusName"] as? String == "解约审核中，等待院系审核")
            let otherReviewer = world.reviewers[SigningWorld.languages]!
            #expect(try await world.termination(applied, "department-reject", ["reason": "x"], token: otherReviewer).status == 404)
            let refused = try await world.termination(applied, "department-reject", ["reason": "请补充单位说明"], token: reviewer)
            #expect(refused.json["statusName"] as? String == "解约审核不通过")
            #expect(try await world.agreementStatus(agreement) == "签约审核通过")

            // Graduate 2 registers and withdraws; the school registers for graduate 4, corrects and voids it.
            let other = try await world.graduate(2)
            let registered = try await http.send("POST", "/api/v1/destination-registrations", json: [
                "category": "72", "fields": ["remark": "准备考研"],
            ], token: other)
            #expect(registered.status == 201)
            let id = registered.json["id"] as! String
            #expect(try await world.registration(id, "withdraw", token: other).json["statusName"] as? String == "毕业生已撤回")
            let listed = try await http.send("GET", "/api/v1/graduates?q=\(DemoRoster.idNumber(4))", token: world.admin)
            let graduateID = try #require(listed.items.first?["id"] as? String)
            let byReviewer = try await http.send("POST", "/api/v1/destination-registrations", json: [
                "graduateId": graduateID, "category": "46", "fields": ["enlistmentRegion": "110105"],
            ], token: reviewer)
            #expect(byReviewer.status == 403)
            let bySchool = try await http.send("POST", "/api/v1/destination-registrations", json: [
                "graduateId": graduateID, "category": "46", "fields": ["enlistmentRegion": "110105"],
            ], token: world.admin)
            #expect(bySchool.status == 201 && bySchool.json["statusName"] as? String == "去向登记审核通过")
            #expect(bySchool.json["registeredBy"] as? String == "school")
            let schoolID = bySchool.json["id"] as! String
            let badRegion = try await world.registration(schoolID, "amend", ["category": "46", "fields": ["enlistmentRegion": "990000"]], token: world.admin)
            #expect(badRegion.status == 400 && badRegion.errorField == "fields.enlistmentRegion")
            let amended = try await world.registration(schoolID, "amend", ["category": "46", "fields": ["enlistmentRegion": "310104"]], token: world.admin)
            #expect((amended.json["fields"] as? [String: String])?["enlistmentRegion"] == "310104")
            #expect(try await world.registration(schoolID, "void", token: world.admin).status == 400)
            #expect(try await world.registration(schoolID, "void", ["reason": "体检未通过，未入伍"], token: world.admin).json["statusName"] as? String == "学校已作废")
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    @Test("removal and re-upload of a graduate: 失效信息管理; 预警单位 on offers; 数据统计 equals the lists")
    func oversight() async throws {
        let world = try await SigningWorld.start()
        do {
            let http = world.http
            let graduate = try await world.graduate(0)
            let agreement = try await world.effectiveAgreement(0, graduate: graduate)
            let listed = try await http.send("GET", "/api/v1/graduates?q=\(DemoRoster.idNumber(0))", token: world.admin)
            let graduateID = try #require(listed.items.first?["id"] as? String)
            let removed = try await http.send("POST", "/api/v1/graduates/\(graduateID)/remove", json: ["reason": "退学"], token: world.admin)
            #expect(removed.status == 200)
            let invalid = try await eventually("失效 record listed") {
                let reply = try await http.send("GET", "/api/v1/invalid-records", token: world.admin)
                return reply.json["total"] as? Int == 1 ? reply : nil
            }
            #expect(invalid.items.first?["kindName"] as? String == "签约" && invalid.items.first?["id"] as? String == agreement)
            #expect(invalid.items.first?["invalidReason"] as? String == "毕业生已从学生名单中移除：退学")
            #expect(try await http.send("GET", "/api/v1/agreements", token: world.admin).json["total"] as? Int == 0)
            let readded = try await http.send("POST", "/api/v1/graduates/imports?createDepartments=true", raw: DemoRoster.csv(count: 1), contentType: "text/csv", token: world.admin)
            #expect(readded.status == 200, "\(readded.text)")
            _ = try await eventually("失效 record restored") {
                let reply = try await http.send("GET", "/api/v1/invalid-records", token: world.admin)
                return reply.json["total"] as? Int == 0 ? reply : nil
            }
            #expect(try await world.agreementStatus(agreement) == "签约审核通过")
            // 学生名单's 业务 tags come from e-signing: the restored agreement is 在线签约 again, not 失效.
            let tagged = try await http.send("GET", "/api/v1/graduates?q=\(DemoRoster.idNumber(0))", token: world.admin)
            #expect(tagged.items.first?["business"] as? [String] == ["在线签约"])
            let untagged = try await http.send("GET", "/api/v1/graduates?q=\(DemoRoster.idNumber(1))", token: world.admin)
            #expect(untagged.items.first?["business"] as? [String] == [])
            // The import preview names the signing business of a graduate whose 姓名 changes and
            // of those a replace would remove, for the school to confirm.
            let renamed = Data(String(decoding: DemoRoster.csv(count: 1), as: UTF8.self).replacingOccurrences(of: ",学生0,", with: ",学生零,").utf8)
            let preview = try await http.send("POST", "/api/v1/graduates/import-previews?mode=replace", raw: renamed, contentType: "text/csv", token: world.admin)
            #expect(preview.status == 200 && preview.json["identityChangeCount"] as? Int == 1, "\(preview.text)")
            let changedEntry = (preview.json["changed"] as? [[String: Any]])?.first
            #expect(changedEntry?["identityChanged"] as? Bool == true && changedEntry?["business"] as? [String] == ["在线签约"])
            let removedEntries = preview.json["removed"] as? [[String: Any]] ?? []
            #expect(!removedEntries.isEmpty && removedEntries.allSatisfy { $0["business"] is [String] })

            // 预警单位: a field error, then the graduate sees the warning on an offer from that employer.
            let badCode = try await http.send("POST", "/api/v1/warning-employers", json: [
                "creditCode": "123", "employerName": "深圳示范制造有限公司", "reason": "虚假宣传",
            ], token: world.admin)
            #expect(badCode.status == 400 && badCode.errorField == "creditCode")
            let warned = try await http.send("POST", "/api/v1/warning-employers", json: [
                "creditCode": testCreditCode("91440300MA5F00020"), "employerName": "深圳示范制造有限公司", "reason": "虚假宣传",
            ], token: world.admin)
            #expect(warned.status == 201 && warned.json["listedBySchool"] as? Bool == true)
            let other = try await world.graduate(1)
            let offer = try await world.sendOffer(SigningWorld.offer(1))
            let seen = try await http.send("GET", "/api/v1/agreements/\(offer["id"] as! String)", token: other)
            #expect((seen.json["warning"] as? [String: Any])?["reason"] as? String == "虚假宣传")
            let warnings = try await http.send("GET", "/api/v1/warning-employers", token: world.admin)
            #expect(warnings.json["total"] as? Int == 1)
            #expect(try await http.send("DELETE", "/api/v1/warning-employers/\(testCreditCode("91440300MA5F00020"))", token: world.admin).status == 200)

            // 数据统计: each cell is the total of its list.
            let statistics = try await http.send("GET", "/api/v1/signing-statistics?cohort=\(DemoRoster.cohort)", token: world.admin)
            #expect(statistics.status == 200)
            let columns = statistics.json["columns"] as? [[String: Any]] ?? []
            let total = statistics.json["total"] as? [String: Any] ?? [:]
            #expect(total["total"] as? Int == 8 && total["placementRate"] as? String == "12.50%")
            let counts = total["counts"] as? [Int] ?? []
            #expect(columns.count == 12 && counts.count == 12)
            for (position, column) in columns.enumerated() {
                let statuses = (column["statuses"] as? [String] ?? []).joined(separator: ",")
                let flows = (column["flows"] as? [String] ?? []).joined(separator: ",")
                let path = switch column["source"] as? String {
                case "agreements": "/api/v1/agreements?cohort=\(DemoRoster.cohort)&flows=\(flows)&status=\(statuses)"
                case "terminations": "/api/v1/terminations?cohort=\(DemoRoster.cohort)&status=\(statuses)"
                default: "/api/v1/destination-registrations?cohort=\(DemoRoster.cohort)&status=\(statuses)"
                }
                let listedTotal = try await http.send("GET", path, token: world.admin).json["total"] as? Int
                #expect(listedTotal == counts[position], "\(column["name"] ?? "")")
            }
            #expect(total["label"] as? String == "总计" && total["department"] == nil)
            let line = statistics.json["placedByDay"] as? [[String: Any]] ?? []
            #expect(line.last?["cumulative"] as? Int == total["placed"] as? Int && statistics.json["groupBy"] as? String == "department")
            // By 学历 and by 专业: the same 总计; each row names the filters of its lists.
            for grouping in ["educationLevel", "major"] {
                let grouped = try await http.send("GET", "/api/v1/signing-statistics?cohort=\(DemoRoster.cohort)&groupBy=\(grouping)", token: world.admin)
                let rows = grouped.json["rows"] as? [[String: Any]] ?? []
                #expect(grouped.status == 200 && grouped.json["groupBy"] as? String == grouping)
                #expect((grouped.json["total"] as? [String: Any])?["counts"] as? [Int] == counts)
                #expect(!rows.isEmpty && rows.allSatisfy { $0[grouping] is String && $0["label"] is String })
            }
            let badGrouping = try await http.send("GET", "/api/v1/signing-statistics?cohort=\(DemoRoster.cohort)&groupBy=gender", token: world.admin)
            #expect(badGrouping.status == 400 && badGrouping.errorField == "groupBy")
            let missingCohort = try await http.send("GET", "/api/v1/signing-statistics", token: world.admin)
            #expect(missingCohort.status == 400 && missingCohort.errorField == "cohort")
            let export = try await http.send("GET", "/api/v1/signing-statistics?cohort=\(DemoRoster.cohort)&format=xlsx", token: world.admin)
            #expect(export.status == 200 && export.body.starts(with: Data([0x50, 0x4B])))
            #expect(try await http.send("GET", "/api/v1/signing-statistics?cohort=\(DemoRoster.cohort)", token: graduate).status == 403)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }
}
