import AccountsService
import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf
import Testing
import TransportTestSupport

@Suite("Roster changes over TCP")
struct RosterChangesTests {
    private func graduate(_ index: Int, department: String = "计算机学院") -> Graduate_Accounts_V1_Graduate {
        var graduate = Graduate_Accounts_V1_Graduate()
        graduate.department = department
        graduate.major = "软件工程"
        graduate.educationLevel = "31"
        graduate.candidateNumber = "24110101150001"
        graduate.name = "学生\(index)"
        graduate.idNumber = RosterFixture.idNumber(index)
        graduate.studentNumber = "S\(index)"
        graduate.cohort = 2024
        graduate.trainingMode = "1"
        return graduate
    }

    @Test("add, update and remove a single graduate, each with its event; removal keeps the row")
    func singleChanges() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let added = try await harness.client.addGraduate(self.graduate(1), metadata: school.admin)
            #expect(added.gender == "1")
            #expect(await rpcCode { _ = try await harness.client.addGraduate(self.graduate(1), metadata: school.admin) } == .alreadyExists)

            var bad = self.graduate(2)
            bad.idNumber = "110105200201010011"
            do {
                _ = try await harness.client.addGraduate(bad, metadata: school.admin)
                Issue.record("a bad 身份证号 was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.field == "idNumber")
                #expect(error.message.hasPrefix("身份证号："))
            }

            var update = added
            update.major = "人工智能"
            update.mobile = "13912345678"
            let updated = try await harness.client.updateGraduate(update, metadata: school.admin)
            #expect(updated.major == "人工智能" && updated.mobile == "13912345678")
            var sneaky = updated
            sneaky.trainingMode = "2"
            sneaky.boundUnit = "某单位"
            #expect(await rpcCode { _ = try await harness.client.updateGraduate(sneaky, metadata: school.admin) } == .invalidArgument)

            var remove = Graduate_Accounts_V1_RemoveGraduateRequest()
            remove.graduateID = added.id
            #expect(await rpcCode { _ = try await harness.client.removeGraduate(remove, metadata: school.admin) } == .invalidArgument)
            remove.reason = "退学"
            #expect(try await harness.client.removeGraduate(remove, metadata: school.admin).removed)
            #expect(try await harness.graduates(as: school.admin).total == 0)
            #expect(await rpcCode { _ = try await harness.client.removeGraduate(remove, metadata: school.admin) } == .failedPrecondition)

            // Back on the roster by a new upload: same id, history intact.
            let restored = try await harness.importRoster(RosterFixture.csv([RosterFixture.row(name: "学生1", idNumber: RosterFixture.idNumber(1), studentNumber: "S1")]), as: school.admin)
            #expect(restored.imported == 1)
            #expect(try await harness.graduates(as: school.admin).graduates.map(\.id) == [added.id])

            let types = try await harness.pool.read { db in
                try String.fetchAll(db, sql: "SELECT type FROM outbox_event WHERE type LIKE 'roster.%' ORDER BY seq")
            }
            #expect(types == ["roster.graduate.added", "roster.graduate.updated", "roster.graduate.removed", "roster.graduate.added"])
            // The removal carries the school's reason (e-signing shows it in 失效信息管理); the return does not.
            let payloads = try await harness.pool.read { db in
                try Data.fetchAll(db, sql: "SELECT payload FROM outbox_event WHERE type LIKE 'roster.%' ORDER BY seq")
            }
            let reasons = try payloads.map { try Graduate_Events_V1_RosterGraduate(serializedBytes: $0).removedReason }
            #expect(reasons == ["", "", "退学", ""])
        }
    }

    @Test("a 培养方式 change is recorded with who, when, old, new and why, and listed")
    func trainingModeChanges() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let added = try await harness.client.addGraduate(self.graduate(1), metadata: school.admin)
            var change = Graduate_Accounts_V1_ChangeTrainingModeRequest()
            change.graduateID = added.id
            change.trainingMode = "2"
            change.reason = "签订定向协议"
            #expect(await rpcCode { _ = try await harness.client.changeTrainingMode(change, metadata: school.admin) } == .invalidArgument)
            change.boundUnit = "某县教育局"
            let recorded = try await harness.client.changeTrainingMode(change, metadata: school.admin)
            #expect(recorded.oldTrainingMode == "1" && recorded.newTrainingMode == "2")
            #expect(recorded.newBoundUnit == "某县教育局")
            #expect(recorded.changedBy == "学校管理员")
            #expect(recorded.reason == "签订定向协议")
            #expect(await rpcCode { _ = try await harness.client.changeTrainingMode(change, metadata: school.admin) } == .invalidArgument)

            let listed = try await harness.client.listTrainingModeChanges(Graduate_Accounts_V1_ListTrainingModeChangesRequest(), metadata: school.admin)
            #expect(listed.total == 1)
            #expect(listed.changes.first?.graduateName == "学生1")
            let now = try await harness.graduates(as: school.admin).graduates.first
            #expect(now?.trainingMode == "2" && now?.boundUnit == "某县教育局")
        }
    }

    @Test("the template downloads and is itself a valid roster file")
    func template() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let template = try await harness.client.getRosterTemplate(Graduate_Accounts_V1_GetRosterTemplateRequest(), metadata: school.admin)
            #expect(template.fileName == "学生名单导入模板.csv")
            let text = String(decoding: template.content, as: UTF8.self)
            #expect(text.hasPrefix("\u{FEFF}院系,专业,学历,考生号,姓名,身份证号"))
            #expect(try await harness.importRoster(template.content, as: school.admin).imported == 1)
        }
    }
}

@Suite("Graduate accounts over TCP")
struct GraduateAccountTests {
    private func activation(_ index: Int, name: String, candidate: String = "24110101150001") -> Graduate_Accounts_V1_ActivateGraduateRequest {
        var request = Graduate_Accounts_V1_ActivateGraduateRequest()
        request.schoolCode = "10001"
        request.idNumber = RosterFixture.idNumber(index)
        request.name = name
        request.candidateNumber = candidate
        request.password = "Graduate2024"
        return request
    }

    @Test("a graduate on the roster activates with matching data, signs in, and cannot call staff methods; off the roster, no sign-in")
    func activationAndSignIn() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(RosterFixture.csv([
                RosterFixture.row(name: "张三", idNumber: RosterFixture.idNumber(1), studentNumber: "S1"),
            ]), as: school.admin)

            #expect(await rpcCode { _ = try await harness.client.activateGraduate(self.activation(1, name: "李四")) } == .failedPrecondition)
            #expect(await rpcCode { _ = try await harness.client.activateGraduate(self.activation(1, name: "张三", candidate: "999")) } == .failedPrecondition)
            #expect(await rpcCode { _ = try await harness.client.activateGraduate(self.activation(2, name: "张三")) } == .failedPrecondition)
            var weak = self.activation(1, name: "张三")
            weak.password = "123"
            #expect(await rpcCode { _ = try await harness.client.activateGraduate(weak) } == .invalidArgument)

            let session = try await harness.client.activateGraduate(self.activation(1, name: "张三"))
            #expect(session.displayName == "张三")
            #expect(await rpcCode { _ = try await harness.client.activateGraduate(self.activation(1, name: "张三")) } == .alreadyExists)
            let signedIn = try await harness.signIn(.graduate, RosterFixture.idNumber(1), "Graduate2024")
            #expect(signedIn.schoolName == "学校")
            #expect(await rpcCode { _ = try await harness.graduates(as: .bearer(signedIn.accessToken)) } == .permissionDenied)

            let id = try await harness.graduates(as: school.admin).graduates[0].id
            var remove = Graduate_Accounts_V1_RemoveGraduateRequest()
            remove.graduateID = id
            remove.reason = "退学"
            _ = try await harness.client.removeGraduate(remove, metadata: school.admin)
            #expect(await rpcCode { _ = try await harness.signIn(.graduate, RosterFixture.idNumber(1), "Graduate2024") } == .permissionDenied)
        }
    }
}
