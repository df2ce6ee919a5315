public import AuthKit
import Foundation
public import GRDB
public import GRPCCore
public import GraduateProto
public import Logging
import ServiceKit
public import StorageKit

/// The archive service's RPC handlers (`graduate.archive.v1.Archive`): 登记设置, the graduate's
/// record and applications, the reviews, the school's edits, lists and statistics
/// (DOMAIN.md §5). Split by area into the `Archive+*.swift` files; roles are declared in
/// `accessRules`, school and 院系 scope are checked in each handler.
public struct ArchiveService: Sendable {
    let pool: DatabasePool
    let outbox: Outbox
    let logger: Logger

    /// Who receives archive's events (none yet: transfer reports and confirmation come next).
    public static let eventSubscribers: [String] = []

    public init(pool: DatabasePool, outbox: Outbox, logger: Logger) {
        self.pool = pool
        self.outbox = outbox
        self.logger = logger
    }

    public static func openDatabase(path: String, synchronous: SynchronousMode) throws -> DatabasePool {
        try ServiceDatabase.open(path: path, synchronous: synchronous, migrator: ArchiveSchema.migrator())
    }

    public static let accessRules: [String: AccessRule] = {
        let service = "graduate.archive.v1.Archive/"
        let staff = AccessRule.kinds([.staff])
        let rules: [String: AccessRule] = [
            "GetArchiveSettings": .kinds([.staff, .graduate]),
            "UpdateArchiveSettings": .staffRoles([.schoolAdmin]),
            "GetMyArchiveRecord": .kinds([.graduate]),
            "SubmitArchiveApplication": .kinds([.graduate]),
            "ActOnArchiveApplication": .kinds([.graduate, .staff]),
            "GetArchiveApplication": .kinds([.graduate, .staff]),
            "ListArchiveApplications": .kinds([.graduate, .staff]),
            "GetArchiveRecord": staff,
            "ListArchiveRecords": staff,
            "UpdateArchiveRecord": .staffRoles([.schoolAdmin, .schoolOperator]),
            "GetArchiveStatistics": staff,
            "GetArchiveCounters": staff,
            // The forms' code lists: the graduates' application and the staff's pages.
            "GetArchiveCodeLists": .kinds([.staff, .graduate]),
            // 批量导入 is the school's: the handler refuses 院系 roles, with why, before reading the file.
            "ImportArchiveRecords": staff,
            "GetArchiveImportTemplate": staff,
            "GetArchiveCodeList": staff,
            "ExportArchiveRecords": staff,
            "ExportArchiveApplications": staff,
            "ExportArchiveStatistics": staff,
        ]
        var all = Dictionary(uniqueKeysWithValues: rules.map { (service + $0.key, $0.value) })
        // Only other services deliver events (the accounts and esigning relays, with a service token).
        all["graduate.events.v1.EventSink/Deliver"] = .kinds([.service])
        return all
    }()

    func caller() throws -> Principal {
        guard let principal = Principal.current else { throw RPCError.unauthenticated("未登录或登录已过期，请重新登录") }
        return principal
    }

    /// A staff caller with the 档案/户口信息管理 module, and their school.
    func staffCaller() throws -> (Principal, String) {
        let principal = try self.caller()
        guard principal.kind == .staff, let school = principal.schoolCode else { throw RPCError.denied() }
        guard principal.modules.contains(ArchiveProjections.module) else { throw RPCError.denied("您的账号没有“档案/户口信息管理”模块的权限") }
        return (principal, school)
    }

    /// The 院系 name of a department-scoped staff account, nil for school staff.
    static func departmentName(of principal: Principal, in db: Database) throws -> String? {
        try OrganisationCopy.departmentName(of: principal, in: db)
    }
}

extension ArchiveService: Graduate_Archive_V1_Archive.SimpleServiceProtocol {}
