/// 数据统计 (DOMAIN.md §8, guide 图30): the columns of the per-院系 table. Each column is
/// defined as a filter of one of the lists, so the table and the lists always agree: a
/// number in the table is the total the list shows with that filter.
public enum StatisticsColumn: String, CaseIterable, Sendable {
    case signed
    case signingPending
    case signingRejected
    case terminated
    case terminationPending
    case terminationRejected
    case backRegistered
    case backRegistrationPending
    case backRegistrationRejected
    case registered
    case registrationPending
    case registrationRejected

    public var name: String {
        switch self {
        case .signed: "已签约"
        case .signingPending: "签约未审核"
        case .signingRejected: "签约未通过"
        case .terminated: "已解约"
        case .terminationPending: "解约未审核"
        case .terminationRejected: "解约未通过"
        case .backRegistered: "补登"
        case .backRegistrationPending: "补登未审核"
        case .backRegistrationRejected: "补登未通过"
        case .registered: "去向登记"
        case .registrationPending: "去向未审核"
        case .registrationRejected: "去向未通过"
        }
    }

    /// Which list a column counts.
    public enum Source: String, Sendable {
        case agreements
        case terminations
        case registrations
    }

    /// The list, and the filter on it: flows (agreements only) and statuses.
    public var filter: (source: Source, flows: [SigningFlow], statuses: [String]) {
        let signing: [SigningFlow] = [.employerOffer, .graduateApplication]
        switch self {
        case .signed:
            return (.agreements, signing, [AgreementStatus.effective.rawValue])
        case .signingPending:
            return (.agreements, signing, AgreementStatus.allCases.filter { $0.awaitsDepartment || $0.awaitsSchool }
                .filter { SigningMachine.statuses(of: .backRegistration).contains($0) == false }.map(\.rawValue))
        case .signingRejected:
            return (.agreements, signing, [AgreementStatus.departmentRejected, .schoolRejected, .applicationDepartmentRejected,
                                           .applicationSchoolRejected].map(\.rawValue))
        case .terminated:
            return (.terminations, [], [TerminationStatus.approved, .forced].map(\.rawValue))
        case .terminationPending:
            return (.terminations, [], TerminationStatus.allCases.filter { $0.awaitsDepartment || $0.awaitsSchool }.map(\.rawValue))
        case .terminationRejected:
            return (.terminations, [], [TerminationStatus.rejected.rawValue])
        case .backRegistered:
            return (.agreements, [.backRegistration], [AgreementStatus.backRegistrationEffective.rawValue])
        case .backRegistrationPending:
            return (.agreements, [.backRegistration], [AgreementStatus.backRegistrationAwaitingDepartment, .backRegistrationAwaitingSchool].map(\.rawValue))
        case .backRegistrationRejected:
            return (.agreements, [.backRegistration], [AgreementStatus.backRegistrationRejected.rawValue])
        case .registered:
            return (.registrations, [], RegistrationStatus.allCases.filter(\.isEffective).map(\.rawValue))
        case .registrationPending:
            return (.registrations, [], [RegistrationStatus.awaitingDepartment, .awaitingSchool].map(\.rawValue))
        case .registrationRejected:
            return (.registrations, [], [RegistrationStatus.rejected.rawValue])
        }
    }
}

/// What a row of 数据统计 is (the charts by 学历 and 专业 beside the table by 院系). Each is a
/// set of the lists' filters, so a row's numbers link to its lists too.
public enum StatisticsGrouping: String, CaseIterable, Sendable {
    case department
    case educationLevel
    case major

    /// The grouping a request names ("" is the table's own, by 院系); nil for an unknown one.
    public init?(requested: String) {
        if requested.isEmpty { self = .department } else { self.init(rawValue: requested) }
    }

    /// The heading of the table's first column.
    public var heading: String {
        switch self {
        case .department: "院系"
        case .educationLevel: "学历"
        case .major: "专业"
        }
    }

    /// The record and roster columns a group is keyed by.
    public var columns: [String] {
        switch self {
        case .department: ["department"]
        case .educationLevel: ["education_level"]
        // A 专业 name may exist in two 院系: a group is the pair.
        case .major: ["department", "major"]
        }
    }
}

/// 落实率 as the table prints it: placed graduates over the roster, in percent with two
/// decimals ("0.00%" for an empty 院系).
public enum PlacementRate {
    public static func text(placed: Int, total: Int) -> String {
        guard total > 0 else { return "0.00%" }
        let hundredths = (placed * 10_000 + total / 2) / total
        let whole = hundredths / 100
        let fraction = hundredths % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}
