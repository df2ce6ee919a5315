@testable import AccountsService
import Foundation
import GRDB
import GRPCCore
import GraduateDomain
import GraduateProto
import StorageKit
import Testing

/// A roster file is a sync (issue 13): re-importing the updated roster updates it; the preview
/// shows every addition, change (old → new), restoration and removal and writes nothing; the
/// apply is all or nothing and only while the confirmed preview still holds.
@Suite("Roster import as a sync")
struct RosterSyncTests {
    static func rows(_ range: Range<Int>, department: String = "计算机学院", cohort: String = "2024") -> [[String]] {
        range.map { RosterFixture.row(name: "学生\($0)", idNumber: RosterFixture.idNumber($0), studentNumber: "S\($0)", department: department, cohort: cohort) }
    }

    @Test("the updated roster re-imported: new graduates added, changed ones updated with old → new, the rest untouched; the preview wrote nothing")
    func reimport() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            #expect(try await harness.importRoster(RosterFixture.csv(Self.rows(0..<5)), as: school.admin).imported == 5)
            let events = try await OutboxQueue.pendingCount(for: "test-subscriber", in: harness.pool)

            var updated = Self.rows(0..<7)
            updated[1][1] = "人工智能"                 // 专业
            updated[2][2] = "硕士研究生"               // 学历, by name
            updated[3][11] = "定向"; updated[3][12] = "深圳示范制造有限公司"
            let file = RosterFixture.csv(updated)
            let preview = try await harness.importRoster(file, as: school.admin, preview: true)
            #expect(preview.errors.isEmpty && !preview.applied && preview.imported == 0)
            #expect((preview.addedCount, preview.changedCount, preview.unchangedCount, preview.removedCount) == (2, 3, 2, 0))
            #expect(preview.added.map(\.name) == ["学生5", "学生6"])
            #expect(preview.added.map(\.row) == [7, 8])
            let changes = preview.changed.map { $0.changes.map { "\($0.field):\($0.oldValue)→\($0.newValue)" } }
            #expect(changes == [["专业:软件工程→人工智能"], ["学历:本科→硕士研究生"], ["培养方式:非定向→定向", "定向/委培单位:→深圳示范制造有限公司"]])
            #expect(preview.identityChangeCount == 0 && preview.newDepartments.isEmpty)
            #expect(try await OutboxQueue.pendingCount(for: "test-subscriber", in: harness.pool) == events)
            #expect(try await harness.graduates(as: school.admin).total == 5)

            let applied = try await harness.importRoster(file, as: school.admin, expectedPlanDigest: preview.planDigest)
            #expect(applied.applied && applied.imported == 5 && applied.planDigest == preview.planDigest)
            let roster = try await harness.graduates(as: school.admin).graduates
            #expect(roster.count == 7)
            #expect(roster.first { $0.name == "学生1" }?.major == "人工智能")
            #expect(roster.first { $0.name == "学生3" }?.trainingMode == "2")
            // Two added, three updated: one event each.
            #expect(try await OutboxQueue.pendingCount(for: "test-subscriber", in: harness.pool) == events + 5)
            // The 培养方式 change is on record, like one made by hand.
            let log = try await harness.client.listTrainingModeChanges(.init(), metadata: school.admin).changes
            #expect(log.map(\.reason) == [RosterImport.trainingModeReason])

            // The same file once more: nothing to do.
            let again = try await harness.importRoster(file, as: school.admin)
            #expect(again.applied && again.imported == 0 && again.unchangedCount == 7)
        }
    }

    /// The import plans on a snapshot (or keeps the preview's plan) only while the school's
    /// RosterWrites.version stands still: every kind of roster and 院系 change must move it.
    @Test("every roster and 院系 change moves the version an import's snapshot plan is checked against")
    func versionMovesWithEveryRosterChange() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            var versions = [try await harness.pool.read { try RosterWrites.version($0, school: "10001") }]
            func moved(_ what: String) async throws {
                let now = try await harness.pool.read { try RosterWrites.version($0, school: "10001") }
                #expect(now > versions.last!, "\(what) did not move the version")
                versions.append(now)
            }
            var department = Graduate_Accounts_V1_CreateDepartmentRequest()
            department.name = "计算机学院"
            _ = try await harness.client.createDepartment(department, metadata: school.admin)
            try await moved("a new 院系")
            _ = try await harness.importRoster(RosterFixture.csv(Self.rows(0..<2)), as: school.admin)
            try await moved("an import")
            var graduate = try #require(try await harness.graduates(as: school.admin).graduates.first)
            graduate.major = "人工智能"
            _ = try await harness.client.updateGraduate(graduate, metadata: school.admin)
            try await moved("an edit")
            var change = Graduate_Accounts_V1_ChangeTrainingModeRequest()
            change.graduateID = graduate.id
            change.trainingMode = "2"
            change.boundUnit = "某县教育局"
            change.reason = "签订定向协议"
            _ = try await harness.client.changeTrainingMode(change, metadata: school.admin)
            try await moved("a 培养方式 change")
            var remove = Graduate_Accounts_V1_RemoveGraduateRequest()
            remove.graduateID = graduate.id
            remove.reason = "退学"
            _ = try await harness.client.removeGraduate(remove, metadata: school.admin)
            try await moved("a removal")
            var added = graduate
            added.id = ""
            added.idNumber = RosterFixture.idNumber(9)
            added.studentNumber = "S9"
            added.trainingMode = "1"
            added.boundUnit = ""
            added.gender = ""
            _ = try await harness.client.addGraduate(added, metadata: school.admin)
            try await moved("a graduate added by hand")
        }
    }

    @Test("replace removes the file's 届别's graduates it no longer lists, with the reason; other 届别 stay; a removed graduate listed again is restored")
    func replace() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let older = Self.rows(100..<102, cohort: "2023")
            _ = try await harness.importRoster(RosterFixture.csv(Self.rows(0..<4) + older), as: school.admin)

            let file = RosterFixture.csv(Self.rows(0..<2))
            let merge = try await harness.importRoster(file, as: school.admin, preview: true)
            #expect(merge.removedCount == 0 && merge.unchangedCount == 2)
            let preview = try await harness.importRoster(file, as: school.admin, mode: .replace, preview: true)
            #expect(preview.removed.map(\.name) == ["学生2", "学生3"])
            #expect(preview.removed.allSatisfy { $0.row == 0 && !$0.graduateID.isEmpty })
            // A preview of one mode is not a confirmation of the other.
            await #expect(throws: RPCError.self) {
                _ = try await harness.importRoster(file, as: school.admin, expectedPlanDigest: preview.planDigest)
            }
            let applied = try await harness.importRoster(file, as: school.admin, mode: .replace, expectedPlanDigest: preview.planDigest)
            #expect(applied.applied && applied.removedCount == 2)
            #expect(Set(try await harness.graduates(as: school.admin).graduates.map(\.name)) == ["学生0", "学生1", "学生100", "学生101"])
            let reasons = try await harness.pool.read { db in
                try String.fetchAll(db, sql: "SELECT removed_reason FROM graduate WHERE removed = 1")
            }
            #expect(reasons == [RosterSyncPlan.replaceRemovalReason, RosterSyncPlan.replaceRemovalReason])

            let back = try await harness.importRoster(RosterFixture.csv(Self.rows(0..<3)), as: school.admin)
            #expect(back.restoredCount == 1 && back.restored.first?.name == "学生2")
            #expect(try await harness.graduates(as: school.admin).total == 5)
        }
    }

    @Test("a plan confirmed in a preview is refused once the roster changed meanwhile; nothing is written")
    func stalePreview() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(RosterFixture.csv(Self.rows(0..<2)), as: school.admin)
            let file = RosterFixture.csv(Self.rows(0..<3))
            let preview = try await harness.importRoster(file, as: school.admin, preview: true)
            // Someone adds the same graduate by hand before the school confirms.
            _ = try await harness.importRoster(RosterFixture.csv(Self.rows(2..<3)), as: school.admin)
            var refusal: RPCError?
            do {
                _ = try await harness.importRoster(file, as: school.admin, expectedPlanDigest: preview.planDigest)
            } catch let error as RPCError {
                refusal = error
            }
            #expect(refusal?.code == .failedPrecondition)
            #expect(refusal?.message == "学生名单或文件在预览后已有变化，请重新预览后再导入")
        }
    }

    @Test("a changed 姓名 or 考生号 is listed as an identity change and applied only when confirmed")
    func identityChanges() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(RosterFixture.csv(Self.rows(0..<2)), as: school.admin)
            var rows = Self.rows(0..<2)
            rows[0][4] = "学生零"
            let file = RosterFixture.csv(rows)
            let preview = try await harness.importRoster(file, as: school.admin, preview: true)
            #expect(preview.errors.isEmpty && preview.identityChangeCount == 1)
            #expect(preview.changed.first?.identityChanged == true)
            #expect(preview.changed.first?.changes.map(\.field) == ["姓名"])
            var refusal: RPCError?
            do {
                _ = try await harness.importRoster(file, as: school.admin, expectedPlanDigest: preview.planDigest)
            } catch let error as RPCError {
                refusal = error
            }
            #expect(refusal?.code == .failedPrecondition)
            #expect(refusal?.message.contains("有1名学生的姓名或考生号") == true)
            #expect(try await harness.graduates(as: school.admin).graduates.contains { $0.name == "学生0" })
            let applied = try await harness.importRoster(file, as: school.admin, confirmIdentityChanges: true, expectedPlanDigest: preview.planDigest)
            #expect(applied.applied && applied.changedCount == 1)
            #expect(try await harness.graduates(as: school.admin).graduates.contains { $0.name == "学生零" })
        }
    }

    @Test("an unknown 院系 is refused with its rows, or created with the import when asked; the preview lists it either way")
    func unknownDepartment() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(RosterFixture.csv(Self.rows(0..<1)), as: school.admin)
            let file = RosterFixture.csv(Self.rows(1..<3) + Self.rows(3..<4, department: "外国语学院"))
            let refused = try await harness.importRoster(file, as: school.admin, createDepartments: false)
            #expect(!refused.applied && refused.imported == 0)
            #expect(refused.newDepartments == ["外国语学院"])
            #expect(refused.errors.map { "\($0.row) \($0.field)" } == ["4 院系"])
            #expect(refused.errors.first?.reason.contains("院系“外国语学院”不存在") == true)
            #expect(try await harness.graduates(as: school.admin).total == 1)

            let created = try await harness.importRoster(file, as: school.admin, createDepartments: true)
            #expect(created.applied && created.addedCount == 3)
            let departments = try await harness.client.listDepartments(.init(), metadata: school.admin).departments.map(\.name)
            #expect(Set(departments) == ["计算机学院", "外国语学院"])
        }
    }

    @Test("the roster exports to Excel with the list's filters, and the exported file imports back as no change")
    func exportRoundTrip() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(RosterFixture.csv(Self.rows(0..<6) + Self.rows(6..<8, department: "外国语学院")), as: school.admin)
            let all = try await harness.client.exportGraduates(.init(), metadata: school.admin)
            #expect(all.fileName.hasPrefix("学生名单-") && all.fileName.hasSuffix(".xlsx"))
            #expect(all.content.starts(with: [0x50, 0x4B]))
            var request = Graduate_Accounts_V1_ImportRosterRequest()
            request.content = all.content
            request.fileName = all.fileName
            let back = try await harness.client.previewRosterImport(request, metadata: school.admin)
            #expect(back.errors.isEmpty, "\(back.errors)")
            #expect(back.unchangedCount == 8 && back.addedCount == 0 && back.changedCount == 0)

            var filtered = Graduate_Accounts_V1_ListGraduatesRequest()
            filtered.department = "外国语学院"
            request.content = try await harness.client.exportGraduates(filtered, metadata: school.admin).content
            #expect(try await harness.client.previewRosterImport(request, metadata: school.admin).unchangedCount == 2)
        }
    }

    @Test("a 身份证号 born after today is refused with its row, in the file and by hand")
    func futureBirthDate() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let unborn = IDNumber.withCheckDigit("11010520990101001")
            let refused = try await harness.importRoster(RosterFixture.csv([RosterFixture.row(idNumber: unborn, studentNumber: "S9")]), as: school.admin)
            #expect(refused.errors.map(\.reason) == ["身份证号中的出生日期晚于今天"])
            #expect(try await harness.graduates(as: school.admin).total == 0)
        }
    }
}

/// The plan alone, as pure code: no database.
@Suite("Roster sync plan")
struct RosterSyncPlanTests {
    static func valid(_ index: Int, cohort: String = "2024", department: String = "计算机学院") throws -> ValidRosterRow {
        var row = RosterRow()
        let values = RosterFixture.row(name: "学生\(index)", idNumber: RosterFixture.idNumber(index), studentNumber: "S\(index)", department: department, cohort: cohort)
        for (column, value) in zip(RosterColumn.allCases, values) { row[keyPath: column.keyPath] = value }
        return try RosterValidation.validate(row, number: index + 2).get()
    }

    @Test("equal plans have equal digests; any difference in an entry changes it")
    func digest() throws {
        let rows = try (0..<3).map { (row: $0 + 2, graduate: try Self.valid($0)) }
        let plan = RosterSyncPlan.make(rows: rows, roster: [], departments: ["计算机学院"], mode: .merge, createDepartments: false)
        let same = RosterSyncPlan.make(rows: rows, roster: [], departments: ["计算机学院"], mode: .merge, createDepartments: false)
        #expect(plan.digest == same.digest && plan.digest.count == 64)
        var other = rows
        other[1].graduate.major = "人工智能"
        #expect(RosterSyncPlan.make(rows: other, roster: [], departments: ["计算机学院"], mode: .merge, createDepartments: false).digest != plan.digest)
    }

    @Test("a 学号 held by another graduate, removed ones included, is refused with its row")
    func studentNumberTaken() throws {
        let holder = RosterMember(id: "g1", removed: true, values: RosterValues(try Self.valid(7)))
        var row = try Self.valid(1)
        row.studentNumber = "S7"
        let plan = RosterSyncPlan.make(rows: [(row: 3, graduate: row)], roster: [holder], departments: ["计算机学院"], mode: .merge, createDepartments: false)
        #expect(plan.errors == [RosterRowError(row: 3, field: "学号", reason: "该学号已被其他学生使用")])
    }

    @Test("replace touches only the 届别 the file lists, and never a graduate already removed")
    func replaceScope() throws {
        let roster = [
            RosterMember(id: "a", removed: false, values: RosterValues(try Self.valid(1))),
            RosterMember(id: "b", removed: true, values: RosterValues(try Self.valid(2))),
            RosterMember(id: "c", removed: false, values: RosterValues(try Self.valid(3, cohort: "2023"))),
        ]
        let plan = RosterSyncPlan.make(
            rows: [(row: 2, graduate: try Self.valid(4))], roster: roster, departments: ["计算机学院"], mode: .replace, createDepartments: false
        )
        #expect(plan.removed.map(\.graduateID) == ["a"])
        #expect(plan.added.count == 1)
    }
}
