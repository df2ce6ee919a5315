/// How a signing began (DOMAIN.md §4.1–§4.3). The flow decides which steps follow a status.
public enum SigningFlow: String, CaseIterable, Sendable, Codable {
    /// 用人单位发起的线上签约
    case employerOffer
    /// 毕业生申请电子就业协议书线下签约
    case graduateApplication
    /// 补登
    case backRegistration

    public var name: String {
        switch self {
        case .employerOffer: "单位发起线上签约"
        case .graduateApplication: "学生申请电子协议线下签约"
        case .backRegistration: "补登"
        }
    }

    /// 签约发起方, as the staff list shows it.
    public var initiator: String {
        switch self {
        case .employerOffer: "用人单位"
        case .graduateApplication, .backRegistration: "毕业生"
        }
    }

    /// The 签约方式 digit of the 协议编号 (§6).
    public var numberDigit: Character {
        switch self {
        case .employerOffer: "4"
        case .graduateApplication: "1"
        case .backRegistration: "2"
        }
    }
}

/// Every status of the three signing flows, stored by its raw value and shown by `name`,
/// exactly as DOMAIN.md §4.1–§4.3 spells them.
public enum AgreementStatus: String, CaseIterable, Sendable, Codable {
    // §4.1
    case offered
    case acceptedAwaitingDepartment
    case acceptedAwaitingSchool
    case refusedByGraduate
    case expired
    case withdrawnByEmployer
    // §4.2
    case applicationAwaitingDepartment
    case applicationAwaitingSchool
    case applicationApproved
    case applicationDepartmentRejected
    case applicationSchoolRejected
    case signedAwaitingDepartment
    case signedAwaitingSchool
    case withdrawnByGraduate
    // §4.1 and §4.2: the review of the agreement itself
    case departmentRejected
    case schoolRejected
    case effective
    // §4.3
    case backRegistrationAwaitingDepartment
    case backRegistrationAwaitingSchool
    case backRegistrationRejected
    case backRegistrationEffective
    // every flow, after effect
    case voided
    /// §4.4/§4.5: a termination was approved, or the school forced it (the termination
    /// record says which).
    case terminated

    public var name: String {
        switch self {
        case .offered: "单位已发起，等待毕业生回应"
        case .acceptedAwaitingDepartment: "学生已同意签约，等待院系审核"
        case .acceptedAwaitingSchool: "学生已同意签约，等待学校审核"
        case .refusedByGraduate: "毕业生已拒绝，签约失败"
        case .expired: "签约逾期未回应，签约失败"
        case .withdrawnByEmployer: "单位已撤回"
        case .applicationAwaitingDepartment: "就业协议审核中，等待院系审核"
        case .applicationAwaitingSchool: "就业协议审核中，等待学校审核"
        case .applicationApproved: "就业协议审核通过，待上传已签协议"
        case .applicationDepartmentRejected: "就业协议审核不通过（院系审核不通过）"
        case .applicationSchoolRejected: "就业协议审核不通过（学校审核不通过）"
        case .signedAwaitingDepartment: "签约审核中，等待院系审核"
        case .signedAwaitingSchool: "签约审核中，等待学校审核"
        case .withdrawnByGraduate: "毕业生已撤回"
        case .departmentRejected: "签约审核不通过（院系审核不通过）"
        case .schoolRejected: "签约审核不通过（学校审核不通过）"
        case .effective: "签约审核通过"
        case .backRegistrationAwaitingDepartment: "补登审核中，等待院系审核"
        case .backRegistrationAwaitingSchool: "补登审核中，等待学校审核"
        case .backRegistrationRejected: "补登审核不通过"
        case .backRegistrationEffective: "补登审核通过"
        case .voided: "学校已作废"
        case .terminated: "已解约"
        }
    }

    /// The graduate's destination is this agreement (签约审核通过 / 补登审核通过).
    public var isEffective: Bool { self == .effective || self == .backRegistrationEffective }

    /// The graduate has agreed to an offer (§4.1): before that (待学生确认, refused, expired,
    /// withdrawn) the offering employer sees only what it entered of the graduate.
    public var graduateHasAgreed: Bool {
        ![.offered, .refusedByGraduate, .expired, .withdrawnByEmployer].contains(self)
    }

    /// Waiting for the 院系 reviewer.
    public var awaitsDepartment: Bool {
        [.acceptedAwaitingDepartment, .applicationAwaitingDepartment, .signedAwaitingDepartment, .backRegistrationAwaitingDepartment]
            .contains(self)
    }

    /// Waiting for the school reviewer.
    public var awaitsSchool: Bool {
        [.acceptedAwaitingSchool, .applicationAwaitingSchool, .signedAwaitingSchool, .backRegistrationAwaitingSchool].contains(self)
    }
}

/// 审核方式 (§3): who reviews, in what order.
public enum ReviewMode: String, CaseIterable, Sendable, Codable {
    /// 仅学校审核
    case schoolOnly
    /// 院系审核+学校审核
    case departmentThenSchool

    public var name: String {
        switch self {
        case .schoolOnly: "仅学校审核"
        case .departmentThenSchool: "院系审核+学校审核"
        }
    }
}
