public import AuthKit
import DocumentKit
import Foundation
public import GRDB
public import GRPCCore
public import GraduateProto
public import Logging
public import StorageKit
import ServiceKit

/// The accounts service's RPC handlers (`graduate.accounts.v1.Accounts`). The handlers are
/// split by area into the `Accounts+*.swift` files; authorisation by role is declared in
/// `accessRules`, and school and department scope are checked in each handler.
public struct AccountsService: Sendable {
    public struct Settings: Sendable {
        public var accessTokenLifetime: Duration = .seconds(15 * 60)
        public var refreshTokenLifetime: Duration = .seconds(7 * 24 * 3600)
        /// Failures of one account (or of one 身份证号's activation) after which each further
        /// attempt needs a captcha, as long as its back-off remembers them.
        public var failuresBeforeCaptcha = 3
        /// Back-off after failed sign-ins and activations: per account or 身份证号, and per
        /// client address (`ClientAddress`), whatever the captcha says.
        public var accountBackoff = BackoffPolicy.perAccount
        public var addressBackoff = BackoffPolicy.perAddress
        /// The back-off's clock, in Unix milliseconds; tests move it.
        public var now: @Sendable () -> Int64 = { nowMilliseconds() }
        /// Told of every password check at sign-in: each attempt makes exactly one, whether or
        /// not the account exists (tests count them).
        public var passwordChecked: @Sendable () -> Void = {}
        /// Makes captcha answers; tests fix it so they can answer.
        public var makeCaptchaAnswer: @Sendable () -> String = { CaptchaImage.randomAnswer() }
        /// The public half of the token key, handed to the other services (GetTokenPublicKey).
        public var tokenPublicKeyPEM = ""
        /// The deployment's service secret: the other services exchange it for service tokens
        /// (IssueServiceToken). Empty: no service token is issued.
        public var serviceSecret = ""
        /// The most steps, and the longest time, a roster import writes per transaction
        /// (RosterImportJob): others' writes wait for one such chunk at most.
        public var rosterImportChunk = 1_000
        public var rosterImportChunkTime: Duration = .milliseconds(10)
        /// The pause after each chunk: the import's writer would otherwise keep a core busy
        /// for the whole file, and a sign-in's scrypt shares the other with the services
        /// taking the import's events.
        public var rosterImportPause: Duration = .milliseconds(2)
        /// Told after each chunk of an import is committed, with how many steps are in; a test
        /// throws here to stop an import the way a crash would.
        public var rosterImportChunkWritten: @Sendable (Int) async throws -> Void = { _ in }

        public init() {}
    }

    let pool: DatabasePool
    let outbox: Outbox
    let issuer: TokenIssuer
    let hasher: PasswordHasher
    let settings: Settings
    let logger: Logger
    /// The sessions this service ended, which its `AuthInterceptor` refuses; the other
    /// services learn of them by event.
    let revokedSessions: RevokedSessions
    /// The file each school previewed last, read and planned (RosterPreparations).
    let rosterPreparations = RosterPreparations()

    /// The service's subscribers: every service that keeps graduate data gets roster events.
    public static let eventSubscribers: [String] = ["esigning", "archive"]

    /// Delivers events to a subscriber's EventSink, signed in as the accounts service
    /// (services trust no caller without a token, each other included).
    public func eventSubscriber<Transport: ClientTransport>(name: String, client: GRPCClient<Transport>) -> OutboxSubscriber {
        .rpc(name: name, client: client) {
            .bearer(try await self.issuer.issue(
                for: Principal(subject: "accounts", kind: .service, displayName: "账号服务"), lifetime: .seconds(300)
            ))
        }
    }

    public init(
        pool: DatabasePool,
        outbox: Outbox,
        issuer: TokenIssuer,
        settings: Settings = Settings(),
        revokedSessions: RevokedSessions,
        cheapPasswordHashingForTests: Bool = false,
        logger: Logger
    ) {
        self.pool = pool
        self.outbox = outbox
        self.issuer = issuer
        self.hasher = cheapPasswordHashingForTests ? .forTests : PasswordHasher()
        self.settings = settings
        self.logger = logger
        self.revokedSessions = revokedSessions
    }

    /// Opens (creating or migrating) the accounts database.
    public static func openDatabase(path: String, synchronous: SynchronousMode) throws -> DatabasePool {
        try ServiceDatabase.open(path: path, synchronous: synchronous, migrator: AccountsSchema.migrator())
    }

    /// Who may call which method; handlers add school and department scope.
    public static let accessRules: [String: AccessRule] = {
        let service = "graduate.accounts.v1.Accounts/"
        let schoolAdmin = AccessRule.staffRoles([.schoolAdmin])
        let schoolStaff = AccessRule.staffRoles([.schoolAdmin, .schoolOperator])
        let anyStaff = AccessRule.kinds([.staff])
        // The school's 就业管理系统 (API key) maintains the roster like school staff.
        let rosterWriters = AccessRule.anyOf([schoolStaff, .kinds([.employmentSystem])])
        let rosterReaders = AccessRule.kinds([.staff, .employmentSystem])
        let rules: [String: AccessRule] = [
            "CreateSchool": .kinds([.platformOperator]),
            "ListSchools": .kinds([.platformOperator]),
            "CreateDepartment": schoolAdmin,
            "ListDepartments": anyStaff,
            "CreateStaffAccount": schoolAdmin,
            "ListStaffAccounts": schoolAdmin,
            "SetStaffAccountEnabled": schoolAdmin,
            "ResetStaffPassword": schoolAdmin,
            "ChangePassword": .authenticated,
            "SignIn": .open,
            "CreateCaptcha": .open,
            "ActivateGraduate": .open,
            "ResetGraduatePassword": .open,
            "Refresh": .open,
            "SignOut": .open,
            "GetMyAccount": .authenticated,
            "GetTokenPublicKey": .open,
            "IssueServiceToken": .open,
            "ImportRoster": rosterWriters,
            "PreviewRosterImport": rosterWriters,
            "ListGraduates": rosterReaders,
            "ExportGraduates": rosterReaders,
            "AddGraduate": rosterWriters,
            "UpdateGraduate": rosterWriters,
            "RemoveGraduate": rosterWriters,
            "ChangeTrainingMode": schoolStaff,
            "ListTrainingModeChanges": anyStaff,
            "GetRosterTemplate": anyStaff,
            "SetDepartmentReviewer": schoolAdmin,
            "ListDepartmentReviewers": anyStaff,
            "CreateApiKey": schoolAdmin,
            "ListApiKeys": schoolAdmin,
            "RevokeApiKey": schoolAdmin,
            "ExchangeApiKey": .open,
        ]
        return Dictionary(uniqueKeysWithValues: rules.map { (service + $0.key, $0.value) })
    }()

    /// What an account that must still change its initial password may call: changing it and
    /// "who am I" (signing out needs no access token). Every other method, here and in every
    /// other service, refuses its token.
    public static let allowedBeforePasswordChange: Set<String> = [
        "graduate.accounts.v1.Accounts/ChangePassword",
        "graduate.accounts.v1.Accounts/GetMyAccount",
    ]

    /// The calling principal; the interceptor guarantees one for every non-open method.
    func caller() throws -> Principal {
        guard let principal = Principal.current else {
            throw RPCError(code: .unauthenticated, message: "未登录或登录已过期，请重新登录")
        }
        return principal
    }

    /// The school of a staff caller (or of the school's 就业管理系统, which acts school-wide).
    func callerSchool() throws -> (Principal, String) {
        let principal = try self.caller()
        guard principal.kind == .staff || principal.kind == .employmentSystem, let school = principal.schoolCode else {
            throw RPCError.denied()
        }
        return (principal, school)
    }
}

extension AccountsService: Graduate_Accounts_V1_Accounts.SimpleServiceProtocol {}
