import Foundation

/// 其他毕业去向信息登记 (DOMAIN.md §4.6): a destination that is not an employment agreement
/// (§7's other codes), registered by the graduate with its proof and reviewed like the
/// agreements; once approved it is the graduate's effective destination until voided.
public enum RegistrationStatus: String, CaseIterable, Sendable, Codable {
    case awaitingDepartment
    case awaitingSchool
    case approved
    case rejected
    /// 原有毕业去向作废申请: the graduate asked to void an approved registration; it stays
    /// effective while the request is reviewed.
    case voidRequestAwaitingDepartment
    case voidRequestAwaitingSchool
    case voided
    case withdrawn

    public var name: String {
        switch self {
        case .awaitingDepartment: "去向登记审核中，等待院系审核"
        case .awaitingSchool: "去向登记审核中，等待学校审核"
        case .approved: "去向登记审核通过"
        case .rejected: "去向登记审核不通过"
        case .voidRequestAwaitingDepartment: "原有毕业去向作废申请，等待院系审核"
        case .voidRequestAwaitingSchool: "原有毕业去向作废申请，等待学校审核"
        case .voided: "学校已作废"
        case .withdrawn: "毕业生已撤回"
        }
    }

    /// The graduate's destination is this registration.
    public var isEffective: Bool { [.approved, .voidRequestAwaitingDepartment, .voidRequestAwaitingSchool].contains(self) }
    public var awaitsDepartment: Bool { self == .awaitingDepartment || self == .voidRequestAwaitingDepartment }
    public var awaitsSchool: Bool { self == .awaitingSchool || self == .voidRequestAwaitingSchool }
    public var isClosed: Bool { self == .voided || self == .withdrawn }
}

public enum RegistrationAction: String, CaseIterable, Sendable, Codable {
    case departmentApprove
    case departmentReject
    case schoolApprove
    case schoolReject
    /// The graduate corrects a refused registration and submits it again.
    case resubmit
    /// The graduate withdraws a registration before it is approved.
    case withdraw
    /// The school corrects an approved registration.
    case amend
    /// The school voids an approved registration.
    case void
    /// The graduate asks for the approved registration to be voided (原有毕业去向作废申请).
    case requestVoid

    public var name: String {
        switch self {
        case .departmentApprove: "院系审核通过"
        case .departmentReject: "院系审核不通过"
        case .schoolApprove: "学校审核通过"
        case .schoolReject: "学校审核不通过"
        case .resubmit: "修改后重新提交"
        case .withdraw: "撤回"
        case .amend: "学校修改"
        case .void: "学校作废"
        case .requestVoid: "申请作废原有毕业去向"
        }
    }

    public var party: SigningParty {
        switch self {
        case .departmentApprove, .departmentReject: .departmentReviewer
        case .schoolApprove, .schoolReject, .amend, .void: .school
        case .resubmit, .withdraw, .requestVoid: .graduate
        }
    }

    public var requiresReason: Bool { [.departmentReject, .schoolReject, .void, .requestVoid].contains(self) }
}

/// Facts a registration step depends on.
public struct RegistrationContext: Sendable {
    public var reviewMode: ReviewMode
    /// Another destination of the graduate (an agreement or a registration) is effective.
    public var graduateHasOtherEffective: Bool
    /// After 31 August of the graduation year only the school changes a destination (§7).
    public var changesClosed: Bool
    public var reason: String

    public init(reviewMode: ReviewMode = .schoolOnly, graduateHasOtherEffective: Bool = false, changesClosed: Bool = false, reason: String = "") {
        self.reviewMode = reviewMode
        self.graduateHasOtherEffective = graduateHasOtherEffective
        self.changesClosed = changesClosed
        self.reason = reason
    }
}

public enum RegistrationMachine {
    /// A new registration: by the graduate into review; by the school (after 31 August, or
    /// on the graduate's behalf) approved at once, the school being the reviewer.
    public static func initialStatus(by party: SigningParty, context: RegistrationContext) throws(SigningRefusal) -> RegistrationStatus {
        if context.graduateHasOtherEffective { throw SigningRefusal(SigningMachine.alreadyEffective) }
        switch party {
        case .graduate:
            if context.changesClosed { throw SigningRefusal(Self.closedMessage) }
            return context.reviewMode == .departmentThenSchool ? .awaitingDepartment : .awaitingSchool
        case .school:
            return .approved
        default:
            throw SigningRefusal("只有毕业生本人或学校可以登记毕业去向")
        }
    }

    public static func apply(
        _ action: RegistrationAction, to status: RegistrationStatus, context: RegistrationContext
    ) throws(SigningRefusal) -> RegistrationStatus {
        guard let target = Self.target(action, status, context.reviewMode) else {
            throw SigningRefusal("当前状态为“\(status.name)”，不能\(action.name)")
        }
        if action.requiresReason, context.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let what = switch action {
            case .void: "请填写作废原因"
            case .requestVoid: "请填写申请作废的原因"
            default: "请填写审核不通过的原因"
            }
            throw SigningRefusal(what, field: "reason")
        }
        if context.changesClosed, action.party == .graduate, action != .withdraw { throw SigningRefusal(Self.closedMessage) }
        if target.isEffective, !status.isEffective, context.graduateHasOtherEffective {
            throw SigningRefusal(SigningMachine.alreadyEffective)
        }
        if action == .resubmit, context.graduateHasOtherEffective { throw SigningRefusal(SigningMachine.alreadyEffective) }
        return target
    }

    static let closedMessage = "已过毕业当年8月31日，毕业去向的登记和变更只能由学校办理"

    private static func target(_ action: RegistrationAction, _ status: RegistrationStatus, _ mode: ReviewMode) -> RegistrationStatus? {
        let departmentFirst = mode == .departmentThenSchool
        return switch (status, action) {
        case (.awaitingDepartment, .departmentApprove): .awaitingSchool
        case (.awaitingDepartment, .departmentReject), (.awaitingSchool, .schoolReject): .rejected
        case (.awaitingSchool, .schoolApprove): .approved
        case (.rejected, .resubmit): departmentFirst ? .awaitingDepartment : .awaitingSchool
        case (.awaitingDepartment, .withdraw), (.awaitingSchool, .withdraw), (.rejected, .withdraw): .withdrawn
        case (.approved, .amend): .approved
        case (.approved, .void): .voided
        case (.approved, .requestVoid): departmentFirst ? .voidRequestAwaitingDepartment : .voidRequestAwaitingSchool
        case (.voidRequestAwaitingDepartment, .departmentApprove): .voidRequestAwaitingSchool
        case (.voidRequestAwaitingSchool, .schoolApprove): .voided
        // A refused void request leaves the destination as it was.
        case (.voidRequestAwaitingDepartment, .departmentReject), (.voidRequestAwaitingSchool, .schoolReject): .approved
        default: nil
        }
    }
}
