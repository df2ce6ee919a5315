import Foundation

/// Terminations (解约) of an effective agreement, DOMAIN.md §4.4 (online-signed agreements:
/// the other party agrees first) and §4.5 (agreements signed offline: the graduate brings the
/// 解约函). The agreement stays effective until the termination is approved or forced.
public enum TerminationKind: String, CaseIterable, Sendable, Codable {
    /// 毕业生与用人单位线上解约 (§4.4)
    case online
    /// 毕业生申请的线下解约 (§4.5)
    case offline

    /// Agreements from an employer's online offer end online; those signed on paper offline.
    public init(agreementFlow: SigningFlow) {
        self = agreementFlow == .employerOffer ? .online : .offline
    }

    public var name: String { self == .online ? "线上解约" : "线下解约" }
}

public enum TerminationStatus: String, CaseIterable, Sendable, Codable {
    case employerRequested
    case graduateRequested
    case counterpartyRefused
    case awaitingDepartment
    case awaitingSchool
    case offlineAwaitingDepartment
    case offlineAwaitingSchool
    case approved
    case rejected
    case forced

    public var name: String {
        switch self {
        case .employerRequested: "单位申请解约，等待毕业生确认"
        case .graduateRequested: "毕业生申请解约，等待单位确认"
        case .counterpartyRefused: "对方不同意解约"
        case .awaitingDepartment: "解约审核中，等待院系审核"
        case .awaitingSchool: "解约审核中，等待学校审核"
        case .offlineAwaitingDepartment: "线下解约审核中，等待院系审核"
        case .offlineAwaitingSchool: "线下解约审核中，等待学校审核"
        case .approved: "解约审核通过"
        case .rejected: "解约审核不通过"
        case .forced: "学校已强制解约"
        }
    }

    public var awaitsDepartment: Bool { self == .awaitingDepartment || self == .offlineAwaitingDepartment }
    public var awaitsSchool: Bool { self == .awaitingSchool || self == .offlineAwaitingSchool }
    /// The agreement has ended.
    public var endsAgreement: Bool { self == .approved || self == .forced }
}

public enum TerminationAction: String, CaseIterable, Sendable, Codable {
    /// The other party agrees to the termination (§4.4).
    case agree
    /// The other party does not agree: the agreement stays effective.
    case disagree
    case departmentApprove
    case departmentReject
    case schoolApprove
    case schoolReject
    /// The graduate corrects a refused offline termination and submits it again (§4.5).
    case resubmit
    /// 强制解约: the school ends the agreement with a proof and a reason.
    case force

    public var name: String {
        switch self {
        case .agree: "同意解约"
        case .disagree: "不同意解约"
        case .departmentApprove: "院系审核通过"
        case .departmentReject: "院系审核不通过"
        case .schoolApprove: "学校审核通过"
        case .schoolReject: "学校审核不通过"
        case .resubmit: "修改后重新提交"
        case .force: "强制解约"
        }
    }

    public var requiresReason: Bool { [.disagree, .departmentReject, .schoolReject, .force].contains(self) }
}

/// Facts a termination step depends on.
public struct TerminationContext: Sendable {
    public var reviewMode: ReviewMode
    /// After 31 August of the graduation year only the school changes a destination (§7).
    public var changesClosed: Bool
    public var reason: String

    public init(reviewMode: ReviewMode = .schoolOnly, changesClosed: Bool = false, reason: String = "") {
        self.reviewMode = reviewMode
        self.changesClosed = changesClosed
        self.reason = reason
    }
}

public enum TerminationMachine {
    /// The first status of a termination applied for by `applicant` (the graduate or the
    /// employer; the school starts with `force`).
    public static func initialStatus(
        _ kind: TerminationKind, by applicant: SigningParty, context: TerminationContext
    ) throws(SigningRefusal) -> TerminationStatus {
        if context.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw SigningRefusal("请填写解约原因", field: "reason")
        }
        if context.changesClosed, applicant != .school { throw SigningRefusal(Self.closedMessage) }
        switch (kind, applicant) {
        case (.online, .graduate): return .graduateRequested
        case (.online, .employer): return .employerRequested
        case (.offline, .graduate): return context.reviewMode == .departmentThenSchool ? .offlineAwaitingDepartment : .offlineAwaitingSchool
        case (.offline, .employer): throw SigningRefusal("线下签订的协议由毕业生持解约函申请解约")
        case (_, .school): return .forced
        default: throw SigningRefusal("只有毕业生或签约单位可以申请解约")
        }
    }

    /// Who takes a step: the other party answers a request (§4.4).
    public static func party(for action: TerminationAction, at status: TerminationStatus) -> SigningParty {
        switch action {
        case .agree, .disagree: status == .employerRequested ? .graduate : .employer
        case .resubmit: .graduate
        case .departmentApprove, .departmentReject: .departmentReviewer
        case .schoolApprove, .schoolReject, .force: .school
        }
    }

    public static func apply(
        _ action: TerminationAction, to status: TerminationStatus, kind: TerminationKind, context: TerminationContext
    ) throws(SigningRefusal) -> TerminationStatus {
        guard let target = Self.target(action, status, kind, context.reviewMode) else {
            throw SigningRefusal("当前状态为“\(status.name)”，不能\(action.name)")
        }
        if action.requiresReason, context.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let what = switch action {
            case .force: "请填写强制解约的原因"
            case .disagree: "请填写不同意解约的原因"
            default: "请填写审核不通过的原因"
            }
            throw SigningRefusal(what, field: "reason")
        }
        if context.changesClosed, [.agree, .resubmit].contains(action) { throw SigningRefusal(Self.closedMessage) }
        return target
    }

    /// No step leads on: 对方不同意解约, 解约审核通过, 学校已强制解约, and an online 解约审核不通过
    /// (a new application can follow; an offline one is corrected and resubmitted instead).
    public static func isClosed(_ status: TerminationStatus, kind: TerminationKind) -> Bool {
        TerminationAction.allCases.allSatisfy { action in
            ReviewMode.allCases.allSatisfy { Self.target(action, status, kind, $0) == nil }
        }
    }

    /// The statuses a kind of termination can be in.
    public static func statuses(of kind: TerminationKind) -> [TerminationStatus] {
        switch kind {
        case .online:
            [.employerRequested, .graduateRequested, .counterpartyRefused, .awaitingDepartment, .awaitingSchool, .approved, .rejected, .forced]
        case .offline:
            [.offlineAwaitingDepartment, .offlineAwaitingSchool, .approved, .rejected, .forced]
        }
    }

    static let closedMessage = "已过毕业当年8月31日，解约须由学校办理"

    private static func target(
        _ action: TerminationAction, _ status: TerminationStatus, _ kind: TerminationKind, _ mode: ReviewMode
    ) -> TerminationStatus? {
        guard Self.statuses(of: kind).contains(status) else { return nil }
        let departmentFirst = mode == .departmentThenSchool
        return switch (kind, status, action) {
        case (.online, .employerRequested, .agree), (.online, .graduateRequested, .agree):
            departmentFirst ? .awaitingDepartment : .awaitingSchool
        case (.online, .employerRequested, .disagree), (.online, .graduateRequested, .disagree): .counterpartyRefused
        case (.online, .awaitingDepartment, .departmentApprove): .awaitingSchool
        case (.online, .awaitingDepartment, .departmentReject): .rejected
        case (.online, .awaitingSchool, .schoolApprove): .approved
        case (.online, .awaitingSchool, .schoolReject): .rejected
        case (.offline, .offlineAwaitingDepartment, .departmentApprove): .offlineAwaitingSchool
        case (.offline, .offlineAwaitingDepartment, .departmentReject): .rejected
        case (.offline, .offlineAwaitingSchool, .schoolApprove): .approved
        case (.offline, .offlineAwaitingSchool, .schoolReject): .rejected
        case (.offline, .rejected, .resubmit): departmentFirst ? .offlineAwaitingDepartment : .offlineAwaitingSchool
        // 强制解约 from any open request (the employer does not answer, say).
        case (_, let open, .force) where ![.counterpartyRefused, .approved, .forced].contains(open)
            && !(kind == .online && open == .rejected): .forced
        default: nil
        }
    }
}
