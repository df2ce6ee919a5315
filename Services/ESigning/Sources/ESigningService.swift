public import AuthKit
import ESigningDomain
import Foundation
public import GRDB
public import GRPCCore
public import GraduateProto
public import Logging
import ServiceKit
public import StorageKit

/// The e-signing service's RPC handlers (`graduate.esigning.v1.ESigning`), split by area
/// into the `ESigning+*.swift` files. The flows' rules are `SigningMachine`'s (pure code in
/// ESigningDomain); this layer finds the facts the machine needs, checks who is calling,
/// and stores each step with its history and events in one transaction.
public struct ESigningService: Sendable {
    public struct Settings: Sendable {
        /// 应约有效期 maximum when a school has not set one (DOMAIN.md §3, inferred).
        public var defaultMaxResponseDays: Int32 = 7
        /// Where people reach the gateway: the agreement's QR code links to its verification page there.
        public var publicURL = "http://127.0.0.1:8080"
        /// Now, in Unix milliseconds; tests move it.
        public var clock: @Sendable () -> Int64 = { nowMilliseconds() }

        public init() {}
    }

    let pool: DatabasePool
    /// The signing steps commit in groups (one fsync for many concurrent steps).
    let writer: GroupCommit
    let outbox: Outbox
    let settings: Settings
    let logger: Logger

    /// Nobody subscribes yet: the confirmation, archive and messaging services will, and
    /// get the whole history when they do.
    /// Archive follows the destinations (the default receiving unit, §5); confirmation will too.
    public static let eventSubscribers: [String] = ["archive"]

    public init(pool: DatabasePool, outbox: Outbox, settings: Settings = Settings(), logger: Logger) {
        self.pool = pool
        self.writer = GroupCommit(pool: pool)
        self.outbox = outbox
        self.settings = settings
        self.logger = logger
    }

    public static func openDatabase(path: String, synchronous: SynchronousMode) throws -> DatabasePool {
        try ServiceDatabase.open(path: path, synchronous: synchronous, migrator: ESigningSchema.migrator())
    }

    /// Who may call which method; the handlers add school, 院系, party and reviewer checks.
    public static let accessRules: [String: AccessRule] = {
        let service = "graduate.esigning.v1.ESigning/"
        let staff = AccessRule.kinds([.staff])
        let rules: [String: AccessRule] = [
            "GetSigningSettings": .kinds([.staff, .graduate]),
            "UpdateSigningSettings": .staffRoles([.schoolAdmin]),
            "SendOffer": .kinds([.employer]),
            "ApplyForAgreement": .kinds([.graduate]),
            "SubmitBackRegistration": .kinds([.graduate]),
            "Act": .kinds([.graduate, .employer, .staff]),
            "BulkAct": .kinds([.staff]),
            "GetAgreement": .kinds([.graduate, .employer, .staff]),
            "ListAgreements": .kinds([.graduate, .employer, .staff]),
            "GetCounters": staff,
            "GetCodeLists": .open,
            "UploadAttachment": .kinds([.graduate, .staff]),
            "GetAttachment": .kinds([.graduate, .employer, .staff]),
            "GetAgreementPDF": .kinds([.graduate, .employer, .staff]),
            "VerifyAgreement": .open,
            "ExportAgreements": staff,
            "GetAgreementTemplate": .kinds([.staff, .graduate]),
            "ApplyTermination": .kinds([.graduate, .employer]),
            "ForceTermination": staff,
            "ActOnTermination": .kinds([.graduate, .employer, .staff]),
            "GetTermination": .kinds([.graduate, .employer, .staff]),
            "ListTerminations": .kinds([.graduate, .employer, .staff]),
            "ExportTerminations": staff,
            "RegisterDestination": .kinds([.graduate, .staff]),
            "ActOnRegistration": .kinds([.graduate, .staff]),
            "GetRegistration": .kinds([.graduate, .staff]),
            "ListRegistrations": .kinds([.graduate, .staff]),
            "ExportRegistrations": staff,
            "ListInvalidRecords": staff,
            "ExportInvalidRecords": staff,
            "ListWarningEmployers": staff,
            "AddWarningEmployer": staff,
            "RemoveWarningEmployer": staff,
            "GetStatistics": staff,
            "ExportStatistics": staff,
        ]
        var all = Dictionary(uniqueKeysWithValues: rules.map { (service + $0.key, $0.value) })
        // Only other services deliver events (the accounts relay, with a service token).
        all["graduate.events.v1.EventSink/Deliver"] = .kinds([.service])
        return all
    }()

    func caller() throws -> Principal {
        guard let principal = Principal.current else { throw RPCError.unauthenticated("未登录或登录已过期，请重新登录") }
        return principal
    }

    /// A staff caller with the 毕业去向登记与网签 module, and their school.
    func staffCaller() throws -> (Principal, String) {
        let principal = try self.caller()
        guard principal.kind == .staff, let school = principal.schoolCode else { throw RPCError.denied() }
        guard principal.modules.contains("esigning") else { throw RPCError.denied("您的账号没有“毕业去向登记与网签”模块的权限") }
        return (principal, school)
    }

    /// The 院系 name of a department-scoped staff account (roster 院系 names are what records carry).
    static func departmentName(of principal: Principal, in db: Database) throws -> String? {
        try OrganisationCopy.departmentName(of: principal, in: db)
    }
}

extension ESigningService: Graduate_Esigning_V1_ESigning.SimpleServiceProtocol {}
