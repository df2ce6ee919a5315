import ArchiveService
import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import StorageKit
import SwiftProtobuf
import Testing

/// 档案/户口信息管理 (DOMAIN.md §5) against the service over TCP on a temporary database.
@Suite("Archive service over TCP")
struct ArchiveServiceTests {
    static func message(_ error: any Error) -> String { (error as? RPCError)?.message ?? "\(error)" }

    @Test("an effective destination is offered as the default receiving unit; the graduate applies, the school approves: 已登记, with the event")
    func applyAndApprove() async throws {
        try await ArchiveHarness.run { harness in
            try await harness.school()
            try await harness.department("d1", "计算机学院")
            try await harness.rosterGraduate("g1", name: "王小明")
            try await harness.settings()
            let me = try await harness.graduate("g1")
            var record = try await harness.client.getMyArchiveRecord(.init(), metadata: me)
            #expect(record.status == "unregistered" && record.statusName == "未登记")
            #expect(!record.hasSuggested)

            try await harness.destination("g1", employer: "上海示范科技有限公司")
            record = try await harness.client.getMyArchiveRecord(.init(), metadata: me)
            #expect(record.suggested.transferType == "01" && record.suggested.receivingUnitName == "上海示范科技有限公司")
            #expect(record.suggested.receivingUnitRegion == "310115")
            #expect(record.suggestedFrom == "签约单位：上海示范科技有限公司")

            let application = try await harness.submit("g1")
            #expect(application.status == "awaitingSchool" && application.reviewMode == "schoolOnly")
            #expect(application.changes.map(\.label).contains("档案转递类型"))
            record = try await harness.client.getMyArchiveRecord(.init(), metadata: me)
            #expect(record.statusName == "审核中")

            let approved = try await harness.act(application.id, "schoolApprove", as: try await harness.schoolAdmin())
            #expect(approved.statusName == "审核通过")
            #expect(approved.history.map(\.actionName) == ["提交申请", "学校审核通过"])
            record = try await harness.client.getMyArchiveRecord(.init(), metadata: me)
            #expect(record.statusName == "已登记" && record.values.receivingUnitName == "上海示范科技有限公司")
            #expect(record.shown.first { $0.field == "receivingUnitRegion" }?.newValue == "上海市浦东新区")
            let events = try await harness.pool.read { db in
                try String.fetchAll(db, sql: "SELECT type FROM outbox_event WHERE type LIKE 'archive.%'")
            }
            #expect(events == ["archive.record.registered"])
        }
    }

    @Test("院系审核+学校审核: only the 院系's reviewer passes it on; 不通过 needs a reason, the graduate edits and resubmits; a change under review leaves the old values in force")
    func twoStepReviewAndResubmit() async throws {
        try await ArchiveHarness.run { harness in
            try await harness.school()
            try await harness.department("d1", "计算机学院", reviewer: "reviewer-1")
            try await harness.rosterGraduate("g1", name: "王小明")
            try await harness.settings(mode: "departmentThenSchool")
            let application = try await harness.submit("g1")
            #expect(application.status == "awaitingDepartment")

            let other = try await harness.staff("other", role: .departmentOperator, department: "d1")
            await #expect { _ = try await harness.act(application.id, "departmentApprove", as: other) } throws: {
                Self.message($0) == "您不是本院系“档案/户口信息管理”的审核人"
            }
            let reviewer = try await harness.staff("reviewer-1", role: .departmentOperator, department: "d1")
            await #expect { _ = try await harness.act(application.id, "departmentReject", as: reviewer) } throws: {
                Self.message($0) == "请填写审核不通过的原因"
            }
            let refused = try await harness.act(application.id, "departmentReject", reason: "邮编有误", as: reviewer)
            #expect(refused.statusName == "审核不通过")

            var fixed = ArchiveHarness.unitValues()
            fixed.receivingUnitPostcode = "200122"
            let resubmitted = try await harness.submit("g1", fixed)
            #expect(resubmitted.id == application.id && resubmitted.status == "awaitingDepartment")
            _ = try await harness.act(application.id, "departmentApprove", as: reviewer)
            let approved = try await harness.act(application.id, "schoolApprove", as: try await harness.schoolAdmin())
            #expect(approved.history.map(\.action) == ["submit", "departmentReject", "resubmit", "departmentApprove", "schoolApprove"])
            #expect(approved.history[1].reason == "邮编有误")

            // A change: the record stays 已登记 with the old values until it is approved.
            var moved = fixed
            moved.receivingUnitName = "上海另一家公司"
            let change = try await harness.submit("g1", moved)
            #expect(change.changes.map(\.label) == ["档案接收单位名称"])
            #expect(change.changes.first?.oldValue == "上海示范科技有限公司")
            let record = try await harness.client.getMyArchiveRecord(.init(), metadata: try await harness.graduate("g1"))
            #expect(record.statusName == "已登记（变更审核中）" && record.values.receivingUnitName == "上海示范科技有限公司")
            let withdrawn = try await harness.act(change.id, "withdraw", as: try await harness.graduate("g1"))
            #expect(withdrawn.statusName == "毕业生已撤回")
        }
    }

    @Test("every bad field is named; closed registration refuses; a second application while one is reviewed is refused")
    func refusals() async throws {
        try await ArchiveHarness.run { harness in
            try await harness.school()
            try await harness.rosterGraduate("g1", name: "王小明")
            var bad = ArchiveHarness.unitValues()
            bad.receivingUnitPostcode = "2001"
            bad.receivingUnitPhone = "123"
            await #expect { _ = try await harness.submit("g1", bad) } throws: { error in
                let rpc = error as? RPCError
                return rpc?.code == .invalidArgument && rpc?.message.contains("邮编") == true && rpc?.message.contains("联系电话") == true
            }
            _ = try await harness.submit("g1")
            await #expect { _ = try await harness.submit("g1") } throws: {
                Self.message($0) == "已有审核中的档案/户口信息申请，请等待审核结果或撤回后再提交"
            }
            try await harness.rosterGraduate("g2", name: "李四")
            try await harness.settings(open: false)
            await #expect { _ = try await harness.submit("g2") } throws: {
                Self.message($0) == "档案/户口信息登记已关闭，暂不能提交或修改，请联系学校"
            }
        }
    }

    @Test("the school edits directly (recorded with its reason); statistics per 院系 add up to 总计; other schools and 院系 see nothing")
    func schoolEditStatisticsAndScope() async throws {
        try await ArchiveHarness.run { harness in
            try await harness.school()
            try await harness.department("d1", "计算机学院")
            try await harness.department("d2", "数学学院")
            try await harness.rosterGraduate("g1", name: "王小明")
            try await harness.rosterGraduate("g2", name: "李四", department: "数学学院")
            try await harness.rosterGraduate("g3", name: "赵五", department: "数学学院")
            let admin = try await harness.schoolAdmin()
            var edit = Graduate_Archive_V1_UpdateArchiveRecordRequest()
            edit.graduateID = "g1"
            edit.values = ArchiveHarness.unitValues()
            await #expect { _ = try await harness.client.updateArchiveRecord(edit, metadata: admin) } throws: {
                Self.message($0) == "请填写修改原因（最多200字）"
            }
            edit.reason = "毕业生纸质材料补登"
            let record = try await harness.client.updateArchiveRecord(edit, metadata: admin)
            #expect(record.statusName == "已登记")
            _ = try await harness.submit("g2")

            let statistics = try await harness.client.getArchiveStatistics(.with { $0.cohort = 2027 }, metadata: admin)
            let total = try #require(statistics.rows.first)
            #expect(total.label == "总计" && (total.total, total.registered, total.underReview, total.unregistered) == (3, 1, 1, 1))
            #expect(total.byTransferType["01"] == 1)
            #expect(statistics.rows.dropFirst().map(\.label) == ["数学学院", "计算机学院"])
            #expect(statistics.rows.dropFirst().map(\.total).reduce(0, +) == total.total)

            let registered = try await harness.client.listArchiveRecords(.with { $0.filter.status = "registered" }, metadata: admin)
            #expect(registered.records.map(\.graduate.name) == ["王小明"])
            let math = try await harness.staff("m", role: .departmentAdmin, department: "d2")
            let mine = try await harness.client.listArchiveRecords(.init(), metadata: math)
            #expect(Set(mine.records.map(\.graduate.name)) == ["李四", "赵五"])
            await #expect { _ = try await harness.client.getArchiveRecord(.with { $0.graduateID = "g1" }, metadata: math) } throws: {
                ($0 as? RPCError)?.code == .notFound
            }
            let elsewhere = try await harness.schoolAdmin("10002")
            #expect(try await harness.client.listArchiveRecords(.init(), metadata: elsewhere).total == 0)
            let counters = try await harness.client.getArchiveCounters(.with { $0.cohort = 2027 }, metadata: admin)
            #expect(counters.counters.map(\.count) == [1])
        }
    }

    @Test("a graduate removed from the roster is 失效 with the school's reason, out of the lists, and back as before when re-uploaded")
    func invalidAndRestored() async throws {
        try await ArchiveHarness.run { harness in
            try await harness.school()
            try await harness.rosterGraduate("g1", name: "王小明")
            let admin = try await harness.schoolAdmin()
            var edit = Graduate_Archive_V1_UpdateArchiveRecordRequest()
            edit.graduateID = "g1"
            edit.values = ArchiveHarness.unitValues()
            edit.reason = "补登"
            _ = try await harness.client.updateArchiveRecord(edit, metadata: admin)
            try await harness.rosterGraduate("g1", name: "王小明", removed: "退学")
            #expect(try await harness.client.listArchiveRecords(.init(), metadata: admin).total == 0)
            let invalid = try await harness.client.listArchiveRecords(.with { $0.filter.invalid = true }, metadata: admin)
            #expect(invalid.records.map(\.invalidReason) == ["毕业生已从学生名单中移除：退学"])
            await #expect { _ = try await harness.submit("g1") } throws: { Self.message($0) == "您不在学生名单中，不能登记档案/户口信息" }
            try await harness.rosterGraduate("g1", name: "王小明")
            let back = try await harness.client.listArchiveRecords(.init(), metadata: admin)
            #expect(back.records.map(\.statusName) == ["已登记"] && !back.records[0].invalid)
        }
    }
}
