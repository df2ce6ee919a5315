/// Who is calling. Carried in a signed token, checked on every call, and put in a
/// task-local for the handler while it runs.
public struct Principal: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// 平台运维
        case platformOperator
        /// 学校管理员, 学校操作员, 院系管理员, 院系操作员
        case staff
        /// 毕业生
        case graduate
        /// 用人单位
        case employer
        /// Another service of the system calling on its own behalf (event relays, say).
        case service
        /// A school's 就业管理系统, signed in with one of the school's API keys.
        case employmentSystem
    }

    /// The staff roles of DOMAIN.md §1.
    public enum StaffRole: String, Sendable, Codable, CaseIterable {
        case schoolAdmin
        case schoolOperator
        case departmentAdmin
        case departmentOperator

        /// The role's name as users see it.
        public var displayName: String {
            switch self {
            case .schoolAdmin: "学校管理员"
            case .schoolOperator: "学校操作员"
            case .departmentAdmin: "院系管理员"
            case .departmentOperator: "院系操作员"
            }
        }

        /// Department-scoped roles see only their own 院系's graduates.
        public var isDepartmentScoped: Bool { self == .departmentAdmin || self == .departmentOperator }
    }

    /// The account id (staff, graduate, employer) or the service's name.
    public var subject: String
    public var kind: Kind
    public var role: StaffRole?
    /// 院校代码 of the school the principal belongs to (staff and graduates).
    public var schoolCode: String?
    /// The 院系 of a department-scoped account.
    public var departmentID: String?
    /// The modules granted to a staff account (e.g. "esigning", "archive").
    public var modules: [String]
    /// The name people know the account by (姓名, 单位名称), for audit trails.
    public var displayName: String?
    /// The account still has the initial password it was given (a new school's or staff
    /// account's, or one reset by an admin). Until it is changed `AuthInterceptor` refuses
    /// the token for everything except the few methods a service names for it (changing the
    /// password, "who am I"), in every service.
    public var mustChangePassword: Bool
    /// The session the token belongs to: one sign-in and its refreshes, or one API key. A
    /// session revoked (signed out, the account disabled, …) ends all its tokens at once in
    /// every service (`RevokedSessions`). Service tokens have none.
    public var sessionID: String?

    public init(
        subject: String,
        kind: Kind,
        role: StaffRole? = nil,
        schoolCode: String? = nil,
        departmentID: String? = nil,
        modules: [String] = [],
        displayName: String? = nil,
        mustChangePassword: Bool = false,
        sessionID: String? = nil
    ) {
        self.subject = subject
        self.kind = kind
        self.role = role
        self.schoolCode = schoolCode
        self.departmentID = departmentID
        self.modules = modules
        self.displayName = displayName
        self.mustChangePassword = mustChangePassword
        self.sessionID = sessionID
    }

    private enum CodingKeys: String, CodingKey {
        case subject, kind, role, schoolCode, departmentID, modules, displayName, mustChangePassword, sessionID
    }

    /// Tokens signed before the claims existed have no `mustChangePassword` (false) and no
    /// `sessionID`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.subject = try container.decode(String.self, forKey: .subject)
        self.kind = try container.decode(Kind.self, forKey: .kind)
        self.role = try container.decodeIfPresent(StaffRole.self, forKey: .role)
        self.schoolCode = try container.decodeIfPresent(String.self, forKey: .schoolCode)
        self.departmentID = try container.decodeIfPresent(String.self, forKey: .departmentID)
        self.modules = try container.decode([String].self, forKey: .modules)
        self.displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        self.mustChangePassword = try container.decodeIfPresent(Bool.self, forKey: .mustChangePassword) ?? false
        self.sessionID = try container.decodeIfPresent(String.self, forKey: .sessionID)
    }

    /// The principal of the call being handled, set by `AuthInterceptor`.
    @TaskLocal public static var current: Principal?
}
