/// The counters of the 毕业去向登记与网签 module's home page (DOMAIN.md §13, guide 图8), as
/// the guide labels them: what waits for the school's review — or, for a 院系 account, for
/// the 院系's.
public enum HomeCounter: CaseIterable, Sendable {
    case pendingTotal
    case applications
    case signedAgreements
    case acceptedOffers
    case backRegistrations
    case terminations
    case registrations
    case voidRequests

    /// The staff list the counter opens (the console's page of that name).
    public var list: String {
        switch self {
        case .pendingTotal, .applications, .signedAgreements, .acceptedOffers: "agreements"
        case .backRegistrations: "back-registrations"
        case .terminations: "terminations"
        case .registrations, .voidRequests: "registrations"
        }
    }

    public func label(forDepartment department: Bool) -> String {
        let stage = department ? "院系" : "学校"
        return switch self {
        case .pendingTotal: "在线签约管理待审核总数"
        case .applications: department ? "就业协议审核中 等待院系审核" : "就业协议审核中 等待学校审核"
        case .signedAgreements: department ? "签约审核中 等待院系审核" : "签约审核中 等待学校审核"
        case .acceptedOffers: department ? "学生已同意签约 等待院系审核" : "学生已同意签约 等待学校审核"
        case .backRegistrations: "补登审核中 等待\(stage)审核"
        case .terminations: "解约审核中 等待\(stage)审核"
        case .registrations: "去向登记审核中 等待\(stage)审核"
        case .voidRequests: "原有毕业去向作废申请 等待\(stage)审核"
        }
    }

    /// The statuses a counter adds up, of agreements, terminations and registrations (their
    /// codes overlap — "awaitingSchool" is both a termination's and a registration's — so
    /// they stay apart); `pendingTotal` is the three 在线签约 counts it heads.
    public func statuses(forDepartment department: Bool) -> (agreements: [AgreementStatus], terminations: [TerminationStatus], registrations: [RegistrationStatus]) {
        // Online and offline terminations alike, waiting for this stage.
        let terminations = TerminationStatus.allCases.filter { department ? $0.awaitsDepartment : $0.awaitsSchool }
        return switch self {
        // The three online signing counters beside it, added up (补登, 解约 and 去向登记 have their own).
        case .pendingTotal: (
            department ? [.applicationAwaitingDepartment, .signedAwaitingDepartment, .acceptedAwaitingDepartment]
                : [.applicationAwaitingSchool, .signedAwaitingSchool, .acceptedAwaitingSchool], [], []
        )
        case .applications: ([department ? .applicationAwaitingDepartment : .applicationAwaitingSchool], [], [])
        case .signedAgreements: ([department ? .signedAwaitingDepartment : .signedAwaitingSchool], [], [])
        case .acceptedOffers: ([department ? .acceptedAwaitingDepartment : .acceptedAwaitingSchool], [], [])
        case .backRegistrations: ([department ? .backRegistrationAwaitingDepartment : .backRegistrationAwaitingSchool], [], [])
        case .terminations: ([], terminations, [])
        case .registrations: ([], [], [department ? .awaitingDepartment : .awaitingSchool])
        case .voidRequests: ([], [], [department ? .voidRequestAwaitingDepartment : .voidRequestAwaitingSchool])
        }
    }
}
