import GraduateDomain

/// A graduate's application (申请记录, DOMAIN.md §5) to register or change 档案/户口信息.
public enum ArchiveApplicationStatus: String, CaseIterable, Sendable, Codable {
    case awaitingDepartment
    case awaitingSchool
    case approved
    case rejected
    case withdrawn

    public var name: String {
        switch self {
        case .awaitingDepartment: "档案/户口信息审核中，等待院系审核"
        case .awaitingSchool: "档案/户口信息审核中，等待学校审核"
        case .approved: "审核通过"
        case .rejected: "审核不通过"
        case .withdrawn: "毕业生已撤回"
        }
    }

    /// Under review: the record is 审核中 (or 已登记 with a change under review).
    public var isUnderReview: Bool { self == .awaitingDepartment || self == .awaitingSchool }
}

public enum ArchiveApplicationAction: String, CaseIterable, Sendable, Codable {
    case departmentApprove
    case departmentReject
    case schoolApprove
    case schoolReject
    /// The graduate edits a refused application and submits it again.
    case resubmit
    /// The graduate withdraws an application under review.
    case withdraw

    public var name: String {
        switch self {
        case .departmentApprove: "院系审核通过"
        case .departmentReject: "院系审核不通过"
        case .schoolApprove: "学校审核通过"
        case .schoolReject: "学校审核不通过"
        case .resubmit: "修改后重新提交"
        case .withdraw: "撤回"
        }
    }

    public var party: ArchiveParty {
        switch self {
        case .departmentApprove, .departmentReject: .departmentReviewer
        case .schoolApprove, .schoolReject: .school
        case .resubmit, .withdraw: .graduate
        }
    }

    /// Every 不通过 says why (DOMAIN.md §4).
    public var requiresReason: Bool { self == .departmentReject || self == .schoolReject }
}

/// Who takes a step; the service checks the caller is that party (and the right 院系).
public enum ArchiveParty: String, CaseIterable, Sendable {
    case graduate
    case departmentReviewer
    case school
}

/// 登记设置 as they stand when a step is taken.
public struct ArchiveSettings: Hashable, Sendable {
    /// 开启登记: graduates may submit.
    public var isOpen: Bool
    public var reviewMode: ArchiveReviewMode

    public init(isOpen: Bool = true, reviewMode: ArchiveReviewMode = .schoolOnly) {
        self.isOpen = isOpen
        self.reviewMode = reviewMode
    }
}

/// An application's place in review, with the 审核方式 it was submitted under: a change of
/// 登记设置 does not move applications already under review (§5).
public struct ArchiveApplicationState: Hashable, Sendable, Codable {
    public var status: ArchiveApplicationStatus
    public var reviewMode: ArchiveReviewMode

    public init(status: ArchiveApplicationStatus, reviewMode: ArchiveReviewMode) {
        self.status = status
        self.reviewMode = reviewMode
    }
}

/// Why a step was refused, in Chinese for the person who tried it.
public struct ArchiveRefusal: Error, Hashable, Sendable {
    public var message: String
    /// The request field at fault, when there is one.
    public var field: String?

    public init(_ message: String, field: String? = nil) {
        self.message = message
        self.field = field
    }
}

/// The application's state machine, pure: the next state or a refusal that changes nothing.
/// Approval is the moment the application's values become the record's values in force.
public enum ArchiveApplicationMachine {
    static let closedMessage = "档案/户口信息登记已关闭，暂不能提交或修改，请联系学校"
    static let underReviewMessage = "已有审核中的档案/户口信息申请，请等待审核结果或撤回后再提交"

    /// A graduate's new application goes to the first reviewer of the mode now in force.
    public static func submit(settings: ArchiveSettings, hasApplicationUnderReview: Bool) throws(ArchiveRefusal) -> ArchiveApplicationState {
        if !settings.isOpen { throw ArchiveRefusal(Self.closedMessage) }
        if hasApplicationUnderReview { throw ArchiveRefusal(Self.underReviewMessage) }
        return Self.firstReview(settings.reviewMode)
    }

    /// The school edits or imports a record directly (no review: the school is the reviewer),
    /// even when registration is closed — but not over an application under review, whose
    /// approval would then undo the school's edit unseen.
    public static func checkSchoolEdit(hasApplicationUnderReview: Bool) throws(ArchiveRefusal) {
        if hasApplicationUnderReview { throw ArchiveRefusal("该毕业生有审核中的档案/户口信息申请，请先审核") }
    }

    public static func apply(
        _ action: ArchiveApplicationAction, to state: ArchiveApplicationState, settings: ArchiveSettings, reason: String = ""
    ) throws(ArchiveRefusal) -> ArchiveApplicationState {
        guard let target = Self.target(action, state, settings) else {
            throw ArchiveRefusal("当前状态为“\(state.status.name)”，不能\(action.name)")
        }
        if action.requiresReason, reason.trimmingWhiteSpace().isEmpty { throw ArchiveRefusal("请填写审核不通过的原因", field: "reason") }
        // Closing registration stops new submissions; reviews and withdrawals carry on.
        if action == .resubmit, !settings.isOpen { throw ArchiveRefusal(Self.closedMessage) }
        return target
    }

    private static func firstReview(_ mode: ArchiveReviewMode) -> ArchiveApplicationState {
        ArchiveApplicationState(status: mode == .departmentThenSchool ? .awaitingDepartment : .awaitingSchool, reviewMode: mode)
    }

    private static func target(_ action: ArchiveApplicationAction, _ state: ArchiveApplicationState, _ settings: ArchiveSettings) -> ArchiveApplicationState? {
        func moved(_ status: ArchiveApplicationStatus) -> ArchiveApplicationState {
            ArchiveApplicationState(status: status, reviewMode: state.reviewMode)
        }
        return switch (state.status, action) {
        case (.awaitingDepartment, .departmentApprove): moved(.awaitingSchool)
        case (.awaitingDepartment, .departmentReject), (.awaitingSchool, .schoolReject): moved(.rejected)
        case (.awaitingSchool, .schoolApprove): moved(.approved)
        // A resubmission is a new submission: it follows the mode in force now.
        case (.rejected, .resubmit): Self.firstReview(settings.reviewMode)
        case (.awaitingDepartment, .withdraw), (.awaitingSchool, .withdraw): moved(.withdrawn)
        default: nil
        }
    }
}
