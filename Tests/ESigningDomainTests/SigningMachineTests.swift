import ESigningDomain
import GraduateDomain
import Testing

/// Every flow × every status × every action × both review modes: the allowed steps go where
/// DOMAIN.md §4.1–§4.3 says, every other one is refused in Chinese. The expected table is
/// written out here independently of the machine's own.
@Suite("Signing state machines")
struct SigningMachineTests {
    typealias Step = (flow: SigningFlow, from: AgreementStatus, action: SigningAction, schoolOnly: AgreementStatus, twoStep: AgreementStatus)

    static let allowed: [Step] = {
        var steps: [Step] = [
            // §4.1
            (.employerOffer, .offered, .accept, .acceptedAwaitingSchool, .acceptedAwaitingDepartment),
            (.employerOffer, .offered, .refuse, .refusedByGraduate, .refusedByGraduate),
            (.employerOffer, .offered, .expire, .expired, .expired),
            (.employerOffer, .offered, .withdraw, .withdrawnByEmployer, .withdrawnByEmployer),
            (.employerOffer, .acceptedAwaitingDepartment, .departmentApprove, .acceptedAwaitingSchool, .acceptedAwaitingSchool),
            (.employerOffer, .acceptedAwaitingDepartment, .departmentReject, .departmentRejected, .departmentRejected),
            (.employerOffer, .acceptedAwaitingSchool, .schoolApprove, .effective, .effective),
            (.employerOffer, .acceptedAwaitingSchool, .schoolReject, .schoolRejected, .schoolRejected),
            // §4.2
            (.graduateApplication, .applicationAwaitingDepartment, .departmentApprove, .applicationAwaitingSchool, .applicationAwaitingSchool),
            (.graduateApplication, .applicationAwaitingDepartment, .departmentReject, .applicationDepartmentRejected, .applicationDepartmentRejected),
            (.graduateApplication, .applicationAwaitingSchool, .schoolApprove, .applicationApproved, .applicationApproved),
            (.graduateApplication, .applicationAwaitingSchool, .schoolReject, .applicationSchoolRejected, .applicationSchoolRejected),
            (.graduateApplication, .applicationDepartmentRejected, .resubmit, .applicationAwaitingSchool, .applicationAwaitingDepartment),
            (.graduateApplication, .applicationSchoolRejected, .resubmit, .applicationAwaitingSchool, .applicationAwaitingDepartment),
            (.graduateApplication, .applicationApproved, .uploadSigned, .signedAwaitingSchool, .signedAwaitingDepartment),
            (.graduateApplication, .departmentRejected, .uploadSigned, .signedAwaitingSchool, .signedAwaitingDepartment),
            (.graduateApplication, .schoolRejected, .uploadSigned, .signedAwaitingSchool, .signedAwaitingDepartment),
            (.graduateApplication, .signedAwaitingDepartment, .departmentApprove, .signedAwaitingSchool, .signedAwaitingSchool),
            (.graduateApplication, .signedAwaitingDepartment, .departmentReject, .departmentRejected, .departmentRejected),
            (.graduateApplication, .signedAwaitingSchool, .schoolApprove, .effective, .effective),
            (.graduateApplication, .signedAwaitingSchool, .schoolReject, .schoolRejected, .schoolRejected),
            // §4.3
            (.backRegistration, .backRegistrationAwaitingDepartment, .departmentApprove, .backRegistrationAwaitingSchool, .backRegistrationAwaitingSchool),
            (.backRegistration, .backRegistrationAwaitingDepartment, .departmentReject, .backRegistrationRejected, .backRegistrationRejected),
            (.backRegistration, .backRegistrationAwaitingSchool, .schoolApprove, .backRegistrationEffective, .backRegistrationEffective),
            (.backRegistration, .backRegistrationAwaitingSchool, .schoolReject, .backRegistrationRejected, .backRegistrationRejected),
            (.backRegistration, .backRegistrationRejected, .resubmit, .backRegistrationAwaitingSchool, .backRegistrationAwaitingDepartment),
        ]
        // The graduate may withdraw an application at any time before it takes effect (§4.2 step 5).
        for status in [AgreementStatus.applicationAwaitingDepartment, .applicationAwaitingSchool, .applicationDepartmentRejected,
                       .applicationSchoolRejected, .applicationApproved, .signedAwaitingDepartment, .signedAwaitingSchool,
                       .departmentRejected, .schoolRejected] {
            steps.append((.graduateApplication, status, .withdraw, .withdrawnByGraduate, .withdrawnByGraduate))
        }
        // 修改 and 作废 after effect, in every flow.
        for flow in SigningFlow.allCases {
            let effective: AgreementStatus = flow == .backRegistration ? .backRegistrationEffective : .effective
            steps.append((flow, effective, .amend, effective, effective))
            steps.append((flow, effective, .void, .voided, .voided))
            steps.append((flow, effective, .terminate, .terminated, .terminated))
        }
        return steps
    }()

    /// A context in which every allowed step passes its checks.
    static func permissive(_ mode: ReviewMode) -> SigningContext {
        SigningContext(reviewMode: mode, now: 2_000, respondBy: 1_000, reason: "材料不全")
    }

    @Test("every status × action × flow × review mode: allowed steps go to the right status, the rest are refused")
    func wholeTable() {
        var checked = 0
        for flow in SigningFlow.allCases {
            for status in AgreementStatus.allCases {
                for action in SigningAction.allCases {
                    for mode in ReviewMode.allCases {
                        var context = Self.permissive(mode)
                        if action == .accept { context.respondBy = 3_000 }   // accepting needs the deadline ahead
                        let expected = Self.allowed.first { $0.flow == flow && $0.from == status && $0.action == action }
                        do {
                            let transition = try SigningMachine.apply(action, to: status, in: flow, context: context)
                            #expect(expected != nil, "\(flow) \(status) \(action) should be refused")
                            #expect(transition.to == (mode == .schoolOnly ? expected?.schoolOnly : expected?.twoStep), "\(flow) \(status) \(action) \(mode)")
                        } catch {
                            #expect(expected == nil, "\(flow) \(status) \(action) \(mode) was refused: \(error.message)")
                            #expect(error.message.contains("不能\(action.name)"))
                            #expect(error.message.contains(status.name))
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == SigningFlow.allCases.count * AgreementStatus.allCases.count * SigningAction.allCases.count * 2)
    }

    @Test("reasons are required to refuse in review and to void")
    func reasons() {
        for (flow, status, action) in [(SigningFlow.employerOffer, AgreementStatus.acceptedAwaitingSchool, SigningAction.schoolReject),
                                       (.employerOffer, .acceptedAwaitingDepartment, .departmentReject),
                                       (.backRegistration, .backRegistrationEffective, .void)] {
            var context = Self.permissive(.departmentThenSchool)
            context.reason = "  "
            #expect(throws: SigningRefusal.self) { try SigningMachine.apply(action, to: status, in: flow, context: context) }
            do {
                _ = try SigningMachine.apply(action, to: status, in: flow, context: context)
            } catch {
                #expect(error.field == "reason")
            }
        }
    }

    @Test("an offer is accepted only before its deadline, by a non-定向 graduate without another destination")
    func acceptRules() throws {
        let open = SigningContext(now: 1_000, respondBy: 2_000)
        #expect(try SigningMachine.apply(.accept, to: .offered, in: .employerOffer, context: open).to == .acceptedAwaitingSchool)
        var late = open
        late.now = 2_000
        #expect(throws: SigningRefusal("已超过应约有效期，不能再同意签约")) { try SigningMachine.apply(.accept, to: .offered, in: .employerOffer, context: late) }
        var bound = open
        bound.graduateIsBound = true
        #expect(throws: SigningRefusal.self) { try SigningMachine.apply(.accept, to: .offered, in: .employerOffer, context: bound) }
        var taken = open
        taken.graduateHasOtherEffective = true
        #expect(throws: SigningRefusal.self) { try SigningMachine.apply(.accept, to: .offered, in: .employerOffer, context: taken) }
        var busy = open
        busy.graduateHasOtherInProgress = true
        #expect(throws: SigningRefusal.self) { try SigningMachine.apply(.accept, to: .offered, in: .employerOffer, context: busy) }
        // Expiry only at or after the deadline.
        #expect(throws: SigningRefusal.self) { try SigningMachine.apply(.expire, to: .offered, in: .employerOffer, context: open) }
        #expect(try SigningMachine.apply(.expire, to: .offered, in: .employerOffer, context: late).to == .expired)
    }

    @Test("one effective destination: approval and new records are refused while another is effective")
    func oneEffectiveDestination() throws {
        let taken = SigningContext(now: 1, graduateHasOtherEffective: true)
        #expect(throws: SigningRefusal.self) { try SigningMachine.apply(.schoolApprove, to: .acceptedAwaitingSchool, in: .employerOffer, context: taken) }
        #expect(throws: SigningRefusal.self) { try SigningMachine.apply(.uploadSigned, to: .applicationApproved, in: .graduateApplication, context: taken) }
        for flow in SigningFlow.allCases {
            #expect(throws: SigningRefusal.self) { try SigningMachine.initialStatus(of: flow, context: taken) }
        }
        let free = SigningContext(reviewMode: .departmentThenSchool, now: 1)
        #expect(try SigningMachine.initialStatus(of: .employerOffer, context: free) == .offered)
        #expect(try SigningMachine.initialStatus(of: .graduateApplication, context: free) == .applicationAwaitingDepartment)
        #expect(try SigningMachine.initialStatus(of: .backRegistration, context: SigningContext(now: 1)) == .backRegistrationAwaitingSchool)
        #expect(throws: SigningRefusal.self) { try SigningMachine.initialStatus(of: .employerOffer, context: SigningContext(now: 1, graduateIsBound: true)) }
    }

    @Test("effect begins and ends where it should; closed statuses have no way on")
    func effectAndClosure() throws {
        let context = Self.permissive(.schoolOnly)
        #expect(try SigningMachine.apply(.schoolApprove, to: .signedAwaitingSchool, in: .graduateApplication, context: context).takesEffect)
        #expect(try SigningMachine.apply(.void, to: .effective, in: .employerOffer, context: context).endsEffect)
        #expect(try !SigningMachine.apply(.amend, to: .effective, in: .employerOffer, context: context).takesEffect)
        #expect(SigningMachine.isClosed(.schoolRejected, in: .employerOffer))
        #expect(!SigningMachine.isClosed(.schoolRejected, in: .graduateApplication))
        for status in [AgreementStatus.refusedByGraduate, .expired, .withdrawnByEmployer, .voided] {
            #expect(SigningMachine.isClosed(status, in: .employerOffer))
        }
        // Every status named in a flow's list is reachable or initial; every status has a Chinese name.
        for flow in SigningFlow.allCases {
            for status in SigningMachine.statuses(of: flow) {
                #expect(!status.name.isEmpty)
            }
        }
        #expect(Set(AgreementStatus.allCases.map(\.name)).count == AgreementStatus.allCases.count)
        #expect(SigningMachine.party(for: .withdraw, in: .employerOffer) == .employer)
        #expect(SigningMachine.party(for: .withdraw, in: .graduateApplication) == .graduate)
    }

    @Test("协议编号: 届别 + 签约方式 + 院校代码 + 9-digit serial")
    func agreementNumber() throws {
        let school = try #require(SchoolCode("10001"))
        let number = AgreementNumber(cohort: 2023, flow: .employerOffer, schoolCode: school, serial: 318_198_442)
        #expect(number.value == "2023410001318198442")
        #expect(AgreementNumber(cohort: 2023, flow: .graduateApplication, schoolCode: school, serial: 7).value == "2023110001000000007")
        let parsed = try #require(AgreementNumber("2023110001313572712"))
        #expect(parsed.cohort == 2023 && parsed.flow == .graduateApplication && parsed.schoolCode == "10001" && parsed.serial == 313_572_712)
        #expect(AgreementNumber("2023910001313572712") == nil)
        #expect(AgreementNumber("202311000131357271") == nil)
        #expect(AgreementNumber.pending == "签约信息生效后生成")
    }
}
