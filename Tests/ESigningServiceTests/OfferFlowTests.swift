import AuthKit
import ESigningDomain
import ESigningService
import GRDB
import GRPCCore
import GraduateDomain
import GraduateProto
import SwiftProtobuf
import Testing
import TransportTestSupport

/// §4.1 over TCP: the employer's offer, the graduate's answer, the reviews, expiry, and the
/// rules around them (one open offer per pair, one effective destination, 定向/委培).
@Suite("Employer offers over TCP")
struct OfferFlowTests {
    static let creditCode = CreditCode.withCheckCharacter("91110108MA01DEMA1")
    static let otherCredit = CreditCode.withCheckCharacter("91310115MA1KDEMA2")

    /// A school with signing open, one approved employer and one graduate.
    static func setUp(_ h: ESigningHarness, reviewMode: String = "schoolOnly") async throws -> String {
        try await h.school()
        try await h.department("dept-cs", "计算机学院", reviewer: "cs-reviewer")
        try await h.approvedEmployer("employer-1", name: "北京示范软件有限公司", creditCode: Self.creditCode)
        let id = try await h.rosterGraduate("grad-1", name: "王伟", index: 1)
        try await h.openSigning(reviewMode: reviewMode)
        return id
    }

    @Test("offer → accept → school approval: effective, numbered once, history and events recorded")
    func happyPath() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h)
            let offer = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            #expect(offer.status == "offered" && offer.statusName == "单位已发起，等待毕业生回应")
            #expect(offer.number.isEmpty)
            #expect(offer.employer.name == "北京示范软件有限公司" && offer.employer.creditCode == Self.creditCode)
            // Until the graduate agrees, the employer sees what it entered and the school's name.
            #expect(offer.graduate.schoolName == "示范大学" && offer.graduate.name == "王伟" && offer.graduate.idNumber == idNumber)
            #expect(offer.graduate.gender.isEmpty && offer.graduate.department.isEmpty && offer.graduate.major.isEmpty)
            #expect(offer.graduate.educationLevel.isEmpty && offer.graduate.mobile.isEmpty && offer.graduate.studentNumber.isEmpty)
            #expect(offer.respondByMs == h.clock.value + 7 * ESigningHarness.day)
            var get = Graduate_Esigning_V1_GetAgreementRequest()
            get.agreementID = offer.id
            let employer = try await h.employer("employer-1")
            let seen = try await h.client.getAgreement(get, metadata: employer)
            #expect(seen.graduate.department.isEmpty && seen.graduate.mobile.isEmpty && seen.graduate.gender.isEmpty)
            var list = Graduate_Esigning_V1_ListAgreementsRequest()
            list.cohort = offer.cohort
            let listed = try await h.client.listAgreements(list, metadata: employer)
            #expect(listed.agreements.allSatisfy { $0.graduate.department.isEmpty && $0.graduate.major.isEmpty })
            // The school sees everything, as always.
            #expect(try await h.client.getAgreement(get, metadata: try await h.schoolAdmin()).graduate.gender == "男")

            let graduate = try await h.graduate("grad-1")
            let accepted = try await h.act(offer.id, "accept", as: graduate)
            #expect(accepted.statusName == "学生已同意签约，等待学校审核")
            // Once agreed, the employer sees the graduate's details.
            let agreed = try await h.client.getAgreement(get, metadata: employer)
            #expect(agreed.graduate.gender == "男" && !agreed.graduate.department.isEmpty)
            let approved = try await h.act(accepted.id, "schoolApprove", as: try await h.schoolAdmin())
            #expect(approved.statusName == "签约审核通过")
            #expect(approved.number == "2025410001000000001")
            #expect(approved.history.map(\.action) == ["create", "accept", "schoolApprove"])
            #expect(approved.history.map(\.actorKind) == ["employer", "graduate", "school"])
            #expect(approved.history.last?.actorName == "张主任")
            // 修改 keeps the number; the employer's name cannot change that way.
            var amend = Graduate_Esigning_V1_ActRequest()
            amend.agreementID = offer.id
            amend.action = "amend"
            amend.withChanges = true
            amend.employer = ESigningHarness.employerParty(creditCode: Self.creditCode)
            amend.job = ESigningHarness.job
            amend.job.monthlySalaryYuan = 16000
            let amended = try await h.client.act(amend, metadata: try await h.schoolAdmin())
            #expect(amended.number == approved.number && amended.job.monthlySalaryYuan == 16000)
            amend.employer.name = "另一家公司"
            #expect(await rpcCode { _ = try await h.client.act(amend, metadata: try await h.schoolAdmin()) } == .invalidArgument)

            let events = try await h.outboxTypes()
            #expect(events.filter { $0 == "signing.destination.effective" }.count == 2)
            #expect(events.contains("reminder.requested"))
        }
    }

    @Test("department then school review; only the 院系's one reviewer reviews; refusals need a reason and change nothing")
    func departmentReview() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h, reviewMode: "departmentThenSchool")
            let offer = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            let accepted = try await h.act(offer.id, "accept", as: try await h.graduate("grad-1"))
            #expect(accepted.statusName == "学生已同意签约，等待院系审核")

            let school = try await h.schoolAdmin()
            #expect(await rpcCode { _ = try await h.act(offer.id, "departmentApprove", as: school) } == .permissionDenied)
            let otherDepartmentAdmin = try await h.staff("cs-other", role: .departmentAdmin, department: "dept-cs")
            #expect(await rpcCode { _ = try await h.act(offer.id, "departmentApprove", as: otherDepartmentAdmin) } == .permissionDenied)
            #expect(await rpcCode { _ = try await h.act(offer.id, "schoolApprove", as: school) } == .failedPrecondition)

            let reviewer = try await h.staff("cs-reviewer", role: .departmentOperator, department: "dept-cs")
            let passed = try await h.act(offer.id, "departmentApprove", as: reviewer)
            #expect(passed.statusName == "学生已同意签约，等待学校审核")
            #expect(await rpcCode { _ = try await h.act(offer.id, "schoolReject", as: school, reason: " ") } == .invalidArgument)
            let unchanged = try await h.client.getAgreement(.with { $0.agreementID = offer.id }, metadata: school)
            #expect(unchanged.status == "acceptedAwaitingSchool" && unchanged.history.count == 3)
            let refused = try await h.act(offer.id, "schoolReject", as: school, reason: "单位信息与营业执照不符")
            #expect(refused.statusName == "签约审核不通过（学校审核不通过）" && refused.lastReason == "单位信息与营业执照不符")
            // That offer is over; the employer may send a new one.
            _ = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
        }
    }

    @Test("refusals: unapproved employer, closed signing, duplicate offer, 定向 graduate, wrong party, other school")
    func refusals() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h)
            try await h.approvedEmployer("employer-2", name: "上海示范公司", creditCode: Self.otherCredit, status: "pending")
            #expect(await rpcCode { _ = try await h.offer(from: "employer-2", to: idNumber, name: "王伟") } == .failedPrecondition)
            #expect(await rpcCode { _ = try await h.offer(from: "employer-1", to: idNumber, name: "王小伟") } == .notFound)
            #expect(await rpcCode { _ = try await h.offer(from: "employer-1", to: idNumber, name: "王伟", days: 8) } == .invalidArgument)

            let offer = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            #expect(await rpcCode { _ = try await h.offer(from: "employer-1", to: idNumber, name: "王伟") } == .alreadyExists)
            // Only the graduate answers; only the employer withdraws; another school sees nothing.
            #expect(await rpcCode { _ = try await h.act(offer.id, "accept", as: try await h.schoolAdmin()) } == .permissionDenied)
            #expect(await rpcCode { _ = try await h.act(offer.id, "withdraw", as: try await h.graduate("grad-1")) } == .permissionDenied)
            #expect(await rpcCode { _ = try await h.act(offer.id, "accept", as: try await h.graduate("grad-2")) } == .notFound)
            #expect(await rpcCode { _ = try await h.act(offer.id, "schoolApprove", as: try await h.schoolAdmin("10002")) } == .notFound)
            #expect(await rpcCode { _ = try await h.act(offer.id, "expire", as: try await h.employer("employer-1")) } == .invalidArgument)
            let withdrawn = try await h.act(offer.id, "withdraw", as: try await h.employer("employer-1"))
            #expect(withdrawn.statusName == "单位已撤回")
            #expect(await rpcCode { _ = try await h.act(offer.id, "accept", as: try await h.graduate("grad-1")) } == .failedPrecondition)

            // 定向/委培 graduates cannot receive offers.
            let bound = try await h.rosterGraduate("grad-3", name: "李娜", index: 3, trainingMode: "2")
            #expect(await rpcCode { _ = try await h.offer(from: "employer-1", to: bound, name: "李娜") } == .failedPrecondition)

            // Signing closed for another school.
            try await h.school("10002", name: "第二大学")
            let elsewhere = try await h.rosterGraduate("grad-4", name: "赵敏", index: 4, school: "10002")
            #expect(await rpcCode { _ = try await h.offer(from: "employer-1", to: elsewhere, name: "赵敏") } == .failedPrecondition)
        }
    }

    @Test("one effective destination: a second offer cannot be accepted, and cannot be approved around the rule")
    func oneEffectiveDestination() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h)
            try await h.approvedEmployer("employer-2", name: "上海示范金融信息服务有限公司", creditCode: Self.otherCredit)
            let first = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            let second = try await h.offer(from: "employer-2", to: idNumber, name: "王伟")
            let graduate = try await h.graduate("grad-1")
            _ = try await h.act(first.id, "accept", as: graduate)
            // While the first is under review, the second cannot be accepted either.
            #expect(await rpcCode { _ = try await h.act(second.id, "accept", as: graduate) } == .failedPrecondition)
            _ = try await h.act(first.id, "schoolApprove", as: try await h.schoolAdmin())
            #expect(await rpcCode { _ = try await h.act(second.id, "accept", as: graduate) } == .failedPrecondition)
            // After 作废, the graduate is free again.
            #expect(await rpcCode { _ = try await h.act(first.id, "void", as: try await h.schoolAdmin()) } == .invalidArgument)
            let voided = try await h.act(first.id, "void", as: try await h.schoolAdmin(), reason: "三方协商一致解除")
            #expect(voided.statusName == "学校已作废" && voided.number == "2025410001000000001")
            let accepted = try await h.act(second.id, "accept", as: graduate)
            let approved = try await h.act(accepted.id, "schoolApprove", as: try await h.schoolAdmin())
            #expect(approved.number == "2025410001000000002")
            #expect(try await h.outboxTypes().contains("signing.destination.ended"))
        }
    }

    @Test("a retried step with the same idempotency key acts once and answers the same; the key cannot be reused for another step")
    func idempotentSteps() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h)
            let offer = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            var metadata = try await h.graduate("grad-1")
            metadata.addString("click-1", forKey: "idempotency-key")
            var accept = Graduate_Esigning_V1_ActRequest()
            accept.agreementID = offer.id
            accept.action = "accept"
            let first = try await h.client.act(accept, metadata: metadata)
            let retried = try await h.client.act(accept, metadata: metadata)
            #expect(first == retried)
            #expect(retried.history.count == 2)
            var refuse = accept
            refuse.action = "refuse"
            #expect(await rpcCode { _ = try await h.client.act(refuse, metadata: metadata) } == .failedPrecondition)
            let stored = try await h.client.getAgreement(.with { $0.agreementID = offer.id }, metadata: try await h.graduate("grad-1"))
            #expect(stored.history.count == 2 && stored.status == "acceptedAwaitingSchool")
        }
    }

    @Test("concurrent steps, each with its own idempotency key, all act once (they share commits)")
    func concurrentKeyedSteps() async throws {
        try await ESigningHarness.run { h in
            _ = try await Self.setUp(h)
            var offers: [(String, String)] = []
            for index in 10..<30 {
                let idNumber = try await h.rosterGraduate("grad-\(index)", name: "学生\(index)", index: index)
                offers.append((try await h.offer(from: "employer-1", to: idNumber, name: "学生\(index)").id, "grad-\(index)"))
            }
            let statuses = try await withThrowingTaskGroup(of: String.self) { group in
                for (id, graduate) in offers {
                    group.addTask {
                        var metadata = try await h.graduate(graduate)
                        metadata.addString("accept-\(id)", forKey: "idempotency-key")
                        var accept = Graduate_Esigning_V1_ActRequest()
                        accept.agreementID = id
                        accept.action = "accept"
                        return try await h.client.act(accept, metadata: metadata).status
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: "acceptedAwaitingSchool", count: 20))
        }
    }

    @Test("a graduate removed from the roster: every record becomes 失效 and frozen; back on the roster, they return")
    func invalidRecords() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h)
            try await h.approvedEmployer("employer-2", name: "上海示范金融信息服务有限公司", creditCode: Self.otherCredit)
            let open = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            let refused = try await h.offer(from: "employer-2", to: idNumber, name: "王伟")
            _ = try await h.act(refused.id, "refuse", as: try await h.graduate("grad-1"))
            try await h.rosterGraduate("grad-1", name: "王伟", index: 1, type: "roster.graduate.removed")
            let school = try await h.schoolAdmin()
            let frozen = try await h.client.getAgreement(.with { $0.agreementID = open.id }, metadata: school)
            #expect(frozen.invalidatedAtMs != 0 && frozen.invalidReason == "毕业生已从学生名单中移除")
            // A finished record (refused) is listed too (§4.7: the records of removed graduates).
            let closed = try await h.client.getAgreement(.with { $0.agreementID = refused.id }, metadata: school)
            #expect(closed.invalidatedAtMs != 0 && closed.status == "refusedByGraduate")
            #expect(await rpcCode { _ = try await h.act(open.id, "withdraw", as: try await h.employer("employer-1")) } == .failedPrecondition)
            // Frozen offers do not expire either.
            h.clock.advance(days: 8)
            #expect(try await h.service.expireDueOffers() == 0)
            try await h.rosterGraduate("grad-1", name: "王伟", index: 1, type: "roster.graduate.added")
            let back = try await h.client.getAgreement(.with { $0.agreementID = open.id }, metadata: school)
            #expect(back.invalidatedAtMs == 0 && back.status == "offered")
            #expect(try await h.service.expireDueOffers() == 1)
        }
    }

    @Test("a graduate is reminded once when an offer has less than a day left")
    func expiringReminder() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h)
            _ = try await h.offer(from: "employer-1", to: idNumber, name: "王伟", days: 2)
            try await h.service.remindExpiringOffers()
            let before = try await h.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_event WHERE type = 'reminder.requested'") ?? 0
            }
            h.clock.advance(days: 1)
            try await h.service.remindExpiringOffers()
            try await h.service.remindExpiringOffers()
            let after = try await h.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_event WHERE type = 'reminder.requested'") ?? 0
            }
            #expect(after == before + 1)
        }
    }

    @Test("offers expire at their deadline, in the database; a late answer is refused; a new offer may follow")
    func expiry() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h)
            let offer = try await h.offer(from: "employer-1", to: idNumber, name: "王伟", days: 1)
            #expect(try await h.service.expireDueOffers() == 0)
            h.clock.advance(days: 2)
            // Before the job runs, the deadline already holds.
            #expect(await rpcCode { _ = try await h.act(offer.id, "accept", as: try await h.graduate("grad-1")) } == .failedPrecondition)
            #expect(try await h.service.expireDueOffers() == 1)
            #expect(try await h.service.expireDueOffers() == 0)
            let expired = try await h.client.getAgreement(.with { $0.agreementID = offer.id }, metadata: try await h.employer("employer-1"))
            #expect(expired.statusName == "签约逾期未回应，签约失败")
            #expect(expired.history.last?.actorKind == "system")
            _ = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
        }
    }

    @Test("lists and counters follow the caller's scope")
    func listsAndCounters() async throws {
        try await ESigningHarness.run { h in
            let idNumber = try await Self.setUp(h)
            try await h.department("dept-fl", "外国语学院")
            let other = try await h.rosterGraduate("grad-5", name: "陈静", index: 5, department: "外国语学院")
            let a = try await h.offer(from: "employer-1", to: idNumber, name: "王伟")
            let b = try await h.offer(from: "employer-1", to: other, name: "陈静")
            _ = try await h.act(a.id, "accept", as: try await h.graduate("grad-1"))
            _ = try await h.act(b.id, "accept", as: try await h.graduate("grad-5"))

            let all = try await h.client.listAgreements(.with { $0.cohort = 2025 }, metadata: try await h.schoolAdmin())
            #expect(all.total == 2)
            let found = try await h.client.listAgreements(.with { $0.query = "陈" }, metadata: try await h.schoolAdmin())
            #expect(found.agreements.map(\.graduate.name) == ["陈静"])
            let csOnly = try await h.client.listAgreements(.init(), metadata: try await h.staff("cs-reviewer", role: .departmentOperator, department: "dept-cs"))
            #expect(csOnly.agreements.map(\.graduate.department) == ["计算机学院"])
            let mine = try await h.client.listAgreements(.init(), metadata: try await h.graduate("grad-5"))
            #expect(mine.agreements.map(\.id) == [b.id])
            let counters = try await h.client.getCounters(.with { $0.cohort = 2025 }, metadata: try await h.schoolAdmin())
            #expect(counters.pendingTotal == 2)
            #expect(counters.counts.first { $0.status == "acceptedAwaitingSchool" }?.count == 2)
            // 仅学校审核: a 院系 account has no reviews, so its counters are the school's stage
            // for its own 院系 (one of the two), not 待院系审核 tiles that stay at 0.
            let department = try await h.client.getCounters(
                .with { $0.cohort = 2025 }, metadata: try await h.staff("cs-reviewer", role: .departmentOperator, department: "dept-cs")
            )
            #expect(department.pendingTotal == 1)
            #expect(department.labelled.filter { $0.count > 0 }.map(\.label) == ["在线签约管理待审核总数", "学生已同意签约 等待学校审核"])
            // 学生名单's 业务 tags: one page's graduates at a time; those without business are left out.
            let business = try await h.client.getGraduateBusiness(.with { $0.graduateIds = ["grad-5", "grad-1", "grad-none"] }, metadata: try await h.schoolAdmin())
            #expect(business.graduates.map { "\($0.graduateID) \($0.tags)" } == ["grad-1 [\"在线签约\"]", "grad-5 [\"在线签约\"]"])
            #expect(await rpcCode {
                _ = try await h.client.getGraduateBusiness(.with { $0.graduateIds = (0...200).map { "g\($0)" } }, metadata: try await h.schoolAdmin())
            } == .invalidArgument)
            #expect(await rpcCode { _ = try await h.client.getGraduateBusiness(.with { $0.graduateIds = ["grad-1"] }, metadata: try await h.graduate("grad-1")) } == .permissionDenied)
            let archivist = try await h.staff("archivist-tags", role: .schoolOperator, modules: ["archive"])
            #expect(try await h.client.getGraduateBusiness(.with { $0.graduateIds = ["grad-1"] }, metadata: archivist).graduates.isEmpty)
            #expect(await rpcCode { _ = try await h.client.listAgreements(.with { $0.statuses = ["nonsense"] }, metadata: try await h.schoolAdmin()) } == .invalidArgument)
            #expect(await rpcCode { _ = try await h.client.getCounters(.init(), metadata: try await h.graduate("grad-1")) } == .permissionDenied)
            let noModule = try await h.staff("archivist", role: .schoolOperator, modules: ["archive"])
            #expect(await rpcCode { _ = try await h.client.listAgreements(.init(), metadata: noModule) } == .permissionDenied)
        }
    }
}
