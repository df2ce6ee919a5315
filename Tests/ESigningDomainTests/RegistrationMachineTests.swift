import ESigningDomain
import GraduateDomain
import Testing

/// 其他毕业去向信息登记 (DOMAIN.md §4.6): every status × every action × both review modes
/// against a table written out here, independently of the machine's; then the reasons, the
/// one-effective-destination rule, the void request and the 31 August rule.
@Suite("Registration state machine (去向登记, §4.6)")
struct RegistrationMachineTests {
    typealias Step = (from: RegistrationStatus, action: RegistrationAction, schoolOnly: RegistrationStatus, twoStep: RegistrationStatus)

    static let allowed: [Step] = [
        // Review of the registration.
        (.awaitingDepartment, .departmentApprove, .awaitingSchool, .awaitingSchool),
        (.awaitingDepartment, .departmentReject, .rejected, .rejected),
        (.awaitingSchool, .schoolApprove, .approved, .approved),
        (.awaitingSchool, .schoolReject, .rejected, .rejected),
        // Edit and resubmit after a refusal.
        (.rejected, .resubmit, .awaitingSchool, .awaitingDepartment),
        // The graduate withdraws before approval.
        (.awaitingDepartment, .withdraw, .withdrawn, .withdrawn),
        (.awaitingSchool, .withdraw, .withdrawn, .withdrawn),
        (.rejected, .withdraw, .withdrawn, .withdrawn),
        // After approval: the school's 修改 and 作废; the graduate's 原有毕业去向作废申请.
        (.approved, .amend, .approved, .approved),
        (.approved, .void, .voided, .voided),
        (.approved, .requestVoid, .voidRequestAwaitingSchool, .voidRequestAwaitingDepartment),
        // The void request is reviewed like the registration; refused, the registration stays approved.
        (.voidRequestAwaitingDepartment, .departmentApprove, .voidRequestAwaitingSchool, .voidRequestAwaitingSchool),
        (.voidRequestAwaitingDepartment, .departmentReject, .approved, .approved),
        (.voidRequestAwaitingSchool, .schoolApprove, .voided, .voided),
        (.voidRequestAwaitingSchool, .schoolReject, .approved, .approved),
    ]

    static func permissive(_ mode: ReviewMode) -> RegistrationContext {
        RegistrationContext(reviewMode: mode, reason: "材料不全")
    }

    static func apply(_ action: RegistrationAction, to status: RegistrationStatus, _ context: RegistrationContext) -> Result<RegistrationStatus, SigningRefusal> {
        outcome { () throws(SigningRefusal) in try RegistrationMachine.apply(action, to: status, context: context) }
    }

    @Test("every status × action × review mode: allowed steps go to the right status, the rest are refused naming the status")
    func wholeTable() {
        var checked = 0
        for status in RegistrationStatus.allCases {
            for action in RegistrationAction.allCases {
                for mode in ReviewMode.allCases {
                    let expected = Self.allowed.first { $0.from == status && $0.action == action }
                    switch Self.apply(action, to: status, Self.permissive(mode)) {
                    case .success(let target):
                        #expect(expected != nil, "\(status) \(action) \(mode) should be refused, went to \(target)")
                        #expect(target == (mode == .schoolOnly ? expected?.schoolOnly : expected?.twoStep), "\(status) \(action) \(mode)")
                    case .failure(let refusal):
                        #expect(expected == nil, "\(status) \(action) \(mode) was refused: \(refusal.message)")
                        #expect(refusal.message == "当前状态为“\(status.name)”，不能\(action.name)", "\(refusal.message)")
                        #expect(refusal.field == nil)
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == RegistrationStatus.allCases.count * RegistrationAction.allCases.count * 2)
    }

    @Test("closed, effective and awaiting statuses; exact names")
    func statusProperties() {
        for status in RegistrationStatus.allCases {
            let hasStep = Self.allowed.contains { $0.from == status }
            #expect(status.isClosed == !hasStep, "\(status)")
            #expect(status.isEffective == [.approved, .voidRequestAwaitingDepartment, .voidRequestAwaitingSchool].contains(status), "\(status)")
            #expect(status.awaitsDepartment == status.name.contains("等待院系审核"), "\(status)")
            #expect(status.awaitsSchool == status.name.contains("等待学校审核"), "\(status)")
        }
        #expect(RegistrationStatus.allCases.filter(\.isClosed) == [.voided, .withdrawn])
        #expect(RegistrationStatus.awaitingDepartment.name == "去向登记审核中，等待院系审核")
        #expect(RegistrationStatus.awaitingSchool.name == "去向登记审核中，等待学校审核")
        #expect(RegistrationStatus.approved.name == "去向登记审核通过")
        #expect(RegistrationStatus.rejected.name == "去向登记审核不通过")
        #expect(RegistrationStatus.voidRequestAwaitingDepartment.name.hasPrefix("原有毕业去向作废申请"))
        #expect(RegistrationStatus.voidRequestAwaitingSchool.name.hasPrefix("原有毕业去向作废申请"))
        #expect(RegistrationStatus.voided.name == "学校已作废")
        #expect(Set(RegistrationStatus.allCases.map(\.name)).count == RegistrationStatus.allCases.count)
    }

    @Test("each step belongs to its party")
    func parties() {
        let expected: [RegistrationAction: SigningParty] = [
            .departmentApprove: .departmentReviewer, .departmentReject: .departmentReviewer,
            .schoolApprove: .school, .schoolReject: .school, .amend: .school, .void: .school,
            .resubmit: .graduate, .withdraw: .graduate, .requestVoid: .graduate,
        ]
        for action in RegistrationAction.allCases {
            #expect(action.party == expected[action], "\(action)")
        }
    }

    @Test("a reason is required to refuse in review, to void and to ask for a void", arguments: ["", " ", "\t"])
    func reasons(blank: String) {
        let needing: [(RegistrationStatus, RegistrationAction, String)] = [
            (.awaitingDepartment, .departmentReject, "请填写审核不通过的原因"),
            (.awaitingSchool, .schoolReject, "请填写审核不通过的原因"),
            (.voidRequestAwaitingDepartment, .departmentReject, "请填写审核不通过的原因"),
            (.voidRequestAwaitingSchool, .schoolReject, "请填写审核不通过的原因"),
            (.approved, .void, "请填写作废原因"),
            (.approved, .requestVoid, "请填写申请作废的原因"),
        ]
        for (status, action, message) in needing {
            for mode in ReviewMode.allCases {
                let result = Self.apply(action, to: status, RegistrationContext(reviewMode: mode, reason: blank))
                #expect(result.refusal == SigningRefusal(message, field: "reason"), "\(status) \(action)")
            }
        }
        for (status, action) in [(RegistrationStatus.awaitingSchool, RegistrationAction.schoolApprove), (.rejected, .resubmit),
                                 (.approved, .amend), (.awaitingSchool, .withdraw), (.voidRequestAwaitingSchool, .schoolApprove)] {
            let result = Self.apply(action, to: status, RegistrationContext(reason: blank))
            #expect(result.refusal == nil, "\(status) \(action): \(result.refusal?.message ?? "")")
        }
        #expect(Set(RegistrationAction.allCases.filter(\.requiresReason)) == [.departmentReject, .schoolReject, .void, .requestVoid])
    }

    @Test("the first status: the graduate's goes to review, the school's is approved at once, nobody else registers")
    func initialStatus() {
        for mode in ReviewMode.allCases {
            let context = RegistrationContext(reviewMode: mode)
            for party in SigningParty.allCases {
                let result = outcome { () throws(SigningRefusal) in try RegistrationMachine.initialStatus(by: party, context: context) }
                switch party {
                case .graduate: #expect(result.status == (mode == .schoolOnly ? .awaitingSchool : .awaitingDepartment))
                case .school: #expect(result.status == .approved)
                default: #expect(result.refusal != nil, "\(party)")
                }
            }
        }
    }

    @Test("one effective destination: no approval into effect, no resubmission and no new registration while another is effective")
    func oneEffectiveDestination() {
        for mode in ReviewMode.allCases {
            let taken = RegistrationContext(reviewMode: mode, graduateHasOtherEffective: true, reason: "原因")
            #expect(Self.apply(.schoolApprove, to: .awaitingSchool, taken).refusal?.message.contains("已有生效的毕业去向") == true)
            #expect(Self.apply(.resubmit, to: .rejected, taken).refusal?.message.contains("已有生效的毕业去向") == true)
            for party in [SigningParty.graduate, .school] {
                let result = outcome { () throws(SigningRefusal) in try RegistrationMachine.initialStatus(by: party, context: taken) }
                #expect(result.refusal?.message.contains("已有生效的毕业去向") == true, "\(party)")
            }
            // Steps that neither make the registration effective nor resubmit it still go through.
            #expect(Self.apply(.departmentApprove, to: .awaitingDepartment, taken).status == .awaitingSchool)
            #expect(Self.apply(.schoolReject, to: .awaitingSchool, taken).status == .rejected)
            #expect(Self.apply(.withdraw, to: .rejected, taken).status == .withdrawn)
            // Without another destination the same steps pass.
            let free = RegistrationContext(reviewMode: mode, reason: "原因")
            #expect(Self.apply(.schoolApprove, to: .awaitingSchool, free).status == .approved)
            #expect(Self.apply(.resubmit, to: .rejected, free).status == (mode == .schoolOnly ? .awaitingSchool : .awaitingDepartment))
        }
    }

    @Test("a void request keeps the registration effective; refused it returns to approved, approved it voids")
    func voidRequest() throws {
        let context = RegistrationContext(reviewMode: .departmentThenSchool, reason: "已考取研究生，原去向作废")
        let requested = try RegistrationMachine.apply(.requestVoid, to: .approved, context: context)
        #expect(requested == .voidRequestAwaitingDepartment && requested.isEffective)
        let atSchool = try RegistrationMachine.apply(.departmentApprove, to: requested, context: context)
        #expect(atSchool == .voidRequestAwaitingSchool && atSchool.isEffective)
        let refusedAtDepartment = try RegistrationMachine.apply(.departmentReject, to: requested, context: context)
        #expect(refusedAtDepartment == .approved && refusedAtDepartment.isEffective)
        let refusedAtSchool = try RegistrationMachine.apply(.schoolReject, to: atSchool, context: context)
        #expect(refusedAtSchool == .approved && refusedAtSchool.isEffective)
        let voided = try RegistrationMachine.apply(.schoolApprove, to: atSchool, context: context)
        #expect(voided == .voided && !voided.isEffective && voided.isClosed)
        // While the request is reviewed the registration counts as the graduate's effective
        // destination, so a refusal returning it to approved is not blocked by the one-effective rule.
        let stillHeld = RegistrationContext(reviewMode: .schoolOnly, graduateHasOtherEffective: true, reason: "不同意作废")
        #expect(Self.apply(.schoolReject, to: .voidRequestAwaitingSchool, stillHeld).status == .approved)
    }

    @Test("after 31 August the graduate can no longer register, resubmit or ask for a void; the school still acts")
    func changesClosed() {
        for mode in ReviewMode.allCases {
            let closed = RegistrationContext(reviewMode: mode, changesClosed: true, reason: "原因")
            let byGraduate = outcome { () throws(SigningRefusal) in try RegistrationMachine.initialStatus(by: .graduate, context: closed) }
            #expect(byGraduate.refusal?.message.contains("8月31日") == true)
            let bySchool = outcome { () throws(SigningRefusal) in try RegistrationMachine.initialStatus(by: .school, context: closed) }
            #expect(bySchool.status == .approved)
            let refused: [(RegistrationStatus, RegistrationAction)] = [(.rejected, .resubmit), (.approved, .requestVoid)]
            for (status, action) in refused {
                #expect(Self.apply(action, to: status, closed).refusal?.message.contains("8月31日") == true, "\(status) \(action)")
            }
            // Every other allowed step (the reviews, 修改, 作废, and withdrawing a pending one) goes through.
            for step in Self.allowed where !refused.contains(where: { $0.0 == step.from && $0.1 == step.action }) {
                let result = Self.apply(step.action, to: step.from, closed)
                #expect(result.status == (mode == .schoolOnly ? step.schoolOnly : step.twoStep),
                        "\(step.from) \(step.action) \(mode): \(result.refusal?.message ?? "")")
            }
        }
    }
}
