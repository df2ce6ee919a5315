@testable import AccountsService
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import ServiceKit
import StorageKit
import Synchronization
import Testing

/// A roster import is written in chunks that make one import (RosterImportJob): while it is
/// being written the school's roster takes no other change, and one stopped half-way (a
/// crash between two chunks) is finished by the next start, each graduate and each event
/// exactly once.
@Suite("Roster import written in chunks")
struct RosterImportJobTests {
    struct Crash: Error {}

    static func file(_ range: Range<Int>) -> Data { RosterFixture.csv(RosterSyncTests.rows(range)) }

    /// Each graduate's events of `type`, by graduate id.
    static func events(_ type: String, in pool: DatabasePool) async throws -> [String: Int] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT aggregate_id, count(*) AS n FROM outbox_event WHERE type = ? GROUP BY aggregate_id", arguments: [type]
            )
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["aggregate_id"] as String, $0["n"] as Int) })
        }
    }

    @Test("written in chunks of 3, a 10-row file is the same import as in one transaction: every graduate, one event each, no job left")
    func chunked() async throws {
        var settings = AccountsService.Settings()
        settings.rosterImportChunk = 3
        let written = Counter()
        settings.rosterImportChunkWritten = { written.add($0) }
        try await AccountsHarness.run(settings: settings) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let imported = try await harness.importRoster(Self.file(0..<10), as: school.admin)
            #expect(imported.applied && imported.imported == 10)
            // The 院系 first, then the graduates, three at a time.
            #expect(written.values == [3, 6, 9, 11])
            #expect(try await harness.graduates(as: school.admin).total == 10)
            let added = try await Self.events("roster.graduate.added", in: harness.pool)
            #expect(added.count == 10 && added.values.allSatisfy { $0 == 1 })
            #expect(try await harness.pool.read { try RosterImportJob.interrupted($0) }.isEmpty)
        }
    }

    @Test("stopped after two chunks: the roster refuses edits and imports meanwhile, and the next start finishes it — each graduate and event once")
    func interruptedImportIsFinishedOnStart() async throws {
        var settings = AccountsService.Settings()
        settings.rosterImportChunk = 3
        settings.rosterImportChunkWritten = { if $0 >= 6 { throw Crash() } }
        try await AccountsHarness.run(settings: settings) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(Self.file(0..<2), as: school.admin)
            // 1 new 院系 + 11 new graduates + 2 changed: the import stops with 6 of 14 written.
            var rows = RosterSyncTests.rows(0..<12)
            rows[0][1] = "人工智能"
            rows[1][1] = "人工智能"
            rows += RosterSyncTests.rows(12..<13, department: "数学学院")
            await #expect(throws: (any Error).self) {
                _ = try await harness.importRoster(RosterFixture.csv(rows), as: school.admin)
            }
            let job = try #require(try await harness.pool.read { try RosterImportJob.interrupted($0) }.first)
            #expect((job.progress.written, job.progress.total) == (6, 14))

            // Meanwhile every change of the school's roster is refused, another import too.
            let refusal = "学生名单正在导入（已写入6/14条），请稍后再试"
            var graduate = try #require(try await harness.graduates(as: school.admin).graduates.first)
            graduate.major = "数据科学"
            await #expect { _ = try await harness.client.updateGraduate(graduate, metadata: school.admin) } throws: {
                ($0 as? RPCError)?.message == refusal
            }
            var department = Graduate_Accounts_V1_CreateDepartmentRequest()
            department.name = "物理学院"
            await #expect { _ = try await harness.client.createDepartment(department, metadata: school.admin) } throws: {
                ($0 as? RPCError)?.message == refusal
            }
            await #expect { _ = try await harness.importRoster(Self.file(20..<21), as: school.admin) } throws: {
                ($0 as? RPCError)?.message == refusal
            }

            // The next start of the process (a new service on the same database) finishes it.
            let directory = NSTemporaryDirectory() + "accounts-keys-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let restarted = try await AccountsServer.build(
                pool: harness.pool, outbox: Outbox(source: "accounts", subscribers: ["test-subscriber"]),
                keys: try TokenKeyFiles.loadOrCreate(directory: directory), settings: AccountsService.Settings(),
                trustedProxies: try TrustedProxies("127.0.0.0/8"), cheapPasswordHashingForTests: true, logger: AccountsHarness.silent
            )
            try await restarted.service.finishInterruptedRosterImports()
            #expect(try await harness.pool.read { try RosterImportJob.interrupted($0) }.isEmpty)
            let roster = try await harness.graduates(as: school.admin).graduates
            #expect(roster.count == 13)
            #expect(roster.filter { $0.major == "人工智能" }.map(\.name).sorted() == ["学生0", "学生1"])
            #expect(roster.first { $0.name == "学生12" }?.department == "数学学院")
            let added = try await Self.events("roster.graduate.added", in: harness.pool)
            #expect(added.count == 13 && added.values.allSatisfy { $0 == 1 })
            let updated = try await Self.events("roster.graduate.updated", in: harness.pool)
            #expect(updated.count == 2 && updated.values.allSatisfy { $0 == 1 })
            let departments = try await harness.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_event WHERE type = 'school.department.created'")
            }
            #expect(departments == 2)

            // And the roster takes changes again.
            _ = try await harness.client.updateGraduate(graduate, metadata: school.admin)
        }
    }

    @Test("a file kept from its preview is still checked: a bad mode is refused, and a roster changed since is a stale preview")
    func keptPreviewStillChecked() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            _ = try await harness.importRoster(Self.file(0..<3), as: school.admin)
            let file = Self.file(0..<5)
            let preview = try await harness.importRoster(file, as: school.admin, preview: true)
            #expect(preview.addedCount == 2)
            await #expect { _ = try await harness.importRoster(file, as: school.admin, mode: .UNRECOGNIZED(7)) } throws: {
                ($0 as? RPCError)?.message == "导入方式应为合并（merge）或替换（replace）"
            }
            var graduate = try #require(try await harness.graduates(as: school.admin).graduates.first)
            graduate.major = "数据科学"
            _ = try await harness.client.updateGraduate(graduate, metadata: school.admin)
            await #expect { _ = try await harness.importRoster(file, as: school.admin, expectedPlanDigest: preview.planDigest) } throws: {
                ($0 as? RPCError)?.message == "学生名单或文件在预览后已有变化，请重新预览后再导入"
            }
            // Previewed again, it imports.
            let again = try await harness.importRoster(file, as: school.admin, preview: true)
            let applied = try await harness.importRoster(file, as: school.admin, expectedPlanDigest: again.planDigest)
            #expect(applied.applied && applied.imported == 3)
        }
    }
}

/// Numbers a test's hook is told, in order.
final class Counter: Sendable {
    private let state = Mutex<[Int]>([])
    func add(_ value: Int) { self.state.withLock { $0.append(value) } }
    var values: [Int] { self.state.withLock { $0 } }
}
