import ArchiveDomain
import Testing

/// 申请记录 (DOMAIN.md §5): every status × action × the application's review mode × the mode
/// now in 登记设置, against a table written out here; then reasons, 登记设置 关闭, submission
/// and how the record's status follows.
@Suite("Archive application state machine (申请记录, §5)")
struct ArchiveApplicationMachineTests {
    /// `to` nil: back to the first review of the mode now in force (a resubmission).
    typealias Step = (from: ArchiveApplicationStatus, action: ArchiveApplicationAction, to: ArchiveApplicationStatus?)

    static let allowed: [Step] = [
        (.awaitingDepartment, .departmentApprove, .awaitingSchool),
        (.awaitingDepartment, .departmentReject, .rejected),
        (.awaitingSchool, .schoolApprove, .approved),
        (.awaitingSchool, .schoolReject, .rejected),
        (.rejected, .resubmit, nil),
        (.awaitingDepartment, .withdraw, .withdrawn),
        (.awaitingSchool, .withdraw, .withdrawn),
    ]

    /// The states an application can be in: only one submitted under 院系审核+学校审核 waits for a 院系.
    static var states: [ArchiveApplicationState] {
        ArchiveApplicationStatus.allCases.flatMap { status in
            ArchiveReviewMode.allCases.compactMap { mode in
                status == .awaitingDepartment && mode == .schoolOnly ? nil : ArchiveApplicationState(status: status, reviewMode: mode)
            }
        }
    }

    static func apply(
        _ action: ArchiveApplicationAction, to state: ArchiveApplicationState, _ settings: ArchiveSettings, reason: String = "材料不全"
    ) -> Result<ArchiveApplicationState, ArchiveRefusal> {
        outcome { () throws(ArchiveRefusal) in try ArchiveApplicationMachine.apply(action, to: state, settings: settings, reason: reason) }
    }

    @Test("every state × action × mode in force: allowed steps go to the right state, the rest are refused naming the status")
    func wholeTable() {
        var checked = 0
        for state in Self.states {
            for action in ArchiveApplicationAction.allCases {
                for current in ArchiveReviewMode.allCases {
                    let expected = Self.allowed.first { $0.from == state.status && $0.action == action }
                    let result = Self.apply(action, to: state, ArchiveSettings(isOpen: true, reviewMode: current))
                    switch result {
                    case .success(let target):
                        #expect(expected != nil, "\(state) \(action) \(current) should be refused, went to \(target)")
                        if let expected, let to = expected.to {
                            // Under review the application keeps the mode it was submitted under.
                            #expect(target == ArchiveApplicationState(status: to, reviewMode: state.reviewMode), "\(state) \(action) \(current)")
                        } else {
                            #expect(target == ArchiveApplicationState(
                                status: current == .schoolOnly ? .awaitingSchool : .awaitingDepartment, reviewMode: current
                            ), "\(state) \(action) \(current)")
                        }
                    case .failure(let refusal):
                        #expect(expected == nil, "\(state) \(action) \(current) was refused: \(refusal.message)")
                        #expect(refusal == ArchiveRefusal("当前状态为“\(state.status.name)”，不能\(action.name)"))
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == 9 * 6 * 2)
    }

    @Test("exact names; under review means waiting for a reviewer")
    func names() {
        #expect(ArchiveApplicationStatus.allCases.map(\.name) == [
            "档案/户口信息审核中，等待院系审核", "档案/户口信息审核中，等待学校审核", "审核通过", "审核不通过", "毕业生已撤回",
        ])
        #expect(ArchiveApplicationStatus.allCases.filter(\.isUnderReview) == [.awaitingDepartment, .awaitingSchool])
        #expect(ArchiveReviewMode.allCases.map(\.name) == ["仅学校审核", "院系审核+学校审核"])
        #expect(ArchiveRecordStatus.allCases.map(\.name) == ["未登记", "审核中", "已登记"])
        #expect(ArchiveApplicationAction.allCases.map(\.name) == ["院系审核通过", "院系审核不通过", "学校审核通过", "学校审核不通过", "修改后重新提交", "撤回"])
    }

    @Test("each step belongs to its party")
    func parties() {
        let expected: [ArchiveApplicationAction: ArchiveParty] = [
            .departmentApprove: .departmentReviewer, .departmentReject: .departmentReviewer,
            .schoolApprove: .school, .schoolReject: .school, .resubmit: .graduate, .withdraw: .graduate,
        ]
        for action in ArchiveApplicationAction.allCases { #expect(action.party == expected[action], "\(action)") }
    }

    @Test("every 不通过 needs a reason; other steps do not", arguments: ["", " ", "\t\n", "\u{3000}"])
    func reasons(blank: String) {
        let open = ArchiveSettings()
        let atDepartment = ArchiveApplicationState(status: .awaitingDepartment, reviewMode: .departmentThenSchool)
        let atSchool = ArchiveApplicationState(status: .awaitingSchool, reviewMode: .departmentThenSchool)
        let needed = ArchiveRefusal("请填写审核不通过的原因", field: "reason")
        #expect(Self.apply(.departmentReject, to: atDepartment, open, reason: blank).refusal == needed)
        #expect(Self.apply(.schoolReject, to: atSchool, open, reason: blank).refusal == needed)
        #expect(Self.apply(.schoolApprove, to: atSchool, open, reason: blank).refusal == nil)
        #expect(Self.apply(.withdraw, to: atSchool, open, reason: blank).refusal == nil)
        #expect(Self.apply(.resubmit, to: ArchiveApplicationState(status: .rejected, reviewMode: .schoolOnly), open, reason: blank).refusal == nil)
        #expect(Set(ArchiveApplicationAction.allCases.filter(\.requiresReason)) == [.departmentReject, .schoolReject])
    }

    @Test("a submission goes to the first reviewer of the mode in force and carries that mode")
    func submit() throws {
        for mode in ArchiveReviewMode.allCases {
            let state = try ArchiveApplicationMachine.submit(settings: ArchiveSettings(reviewMode: mode), hasApplicationUnderReview: false)
            #expect(state == ArchiveApplicationState(status: mode == .schoolOnly ? .awaitingSchool : .awaitingDepartment, reviewMode: mode))
            let twice = outcome { () throws(ArchiveRefusal) in
                try ArchiveApplicationMachine.submit(settings: ArchiveSettings(reviewMode: mode), hasApplicationUnderReview: true)
            }
            #expect(twice.refusal == ArchiveRefusal("已有审核中的档案/户口信息申请，请等待审核结果或撤回后再提交"))
        }
    }

    @Test("a change of 审核方式 leaves applications under review on their way")
    func modeStaysWithApplication() throws {
        let submitted = try ArchiveApplicationMachine.submit(settings: ArchiveSettings(reviewMode: .departmentThenSchool), hasApplicationUnderReview: false)
        let nowSchoolOnly = ArchiveSettings(reviewMode: .schoolOnly)
        let passed = try ArchiveApplicationMachine.apply(.departmentApprove, to: submitted, settings: nowSchoolOnly)
        #expect(passed == ArchiveApplicationState(status: .awaitingSchool, reviewMode: .departmentThenSchool))
        let rejected = try ArchiveApplicationMachine.apply(.schoolReject, to: passed, settings: nowSchoolOnly, reason: "单位地址不全")
        #expect(rejected.reviewMode == .departmentThenSchool)
        // Resubmitted, it is a new submission under the mode now in force.
        let again = try ArchiveApplicationMachine.apply(.resubmit, to: rejected, settings: nowSchoolOnly)
        #expect(again == ArchiveApplicationState(status: .awaitingSchool, reviewMode: .schoolOnly))
    }

    @Test("登记设置 关闭: no new application and no resubmission; reviews and withdrawals go on")
    func closed() {
        let message = ArchiveRefusal("档案/户口信息登记已关闭，暂不能提交或修改，请联系学校")
        for mode in ArchiveReviewMode.allCases {
            let closed = ArchiveSettings(isOpen: false, reviewMode: mode)
            let submitted = outcome { () throws(ArchiveRefusal) in try ArchiveApplicationMachine.submit(settings: closed, hasApplicationUnderReview: false) }
            #expect(submitted.refusal == message)
            for state in Self.states {
                for step in Self.allowed where step.from == state.status {
                    let result = Self.apply(step.action, to: state, closed)
                    if step.action == .resubmit {
                        #expect(result.refusal == message)
                    } else {
                        #expect(result.status?.status == step.to, "\(state) \(step.action): \(result.refusal?.message ?? "")")
                    }
                }
            }
        }
    }

    @Test("the school edits directly, but not over an application under review")
    func schoolEdit() {
        let free = outcome { () throws(ArchiveRefusal) in try ArchiveApplicationMachine.checkSchoolEdit(hasApplicationUnderReview: false) }
        #expect(free.refusal == nil)
        let held = outcome { () throws(ArchiveRefusal) in try ArchiveApplicationMachine.checkSchoolEdit(hasApplicationUnderReview: true) }
        #expect(held.refusal == ArchiveRefusal("该毕业生有审核中的档案/户口信息申请，请先审核"))
    }

    @Test("the record's status follows its values in force and its application under review", arguments: [
        // registered, underReview, status, shown
        (false, false, ArchiveRecordStatus.unregistered, "未登记"),
        (false, true, .underReview, "审核中"),
        (true, false, .registered, "已登记"),
        (true, true, .registered, "已登记（变更审核中）"),
    ])
    func recordStatus(registered: Bool, underReview: Bool, status: ArchiveRecordStatus, shown: String) {
        #expect(ArchiveRecordStatus(registered: registered, underReview: underReview) == status)
        #expect(ArchiveRecordStatus.shown(registered: registered, underReview: underReview) == shown)
    }

    @Test("a first application: 未登记 → 审核中 → 已登记 on approval, back to 未登记 when withdrawn or refused")
    func recordLifecycle() throws {
        let open = ArchiveSettings(reviewMode: .departmentThenSchool)
        func status(_ registered: Bool, _ state: ArchiveApplicationState) -> ArchiveRecordStatus {
            ArchiveRecordStatus(registered: registered, underReview: state.status.isUnderReview)
        }
        let submitted = try ArchiveApplicationMachine.submit(settings: open, hasApplicationUnderReview: false)
        #expect(status(false, submitted) == .underReview)
        let withdrawn = try ArchiveApplicationMachine.apply(.withdraw, to: submitted, settings: open)
        #expect(status(false, withdrawn) == .unregistered)
        let refused = try ArchiveApplicationMachine.apply(.departmentReject, to: submitted, settings: open, reason: "邮编有误")
        #expect(status(false, refused) == .unregistered)
        // A change of a 已登记 record stays 已登记 throughout.
        #expect(status(true, submitted) == .registered && status(true, refused) == .registered)
        let atSchool = try ArchiveApplicationMachine.apply(.departmentApprove, to: submitted, settings: open)
        let approved = try ArchiveApplicationMachine.apply(.schoolApprove, to: atSchool, settings: open)
        // Approval puts the values in force.
        #expect(approved.status == .approved && status(true, approved) == .registered)
    }
}

func outcome<Value>(_ body: () throws(ArchiveRefusal) -> Value) -> Result<Value, ArchiveRefusal> {
    do { return .success(try body()) } catch { return .failure(error) }
}

extension Result where Failure == ArchiveRefusal {
    var status: Success? { if case .success(let status) = self { status } else { nil } }
    var refusal: ArchiveRefusal? { if case .failure(let refusal) = self { refusal } else { nil } }
}
