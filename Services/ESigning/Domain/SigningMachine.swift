import Foundation

/// What someone does to a signing record.
public enum SigningAction: String, CaseIterable, Sendable, Codable {
    /// The graduate accepts an offer (§4.1 step 2).
    case accept
    /// The graduate refuses an offer.
    case refuse
    /// The offer's 应约有效期 passed without an answer (the system does this).
    case expire
    /// The employer withdraws its offer before the answer, or the graduate withdraws an
    /// application before it takes effect (§4.2 step 5).
    case withdraw
    /// The graduate corrects a refused application (§4.2 step 2) or 补登 (§4.3) and submits it again.
    case resubmit
    /// The graduate uploads the agreement signed on paper (§4.2 step 3), again after a refusal.
    case uploadSigned
    case departmentApprove
    case departmentReject
    case schoolApprove
    case schoolReject
    /// The school corrects an effective agreement (not the employer's name or credit code).
    case amend
    /// The school voids an effective agreement (作废); the graduate is free to sign again.
    case void
    /// A termination of the agreement was approved or forced (§4.4, §4.5): the system applies
    /// it when the termination record reaches 解约审核通过 or 学校已强制解约.
    case terminate

    public var name: String {
        switch self {
        case .accept: "同意签约"
        case .refuse: "拒绝签约"
        case .expire: "逾期未回应"
        case .withdraw: "撤回"
        case .resubmit: "修改后重新提交"
        case .uploadSigned: "上传已签协议"
        case .departmentApprove: "院系审核通过"
        case .departmentReject: "院系审核不通过"
        case .schoolApprove: "学校审核通过"
        case .schoolReject: "学校审核不通过"
        case .amend: "学校修改"
        case .void: "学校作废"
        case .terminate: "解约"
        }
    }

    /// Refusals and voids say why (DOMAIN.md §4: reason required on every 不通过/作废).
    public var requiresReason: Bool { self == .departmentReject || self == .schoolReject || self == .void }
}

/// Who may act: the machine says which kind of party each step belongs to; the service
/// checks that the caller is that party (and the right school, 院系 and reviewer).
public enum SigningParty: String, Sendable, CaseIterable {
    case graduate
    case employer
    case departmentReviewer
    case school
    case system
}

/// The facts about the world that a step depends on, gathered by the service.
public struct SigningContext: Sendable {
    public var reviewMode: ReviewMode
    /// Now, in Unix milliseconds.
    public var now: Int64
    /// The offer's answer deadline (§4.1), Unix milliseconds.
    public var respondBy: Int64?
    /// The graduate is 定向 or 委培: no offers from other employers (§2).
    public var graduateIsBound: Bool
    /// Another of the graduate's records is effective (one effective destination, §4).
    public var graduateHasOtherEffective: Bool
    /// Another of the graduate's records is accepted or under way (not just an open offer).
    public var graduateHasOtherInProgress: Bool
    /// After 31 August of the graduation year only the school changes a destination (§7):
    /// no new signing, no acceptance, no new submission.
    public var changesClosed: Bool
    public var reason: String

    public init(
        reviewMode: ReviewMode = .schoolOnly,
        now: Int64,
        respondBy: Int64? = nil,
        graduateIsBound: Bool = false,
        graduateHasOtherEffective: Bool = false,
        graduateHasOtherInProgress: Bool = false,
        changesClosed: Bool = false,
        reason: String = ""
    ) {
        self.reviewMode = reviewMode
        self.now = now
        self.respondBy = respondBy
        self.graduateIsBound = graduateIsBound
        self.graduateHasOtherEffective = graduateHasOtherEffective
        self.graduateHasOtherInProgress = graduateHasOtherInProgress
        self.changesClosed = changesClosed
        self.reason = reason
    }
}

/// A step the machine allowed.
public struct SigningTransition: Sendable, Equatable {
    public var from: AgreementStatus
    public var to: AgreementStatus
    public var action: SigningAction
    /// The agreement takes effect now: it gets its 协议编号 if it has none.
    public var takesEffect: Bool { !self.from.isEffective && self.to.isEffective }
    /// The graduate's destination ended (作废).
    public var endsEffect: Bool { self.from.isEffective && !self.to.isEffective }
}

/// Why a step was refused, in Chinese for the person who tried it.
public struct SigningRefusal: Error, Sendable, Equatable {
    public var message: String
    /// The request field at fault, when there is one (the reason, say).
    public var field: String?

    public init(_ message: String, field: String? = nil) {
        self.message = message
        self.field = field
    }
}

/// The state machines of DOMAIN.md §4.1–§4.3 in one place (terminations, §4.4–§4.5, are
/// `TerminationMachine`'s; they end an agreement through `terminate`): pure, no storage, no RPC.
/// `apply` either answers the next status or refuses with a Chinese message and changes nothing.
public enum SigningMachine {
    /// The first status of a new record: an offer waits for the graduate; an application
    /// or 补登 goes to review at once.
    public static func initialStatus(of flow: SigningFlow, context: SigningContext) throws(SigningRefusal) -> AgreementStatus {
        if context.changesClosed { throw SigningRefusal(Self.changesClosed) }
        switch flow {
        case .employerOffer:
            if context.graduateIsBound { throw SigningRefusal("该毕业生为定向/委培生，不能与其他单位网上签约") }
            if context.graduateHasOtherEffective { throw SigningRefusal(Self.alreadyEffective) }
            return .offered
        case .graduateApplication, .backRegistration:
            if context.graduateHasOtherEffective { throw SigningRefusal(Self.alreadyEffective) }
            if context.graduateHasOtherInProgress { throw SigningRefusal(Self.alreadyInProgress) }
            return Self.review(flow == .graduateApplication ? .application : .backRegistration, context.reviewMode)
        }
    }

    /// The party a step belongs to.
    public static func party(for action: SigningAction, in flow: SigningFlow) -> SigningParty {
        switch action {
        case .accept, .refuse, .resubmit, .uploadSigned: .graduate
        case .expire, .terminate: .system
        case .withdraw: flow == .employerOffer ? .employer : .graduate
        case .departmentApprove, .departmentReject: .departmentReviewer
        case .schoolApprove, .schoolReject, .amend, .void: .school
        }
    }

    /// The next status after `action`, or a refusal that says why not.
    public static func apply(
        _ action: SigningAction,
        to status: AgreementStatus,
        in flow: SigningFlow,
        context: SigningContext
    ) throws(SigningRefusal) -> SigningTransition {
        guard let target = Self.target(action, status, flow, context.reviewMode) else {
            throw SigningRefusal("当前状态为“\(status.name)”，不能\(action.name)")
        }
        if action.requiresReason, context.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw SigningRefusal(action == .void ? "请填写作废原因" : "请填写审核不通过的原因", field: "reason")
        }
        if context.changesClosed, [.accept, .resubmit, .uploadSigned].contains(action) { throw SigningRefusal(Self.changesClosed) }
        switch action {
        case .accept:
            if let deadline = context.respondBy, context.now >= deadline { throw SigningRefusal("已超过应约有效期，不能再同意签约") }
            if context.graduateIsBound { throw SigningRefusal("定向/委培毕业生不能与其他单位网上签约") }
            if context.graduateHasOtherEffective { throw SigningRefusal(Self.alreadyEffective) }
            if context.graduateHasOtherInProgress { throw SigningRefusal(Self.alreadyInProgress) }
        case .expire:
            guard let deadline = context.respondBy, context.now >= deadline else { throw SigningRefusal("尚未到应约截止时间") }
        case .resubmit, .uploadSigned, .schoolApprove:
            if context.graduateHasOtherEffective { throw SigningRefusal(Self.alreadyEffective) }
        default:
            break
        }
        return SigningTransition(from: status, to: target, action: action)
    }

    /// No step leads on from this status: the record is closed.
    public static func isClosed(_ status: AgreementStatus, in flow: SigningFlow) -> Bool {
        SigningAction.allCases.allSatisfy { action in
            ReviewMode.allCases.allSatisfy { Self.target(action, status, flow, $0) == nil }
        }
    }

    /// The graduate is busy with this record: accepted, applied or under review, not yet
    /// effective and not closed. (An open offer is not: it only waits for an answer.)
    public static func isInProgress(_ status: AgreementStatus, in flow: SigningFlow) -> Bool {
        status != .offered && !status.isEffective && !Self.isClosed(status, in: flow)
    }

    /// The statuses a flow can be in.
    public static func statuses(of flow: SigningFlow) -> [AgreementStatus] {
        switch flow {
        case .employerOffer:
            [.offered, .acceptedAwaitingDepartment, .acceptedAwaitingSchool, .refusedByGraduate, .expired, .withdrawnByEmployer,
             .departmentRejected, .schoolRejected, .effective, .voided, .terminated]
        case .graduateApplication:
            [.applicationAwaitingDepartment, .applicationAwaitingSchool, .applicationApproved, .applicationDepartmentRejected,
             .applicationSchoolRejected, .signedAwaitingDepartment, .signedAwaitingSchool, .departmentRejected, .schoolRejected,
             .withdrawnByGraduate, .effective, .voided, .terminated]
        case .backRegistration:
            [.backRegistrationAwaitingDepartment, .backRegistrationAwaitingSchool, .backRegistrationRejected,
             .backRegistrationEffective, .voided, .terminated]
        }
    }

    static let alreadyEffective = "该毕业生已有生效的毕业去向，须先解约或由学校作废后才能再签约"
    static let changesClosed = "已过毕业当年8月31日，毕业去向的变更只能由学校办理"
    static let alreadyInProgress = "该毕业生已有正在办理中的签约，须等其结束（或撤回）后才能再办理"

    private enum Stage { case accepted, application, signed, backRegistration }

    /// Where a record goes into review: the 院系 first when the school reviews in two steps.
    private static func review(_ stage: Stage, _ mode: ReviewMode) -> AgreementStatus {
        let department = mode == .departmentThenSchool
        switch stage {
        case .accepted: return department ? .acceptedAwaitingDepartment : .acceptedAwaitingSchool
        case .application: return department ? .applicationAwaitingDepartment : .applicationAwaitingSchool
        case .signed: return department ? .signedAwaitingDepartment : .signedAwaitingSchool
        case .backRegistration: return department ? .backRegistrationAwaitingDepartment : .backRegistrationAwaitingSchool
        }
    }

    /// The whole table: (flow, status, action) → next status; nil where the step is not allowed.
    private static func target(
        _ action: SigningAction, _ status: AgreementStatus, _ flow: SigningFlow, _ mode: ReviewMode
    ) -> AgreementStatus? {
        // A status of another flow never moves (a 补登 is never 签约审核通过, say).
        guard Self.statuses(of: flow).contains(status) else { return nil }
        return switch (flow, status, action) {
        // §4.1 用人单位发起的线上签约
        case (.employerOffer, .offered, .accept): review(.accepted, mode)
        case (.employerOffer, .offered, .refuse): .refusedByGraduate
        case (.employerOffer, .offered, .expire): .expired
        case (.employerOffer, .offered, .withdraw): .withdrawnByEmployer
        case (.employerOffer, .acceptedAwaitingDepartment, .departmentApprove): .acceptedAwaitingSchool
        case (.employerOffer, .acceptedAwaitingDepartment, .departmentReject): .departmentRejected
        case (.employerOffer, .acceptedAwaitingSchool, .schoolApprove): .effective
        case (.employerOffer, .acceptedAwaitingSchool, .schoolReject): .schoolRejected

        // §4.2 毕业生申请电子就业协议书线下签约
        case (.graduateApplication, .applicationAwaitingDepartment, .departmentApprove): .applicationAwaitingSchool
        case (.graduateApplication, .applicationAwaitingDepartment, .departmentReject): .applicationDepartmentRejected
        case (.graduateApplication, .applicationAwaitingSchool, .schoolApprove): .applicationApproved
        case (.graduateApplication, .applicationAwaitingSchool, .schoolReject): .applicationSchoolRejected
        case (.graduateApplication, .applicationDepartmentRejected, .resubmit),
             (.graduateApplication, .applicationSchoolRejected, .resubmit): review(.application, mode)
        case (.graduateApplication, .applicationApproved, .uploadSigned),
             (.graduateApplication, .departmentRejected, .uploadSigned),
             (.graduateApplication, .schoolRejected, .uploadSigned): review(.signed, mode)
        case (.graduateApplication, .signedAwaitingDepartment, .departmentApprove): .signedAwaitingSchool
        case (.graduateApplication, .signedAwaitingDepartment, .departmentReject): .departmentRejected
        case (.graduateApplication, .signedAwaitingSchool, .schoolApprove): .effective
        case (.graduateApplication, .signedAwaitingSchool, .schoolReject): .schoolRejected
        case (.graduateApplication, let current, .withdraw)
            where !current.isEffective && ![.voided, .terminated, .withdrawnByGraduate].contains(current):
            .withdrawnByGraduate

        // §4.3 补登
        case (.backRegistration, .backRegistrationAwaitingDepartment, .departmentApprove): .backRegistrationAwaitingSchool
        case (.backRegistration, .backRegistrationAwaitingDepartment, .departmentReject): .backRegistrationRejected
        case (.backRegistration, .backRegistrationAwaitingSchool, .schoolApprove): .backRegistrationEffective
        case (.backRegistration, .backRegistrationAwaitingSchool, .schoolReject): .backRegistrationRejected
        case (.backRegistration, .backRegistrationRejected, .resubmit): review(.backRegistration, mode)

        // After effect, in every flow: the school's 修改 and 作废.
        case (_, .effective, .amend), (_, .backRegistrationEffective, .amend): status
        case (_, .effective, .void), (_, .backRegistrationEffective, .void): .voided
        // §4.4/§4.5: an approved or forced termination ends the agreement.
        case (_, .effective, .terminate), (_, .backRegistrationEffective, .terminate): .terminated
        default: nil
        }
    }
}
