import ESigningDomain
import GraduateDomain
import Testing

/// A refusal-or-status outcome, so a step can be compared without nested do/catch.
func outcome<Value>(_ body: () throws(SigningRefusal) -> Value) -> Result<Value, SigningRefusal> {
    do {
        let status = try body()
        return .success(status)
    } catch {
        return .failure(error)
    }
}

/// Every kind × every status × every action × both review modes: the allowed steps go where
/// DOMAIN.md §4.4 (online) and §4.5 (offline) say, every other one is refused in Chinese
/// naming the status. The expected table is written out here, independently of the machine's.
@Suite("Termination state machine (解约, §4.4–§4.5)")
struct TerminationMachineTests {
    typealias Step = (kind: TerminationKind, from: TerminationStatus, action: TerminationAction,
                      schoolOnly: TerminationStatus, twoStep: TerminationStatus)

    static let allowed: [Step] = {
        var steps: [Step] = [
            // §4.4 online: the other party answers the request.
            (.online, .employerRequested, .agree, .awaitingSchool, .awaitingDepartment),
            (.online, .graduateRequested, .agree, .awaitingSchool, .awaitingDepartment),
            (.online, .employerRequested, .disagree, .counterpartyRefused, .counterpartyRefused),
            (.online, .graduateRequested, .disagree, .counterpartyRefused, .counterpartyRefused),
            (.online, .awaitingDepartment, .departmentApprove, .awaitingSchool, .awaitingSchool),
            (.online, .awaitingDepartment, .departmentReject, .rejected, .rejected),
            (.online, .awaitingSchool, .schoolApprove, .approved, .approved),
            (.online, .awaitingSchool, .schoolReject, .rejected, .rejected),
            // §4.5 offline: the graduate applies with the 解约函; a refused one is corrected and resubmitted.
            (.offline, .offlineAwaitingDepartment, .departmentApprove, .offlineAwaitingSchool, .offlineAwaitingSchool),
            (.offline, .offlineAwaitingDepartment, .departmentReject, .rejected, .rejected),
            (.offline, .offlineAwaitingSchool, .schoolApprove, .approved, .approved),
            (.offline, .offlineAwaitingSchool, .schoolReject, .rejected, .rejected),
            (.offline, .rejected, .resubmit, .offlineAwaitingSchool, .offlineAwaitingDepartment),
        ]
        // 强制解约 from every termination still open: not after a refusal by the other party,
        // not once ended, and not from an online 解约审核不通过 (that one is over; a new
        // application follows). An offline refusal can still be resubmitted, so it is open.
        for status in [TerminationStatus.employerRequested, .graduateRequested, .awaitingDepartment, .awaitingSchool] {
            steps.append((.online, status, .force, .forced, .forced))
        }
        for status in [TerminationStatus.offlineAwaitingDepartment, .offlineAwaitingSchool, .rejected] {
            steps.append((.offline, status, .force, .forced, .forced))
        }
        return steps
    }()

    static let onlineStatuses: Set<TerminationStatus> = [
        .employerRequested, .graduateRequested, .counterpartyRefused, .awaitingDepartment, .awaitingSchool,
        .approved, .rejected, .forced,
    ]
    static let offlineStatuses: Set<TerminationStatus> = [
        .offlineAwaitingDepartment, .offlineAwaitingSchool, .approved, .rejected, .forced,
    ]

    /// A context in which every allowed step passes its checks.
    static func permissive(_ mode: ReviewMode) -> TerminationContext {
        TerminationContext(reviewMode: mode, reason: "单位经营调整")
    }

    @Test("every kind × status × action × review mode: allowed steps go to the right status, the rest are refused naming the status")
    func wholeTable() {
        var checked = 0
        for kind in TerminationKind.allCases {
            for status in TerminationStatus.allCases {
                for action in TerminationAction.allCases {
                    for mode in ReviewMode.allCases {
                        let expected = Self.allowed.first { $0.kind == kind && $0.from == status && $0.action == action }
                        let want = mode == .schoolOnly ? expected?.schoolOnly : expected?.twoStep
                        switch outcome({ () throws(SigningRefusal) in
                            try TerminationMachine.apply(action, to: status, kind: kind, context: Self.permissive(mode))
                        }) {
                        case .success(let target):
                            #expect(expected != nil, "\(kind) \(status) \(action) \(mode) should be refused, went to \(target)")
                            #expect(target == want, "\(kind) \(status) \(action) \(mode)")
                        case .failure(let refusal):
                            #expect(expected == nil, "\(kind) \(status) \(action) \(mode) was refused: \(refusal.message)")
                            #expect(refusal.message == "当前状态为“\(status.name)”，不能\(action.name)", "\(refusal.message)")
                            #expect(refusal.field == nil)
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 2 * TerminationStatus.allCases.count * TerminationAction.allCases.count * 2)
        // Every step of the expected table names a status of its kind.
        for step in Self.allowed {
            let statuses = step.kind == .online ? Self.onlineStatuses : Self.offlineStatuses
            #expect(statuses.contains(step.from) && statuses.contains(step.schoolOnly) && statuses.contains(step.twoStep))
        }
    }

    @Test("the statuses of each kind, and which of them are closed")
    func statusesAndClosure() {
        #expect(Set(TerminationMachine.statuses(of: .online)) == Self.onlineStatuses)
        #expect(Set(TerminationMachine.statuses(of: .offline)) == Self.offlineStatuses)
        #expect(TerminationMachine.statuses(of: .online).count == Self.onlineStatuses.count)
        #expect(TerminationMachine.statuses(of: .offline).count == Self.offlineStatuses.count)
        // Closed: 对方不同意解约, 解约审核通过, 学校已强制解约, an online 解约审核不通过.
        let closedOnline: Set<TerminationStatus> = [.counterpartyRefused, .approved, .rejected, .forced]
        let closedOffline: Set<TerminationStatus> = [.approved, .forced]
        for status in Self.onlineStatuses {
            #expect(TerminationMachine.isClosed(status, kind: .online) == closedOnline.contains(status), "online \(status)")
        }
        for status in Self.offlineStatuses {
            #expect(TerminationMachine.isClosed(status, kind: .offline) == closedOffline.contains(status), "offline \(status)")
        }
        // A status is closed exactly when the expected table has no step out of it.
        for kind in TerminationKind.allCases {
            for status in TerminationMachine.statuses(of: kind) {
                let hasStep = Self.allowed.contains { $0.kind == kind && $0.from == status }
                #expect(TerminationMachine.isClosed(status, kind: kind) == !hasStep, "\(kind) \(status)")
            }
        }
        // Only approval and force end the agreement; the review flags match the names.
        for status in TerminationStatus.allCases {
            #expect(status.endsAgreement == [.approved, .forced].contains(status))
            #expect(status.awaitsDepartment == status.name.contains("等待院系审核"), "\(status)")
            #expect(status.awaitsSchool == status.name.contains("等待学校审核"), "\(status)")
            #expect(!status.name.isEmpty)
        }
        #expect(Set(TerminationStatus.allCases.map(\.name)).count == TerminationStatus.allCases.count)
        #expect(Set(TerminationAction.allCases.map(\.name)).count == TerminationAction.allCases.count)
    }

    @Test("the exact status names of DOMAIN.md §4.4–§4.5")
    func statusNames() {
        #expect(TerminationStatus.employerRequested.name == "单位申请解约，等待毕业生确认")
        #expect(TerminationStatus.graduateRequested.name == "毕业生申请解约，等待单位确认")
        #expect(TerminationStatus.counterpartyRefused.name == "对方不同意解约")
        #expect(TerminationStatus.awaitingDepartment.name == "解约审核中，等待院系审核")
        #expect(TerminationStatus.awaitingSchool.name == "解约审核中，等待学校审核")
        #expect(TerminationStatus.offlineAwaitingDepartment.name == "线下解约审核中，等待院系审核")
        #expect(TerminationStatus.offlineAwaitingSchool.name == "线下解约审核中，等待学校审核")
        #expect(TerminationStatus.approved.name == "解约审核通过")
        #expect(TerminationStatus.rejected.name == "解约审核不通过")
        #expect(TerminationStatus.forced.name == "学校已强制解约")
    }

    @Test("the kind follows the agreement's flow: online offers end online, paper agreements offline")
    func kindOfAgreement() {
        #expect(TerminationKind(agreementFlow: .employerOffer) == .online)
        #expect(TerminationKind(agreementFlow: .graduateApplication) == .offline)
        #expect(TerminationKind(agreementFlow: .backRegistration) == .offline)
    }

    @Test("the first status per kind × applicant × review mode; offline by the employer is refused, the school forces")
    func initialStatus() {
        typealias Expected = (schoolOnly: TerminationStatus, twoStep: TerminationStatus)
        let table: [TerminationKind: [SigningParty: Expected]] = [
            .online: [
                .graduate: (.graduateRequested, .graduateRequested),
                .employer: (.employerRequested, .employerRequested),
                .school: (.forced, .forced),
            ],
            .offline: [
                .graduate: (.offlineAwaitingSchool, .offlineAwaitingDepartment),
                .school: (.forced, .forced),
            ],
        ]
        for kind in TerminationKind.allCases {
            for party in SigningParty.allCases {
                for mode in ReviewMode.allCases {
                    let context = TerminationContext(reviewMode: mode, reason: "工作地点变更")
                    let expected = table[kind]?[party]
                    switch outcome({ () throws(SigningRefusal) in
                        try TerminationMachine.initialStatus(kind, by: party, context: context)
                    }) {
                    case .success(let status):
                        #expect(expected != nil, "\(kind) by \(party) should be refused")
                        #expect(status == (mode == .schoolOnly ? expected?.schoolOnly : expected?.twoStep), "\(kind) \(party) \(mode)")
                        #expect(TerminationMachine.statuses(of: kind).contains(status))
                    case .failure(let refusal):
                        #expect(expected == nil, "\(kind) by \(party) \(mode) was refused: \(refusal.message)")
                        #expect(!refusal.message.isEmpty)
                        #expect(refusal.field == nil)
                    }
                }
            }
        }
        #expect(throws: SigningRefusal("线下签订的协议由毕业生持解约函申请解约")) {
            try TerminationMachine.initialStatus(.offline, by: .employer, context: TerminationContext(reason: "原因"))
        }
    }

    @Test("a reason is required to apply, to disagree, to refuse in review and to force", arguments: ["", "  ", " \t "])
    func reasons(blank: String) {
        for kind in TerminationKind.allCases {
            for party in [SigningParty.graduate, .employer, .school] {
                let result = outcome({ () throws(SigningRefusal) in
                    try TerminationMachine.initialStatus(kind, by: party, context: TerminationContext(reason: blank))
                })
                #expect(result.refusal?.field == "reason", "\(kind) by \(party)")
                #expect(result.refusal?.message == "请填写解约原因")
            }
        }
        let needing: [(TerminationKind, TerminationStatus, TerminationAction, String)] = [
            (.online, .employerRequested, .disagree, "请填写不同意解约的原因"),
            (.online, .graduateRequested, .disagree, "请填写不同意解约的原因"),
            (.online, .awaitingDepartment, .departmentReject, "请填写审核不通过的原因"),
            (.online, .awaitingSchool, .schoolReject, "请填写审核不通过的原因"),
            (.offline, .offlineAwaitingDepartment, .departmentReject, "请填写审核不通过的原因"),
            (.offline, .offlineAwaitingSchool, .schoolReject, "请填写审核不通过的原因"),
            (.online, .employerRequested, .force, "请填写强制解约的原因"),
            (.online, .awaitingSchool, .force, "请填写强制解约的原因"),
            (.offline, .offlineAwaitingSchool, .force, "请填写强制解约的原因"),
        ]
        for (kind, status, action, message) in needing {
            for mode in ReviewMode.allCases {
                let result = outcome({ () throws(SigningRefusal) in
                    try TerminationMachine.apply(action, to: status, kind: kind, context: TerminationContext(reviewMode: mode, reason: blank))
                })
                #expect(result.refusal == SigningRefusal(message, field: "reason"), "\(kind) \(status) \(action)")
            }
        }
        // The steps that need no reason pass without one.
        let free: [(TerminationKind, TerminationStatus, TerminationAction)] = [
            (.online, .employerRequested, .agree), (.online, .awaitingDepartment, .departmentApprove),
            (.online, .awaitingSchool, .schoolApprove), (.offline, .rejected, .resubmit),
            (.offline, .offlineAwaitingSchool, .schoolApprove),
        ]
        for (kind, status, action) in free {
            let result = outcome({ () throws(SigningRefusal) in
                try TerminationMachine.apply(action, to: status, kind: kind, context: TerminationContext(reason: blank))
            })
            #expect(result.refusal == nil, "\(kind) \(status) \(action): \(result.refusal?.message ?? "")")
        }
        #expect(Set(TerminationAction.allCases.filter(\.requiresReason)) == [.disagree, .departmentReject, .schoolReject, .force])
    }

    @Test("who takes each step: the other party answers a request, reviewers review, the school forces")
    func parties() {
        #expect(TerminationMachine.party(for: .agree, at: .employerRequested) == .graduate)
        #expect(TerminationMachine.party(for: .disagree, at: .employerRequested) == .graduate)
        #expect(TerminationMachine.party(for: .agree, at: .graduateRequested) == .employer)
        #expect(TerminationMachine.party(for: .disagree, at: .graduateRequested) == .employer)
        for status in TerminationStatus.allCases {
            #expect(TerminationMachine.party(for: .resubmit, at: status) == .graduate)
            #expect(TerminationMachine.party(for: .departmentApprove, at: status) == .departmentReviewer)
            #expect(TerminationMachine.party(for: .departmentReject, at: status) == .departmentReviewer)
            #expect(TerminationMachine.party(for: .schoolApprove, at: status) == .school)
            #expect(TerminationMachine.party(for: .schoolReject, at: status) == .school)
            #expect(TerminationMachine.party(for: .force, at: status) == .school)
        }
    }

    @Test("after 31 August the parties can no longer apply, agree or resubmit; the school still reviews and forces")
    func changesClosed() {
        for mode in ReviewMode.allCases {
            let closed = TerminationContext(reviewMode: mode, changesClosed: true, reason: "已过期限")
            for kind in TerminationKind.allCases {
                for party in [SigningParty.graduate, .employer] {
                    let result = outcome({ () throws(SigningRefusal) in
                        try TerminationMachine.initialStatus(kind, by: party, context: closed)
                    })
                    #expect(result.refusal?.message.contains("8月31日") == true, "\(kind) by \(party)")
                }
                let forced = outcome({ () throws(SigningRefusal) in
                    try TerminationMachine.initialStatus(kind, by: .school, context: closed)
                })
                #expect(forced.status == .forced, "\(kind) by the school")
            }
            // The parties' steps that would move a destination are refused.
            let refused: [(TerminationKind, TerminationStatus, TerminationAction)] = [
                (.online, .employerRequested, .agree), (.online, .graduateRequested, .agree), (.offline, .rejected, .resubmit),
            ]
            for (kind, status, action) in refused {
                let result = outcome({ () throws(SigningRefusal) in
                    try TerminationMachine.apply(action, to: status, kind: kind, context: closed)
                })
                #expect(result.refusal?.message.contains("8月31日") == true, "\(kind) \(status) \(action) \(mode)")
                #expect(result.refusal?.field == nil)
            }
            // The school's steps (and every step of the expected table other than those) go through.
            for step in Self.allowed where !refused.contains(where: { $0.0 == step.kind && $0.1 == step.from && $0.2 == step.action }) {
                let result = outcome({ () throws(SigningRefusal) in
                    try TerminationMachine.apply(step.action, to: step.from, kind: step.kind, context: closed)
                })
                #expect(result.status == (mode == .schoolOnly ? step.schoolOnly : step.twoStep),
                        "\(step.kind) \(step.from) \(step.action) \(mode): \(result.refusal?.message ?? "")")
            }
        }
    }

    @Test("a whole online termination: requested, agreed, reviewed in two steps, approved ends the agreement")
    func walkThrough() throws {
        let context = TerminationContext(reviewMode: .departmentThenSchool, reason: "双方协商一致")
        var status = try TerminationMachine.initialStatus(.online, by: .employer, context: context)
        #expect(status == .employerRequested && !status.endsAgreement)
        #expect(TerminationMachine.party(for: .agree, at: status) == .graduate)
        status = try TerminationMachine.apply(.agree, to: status, kind: .online, context: context)
        #expect(status == .awaitingDepartment && status.awaitsDepartment)
        status = try TerminationMachine.apply(.departmentApprove, to: status, kind: .online, context: context)
        #expect(status == .awaitingSchool && status.awaitsSchool)
        status = try TerminationMachine.apply(.schoolApprove, to: status, kind: .online, context: context)
        #expect(status == .approved && status.endsAgreement && TerminationMachine.isClosed(status, kind: .online))
        // The agreement then takes the system's 解约 step.
        let ended = try SigningMachine.apply(.terminate, to: .effective, in: .employerOffer, context: SigningContext(now: 1))
        #expect(ended.to == .terminated && ended.endsEffect)
        #expect(SigningMachine.party(for: .terminate, in: .employerOffer) == .system)
    }
}

extension Result where Failure == SigningRefusal {
    var status: Success? { if case .success(let status) = self { status } else { nil } }
    var refusal: SigningRefusal? { if case .failure(let refusal) = self { refusal } else { nil } }
}
