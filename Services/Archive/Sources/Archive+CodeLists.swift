import ArchiveDomain
public import GRPCCore
import GraduateDomain
public import GraduateProto

/// The code lists of 档案/户口信息 for the console's forms and filters (DOMAIN.md §5): the
/// graduate's application, the school's edit and the lists all pick from them, so the names
/// people read come from ArchiveDomain alone (the gateway links none of it). No data is read:
/// the lists are the same for every school.
extension ArchiveService {
    public func getArchiveCodeLists(
        request: Graduate_Archive_V1_GetArchiveCodeListsRequest, context: ServerContext
    ) async throws -> Graduate_Archive_V1_ArchiveCodeLists {
        var lists = Graduate_Archive_V1_ArchiveCodeLists()
        lists.transferTypes = Self.entries(ArchiveTransferType.self)
        lists.transferMethods = Self.entries(ArchiveTransferMethod.self)
        lists.migratesHukou = Self.entries(HukouMigrationChoice.self)
        lists.hukouMigrationTypes = Self.entries(HukouMigrationType.self)
        return lists
    }

    /// A code list's entries in its declared order (the guide's, 其他 last).
    static func entries<List: CodeList>(_ list: List.Type) -> [Graduate_Archive_V1_ArchiveCodeEntry] {
        List.allCases.map { entry in
            var proto = Graduate_Archive_V1_ArchiveCodeEntry()
            proto.code = entry.rawValue
            proto.name = entry.name
            return proto
        }
    }
}
