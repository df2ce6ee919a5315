import ESigningDomain
import GraduateDomain
import Testing

/// 数据统计 (DOMAIN.md §8): the columns of the per-院系 table and 落实率.
@Suite("Statistics columns and 落实率 (§8)")
struct SigningStatisticsTests {
    @Test("12 columns in the order of §8 with their exact names")
    func columns() {
        #expect(StatisticsColumn.allCases.map(\.name) == [
            "已签约", "签约未审核", "签约未通过", "已解约", "解约未审核", "解约未通过",
            "补登", "补登未审核", "补登未通过", "去向登记", "去向未审核", "去向未通过",
        ])
    }

    /// Whether `raw` is a status of the source's enum, and of at least one of the flows named.
    static func belongs(_ raw: String, to source: StatisticsColumn.Source, flows: [SigningFlow]) -> Bool {
        switch source {
        case .agreements:
            guard let status = AgreementStatus(rawValue: raw) else { return false }
            return flows.contains { SigningMachine.statuses(of: $0).contains(status) }
        case .terminations:
            guard let status = TerminationStatus(rawValue: raw) else { return false }
            return TerminationKind.allCases.contains { TerminationMachine.statuses(of: $0).contains(status) }
        case .registrations:
            return RegistrationStatus(rawValue: raw) != nil
        }
    }

    @Test("each column's statuses are statuses of its source, in the flows it names")
    func statusesBelong() {
        for column in StatisticsColumn.allCases {
            let filter = column.filter
            #expect(!filter.statuses.isEmpty, "\(column)")
            #expect(Set(filter.statuses).count == filter.statuses.count, "\(column) repeats a status")
            #expect(filter.source == .agreements ? !filter.flows.isEmpty : filter.flows.isEmpty, "\(column)")
            for raw in filter.statuses {
                #expect(Self.belongs(raw, to: filter.source, flows: filter.flows), "\(column): \(raw)")
            }
        }
    }

    @Test("no status is counted in two columns of the same list and flow")
    func noDoubleCounting() {
        for source in [StatisticsColumn.Source.agreements, .terminations, .registrations] {
            let flows: [SigningFlow?] = source == .agreements ? SigningFlow.allCases.map { $0 } : [nil]
            for flow in flows {
                var seen: [String: StatisticsColumn] = [:]
                for column in StatisticsColumn.allCases where column.filter.source == source {
                    if let flow, !column.filter.flows.contains(flow) { continue }
                    for raw in column.filter.statuses {
                        #expect(seen[raw] == nil, "\(raw) counted in \(seen[raw].map(\.name) ?? "") and \(column.name) (\(source), \(String(describing: flow)))")
                        seen[raw] = column
                    }
                }
            }
        }
    }

    @Test("each column counts what its name says")
    func expectedFilters() {
        func check(_ column: StatisticsColumn, _ source: StatisticsColumn.Source, _ flows: Set<SigningFlow>, _ statuses: Set<String>) {
            let filter = column.filter
            #expect(filter.source == source, "\(column)")
            #expect(Set(filter.flows) == flows, "\(column)")
            #expect(Set(filter.statuses) == statuses, "\(column): \(filter.statuses)")
        }
        let signing: Set<SigningFlow> = [.employerOffer, .graduateApplication]
        func raw(_ statuses: [AgreementStatus]) -> Set<String> { Set(statuses.map(\.rawValue)) }
        check(.signed, .agreements, signing, raw([.effective]))
        check(.signingPending, .agreements, signing, raw([.acceptedAwaitingDepartment, .acceptedAwaitingSchool,
                                                          .applicationAwaitingDepartment, .applicationAwaitingSchool,
                                                          .signedAwaitingDepartment, .signedAwaitingSchool]))
        check(.signingRejected, .agreements, signing, raw([.departmentRejected, .schoolRejected,
                                                           .applicationDepartmentRejected, .applicationSchoolRejected]))
        check(.backRegistered, .agreements, [.backRegistration], raw([.backRegistrationEffective]))
        check(.backRegistrationPending, .agreements, [.backRegistration], raw([.backRegistrationAwaitingDepartment, .backRegistrationAwaitingSchool]))
        check(.backRegistrationRejected, .agreements, [.backRegistration], raw([.backRegistrationRejected]))
        check(.terminated, .terminations, [], Set([TerminationStatus.approved, .forced].map(\.rawValue)))
        check(.terminationPending, .terminations, [], Set([TerminationStatus.awaitingDepartment, .awaitingSchool,
                                                           .offlineAwaitingDepartment, .offlineAwaitingSchool].map(\.rawValue)))
        check(.terminationRejected, .terminations, [], [TerminationStatus.rejected.rawValue])
        // A registration under a void request is still the graduate's destination.
        check(.registered, .registrations, [], Set([RegistrationStatus.approved, .voidRequestAwaitingDepartment,
                                                    .voidRequestAwaitingSchool].map(\.rawValue)))
        check(.registrationPending, .registrations, [], Set([RegistrationStatus.awaitingDepartment, .awaitingSchool].map(\.rawValue)))
        check(.registrationRejected, .registrations, [], [RegistrationStatus.rejected.rawValue])
    }

    @Test("落实率 in percent with two decimals", arguments: [
        (0, 0, "0.00%"), (5, 0, "0.00%"), (0, 8, "0.00%"), (7, 8, "87.50%"), (2, 3, "66.67%"), (1, 3, "33.33%"),
        (1, 1, "100.00%"), (1, 200, "0.50%"), (1, 10_000, "0.01%"), (1, 20_001, "0.00%"), (123, 456, "26.97%"),
    ])
    func placementRate(placed: Int, total: Int, text: String) {
        #expect(PlacementRate.text(placed: placed, total: total) == text)
    }
}
