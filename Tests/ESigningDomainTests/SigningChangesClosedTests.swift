import ESigningDomain
import GraduateDomain
import Testing

/// The 31 August rule (DOMAIN.md §7) in the signing machine: with `changesClosed` the
/// graduate's steps that would set a destination are refused, the school's are not.
@Suite("Signing after 31 August")
struct SigningChangesClosedTests {
    static func closed(_ mode: ReviewMode) -> SigningContext {
        SigningContext(reviewMode: mode, now: 1_000, respondBy: 2_000, changesClosed: true, reason: "材料不全")
    }

    static func apply(_ action: SigningAction, _ status: AgreementStatus, _ flow: SigningFlow, _ context: SigningContext)
        -> Result<SigningTransition, SigningRefusal> {
        outcome { () throws(SigningRefusal) in try SigningMachine.apply(action, to: status, in: flow, context: context) }
    }

    @Test("no new record in any flow")
    func initialStatusRefused() {
        for mode in ReviewMode.allCases {
            for flow in SigningFlow.allCases {
                let result = outcome { () throws(SigningRefusal) in try SigningMachine.initialStatus(of: flow, context: Self.closed(mode)) }
                #expect(result.refusal?.message.contains("8月31日") == true, "\(flow) \(mode)")
                // The same context without the rule opens the record.
                var open = Self.closed(mode)
                open.changesClosed = false
                let opened = outcome { () throws(SigningRefusal) in try SigningMachine.initialStatus(of: flow, context: open) }
                #expect(opened.status != nil, "\(flow) \(mode)")
            }
        }
    }

    @Test("accept, resubmit and uploadSigned are refused")
    func graduateStepsRefused() {
        let steps: [(SigningFlow, AgreementStatus, SigningAction)] = [
            (.employerOffer, .offered, .accept),
            (.graduateApplication, .applicationDepartmentRejected, .resubmit),
            (.graduateApplication, .applicationSchoolRejected, .resubmit),
            (.backRegistration, .backRegistrationRejected, .resubmit),
            (.graduateApplication, .applicationApproved, .uploadSigned),
            (.graduateApplication, .departmentRejected, .uploadSigned),
            (.graduateApplication, .schoolRejected, .uploadSigned),
        ]
        for mode in ReviewMode.allCases {
            for (flow, status, action) in steps {
                let refused = Self.apply(action, status, flow, Self.closed(mode))
                #expect(refused.refusal?.message.contains("8月31日") == true, "\(flow) \(status) \(action) \(mode)")
                var open = Self.closed(mode)
                open.changesClosed = false
                #expect(Self.apply(action, status, flow, open).status != nil, "\(flow) \(status) \(action) \(mode) without the rule")
            }
        }
    }

    @Test("the school's steps go through: reviews, 修改, 作废 and the system's 解约")
    func schoolStepsAllowed() {
        let steps: [(SigningFlow, AgreementStatus, SigningAction, AgreementStatus)] = [
            (.employerOffer, .acceptedAwaitingDepartment, .departmentApprove, .acceptedAwaitingSchool),
            (.employerOffer, .acceptedAwaitingSchool, .schoolApprove, .effective),
            (.employerOffer, .acceptedAwaitingSchool, .schoolReject, .schoolRejected),
            (.graduateApplication, .signedAwaitingSchool, .schoolApprove, .effective),
            (.graduateApplication, .signedAwaitingDepartment, .departmentReject, .departmentRejected),
            (.backRegistration, .backRegistrationAwaitingSchool, .schoolApprove, .backRegistrationEffective),
            (.employerOffer, .effective, .amend, .effective),
            (.employerOffer, .effective, .void, .voided),
            (.backRegistration, .backRegistrationEffective, .void, .voided),
            (.employerOffer, .effective, .terminate, .terminated),
            (.graduateApplication, .effective, .terminate, .terminated),
            (.backRegistration, .backRegistrationEffective, .terminate, .terminated),
        ]
        for mode in ReviewMode.allCases {
            for (flow, status, action, target) in steps {
                let result = Self.apply(action, status, flow, Self.closed(mode))
                #expect(result.status?.to == target, "\(flow) \(status) \(action) \(mode): \(result.refusal?.message ?? "")")
            }
        }
    }

    @Test("解约 ends an effective agreement only, and is the system's step")
    func terminateStep() {
        let context = SigningContext(now: 1)
        for flow in SigningFlow.allCases {
            #expect(SigningMachine.party(for: .terminate, in: flow) == .system)
            #expect(SigningMachine.statuses(of: flow).contains(.terminated))
            #expect(SigningMachine.isClosed(.terminated, in: flow))
            for status in SigningMachine.statuses(of: flow) {
                let result = Self.apply(.terminate, status, flow, context)
                if status == .effective || status == .backRegistrationEffective {
                    #expect(result.status?.to == .terminated && result.status?.endsEffect == true, "\(flow) \(status)")
                } else {
                    #expect(result.refusal?.message == "当前状态为“\(status.name)”，不能解约", "\(flow) \(status)")
                }
            }
        }
        #expect(!AgreementStatus.terminated.isEffective)
    }
}
