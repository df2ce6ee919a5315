import ArchiveDomain
import ArchiveService
import AuthKit
import GRPCCore
import GraduateProto
import Testing

/// The code lists of the console's 档案/户口信息 forms, over TCP.
@Suite("Archive code lists")
struct ArchiveCodeListsTests {
    static func pairs(_ entries: [Graduate_Archive_V1_ArchiveCodeEntry]) -> [[String]] {
        entries.map { [$0.code, $0.name] }
    }

    @Test("staff and graduates get 档案转递类型, 转递方式, 是否迁移户口 and 户口迁移类型 in code order, the same lists 下载代码 gives")
    func lists() async throws {
        try await ArchiveHarness.run { harness in
            let operatorToken = try await harness.staff("op-1", role: .departmentOperator, department: "d1", modules: [])
            for caller in [try await harness.schoolAdmin(), try await harness.graduate("g1"), operatorToken] {
                let lists = try await harness.client.getArchiveCodeLists(.init(), metadata: caller)
                #expect(Self.pairs(lists.transferTypes) == [
                    ["01", "单位接收"], ["02", "托管单位接收"], ["03", "转回生源地"], ["04", "升学外校接收"], ["05", "保留原校"], ["99", "其他"],
                ])
                #expect(Self.pairs(lists.transferMethods) == [["01", "机要通信"], ["02", "EMS"]])
                #expect(Self.pairs(lists.migratesHukou) == [["1", "是"], ["0", "否"]])
                #expect(Self.pairs(lists.hukouMigrationTypes) == [
                    ["01", "迁回生源地"], ["02", "迁至就业单位所在地"], ["03", "迁至升学学校"], ["99", "其他"],
                ])
                // 下载代码 (the import's code file) lists the same codes under each column's label.
                for (field, entries) in [
                    (ArchiveField.transferType, lists.transferTypes), (.transferMethod, lists.transferMethods),
                    (.migratesHukou, lists.migratesHukou), (.hukouMigrationType, lists.hukouMigrationTypes),
                ] {
                    let file = ArchiveImport.codeRows.filter { $0.list == field.label }.map { [$0.code, $0.name] }
                    #expect(file == Self.pairs(entries), "\(field)")
                }
            }
        }
    }

    @Test("no token is refused as unauthenticated, an employer's as permission denied")
    func refusals() async throws {
        try await ArchiveHarness.run { harness in
            await #expect { _ = try await harness.client.getArchiveCodeLists(.init()) } throws: {
                ($0 as? RPCError)?.code == .unauthenticated
            }
            let employer = try await harness.token(Principal(subject: "e1", kind: .employer, displayName: "单位"))
            await #expect { _ = try await harness.client.getArchiveCodeLists(.init(), metadata: employer) } throws: {
                ($0 as? RPCError)?.code == .permissionDenied
            }
        }
    }
}
