import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import ProcessLauncher

/// 数据统计 (DOMAIN.md §8) on a seeded school where every status is represented: generates
/// each graduate's history through the HTTP API with concurrent clients, times
/// `GET /api/v1/signing-statistics` against the naive way of getting the same numbers (one
/// filtered list total per cell), and checks every cell against its list.
struct Statistics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statistics",
        abstract: "Seed, generate every status through the API, time 数据统计 against the lists it is defined by, check every cell."
    )

    @OptionGroup var options: SystemOptions

    @Option(help: "Times the naive pass (one list total per cell) is repeated; the cells are checked on the last one.")
    var peerPasses = 3

    func validate() throws {
        guard self.peerPasses >= 1 else { throw ValidationError("--peer-passes must be at least 1") }
    }

    func run() async throws {
        let options = self.options
        let harness = try Harness(options: options)
        harness.printHeader("数据统计 on a school where every status is represented")
        print("graduates \(options.graduates) (cohort \(options.cohort), all 非定向, \(TestData.departments.count) 院系), employers \(options.employers), clients \(options.clients)")
        print("")
        var failures: [String] = []
        try await harness.withSystem { system, api in
            failures = try await self.measure(system: system, api: api)
        }
        harness.cleanUp()
        if !failures.isEmpty {
            print("\nFAILED: " + failures.joined(separator: "; "))
            throw ExitCode.failure
        }
    }

    /// Everything between starting and stopping the services; returns what failed.
    private func measure(system: LaunchedSystem, api: GatewayAPI) async throws -> [String] {
        let options = self.options
        let prepared = try await prepareSchool(system: system, api: api, options: options)
        let admin = prepared.school.adminToken
        var failures: [String] = []

        print("\n## Generating every status: \(options.clients) clients, one scenario per graduate")
        print("| scenario | share | requests | ends in |")
        print("|---|---:|---:|---|")
        for scenario in Scenario.allCases {
            print("| \(scenario.title) | \(scenario.weight) % | \(scenario.requests) | \(scenario.ends) |")
        }
        let generator = StatusGenerator(
            api: api, clients: options.clients, employerTokens: prepared.school.employerTokens, adminToken: admin,
            graduates: prepared.roster, graduateTokens: prepared.tokens
        )
        let total = prepared.roster.count
        let generated = try await generator.run { done, seconds in
            FileHandle.standardError.write(Data("  … \(done)/\(total) graduates after \(fixed(seconds, 0)) s\n".utf8))
        }
        let requests = generated.latencies.values.map(\.count).reduce(0, +)
        print("")
        print("  wall time: \(fixed(generated.wallSeconds, 2)) s for \(total) graduates")
        print("  generation rate: \(fixed(Double(total) / generated.wallSeconds, 1)) graduates/s, \(requests) requests → \(fixed(Double(requests) / generated.wallSeconds, 1)) requests/s")
        print("  errors: \(generated.errors) (graduates whose scenario did not end as planned: \(generated.failedGraduates))")
        for line in generated.firstErrors.prefix(10) { print("    " + line) }
        if generated.errors > 0 { failures.append("\(generated.errors) errors while generating") }
        print("")
        print("| request | requests | p50 ms | p90 ms | p99 ms | max ms | mean ms |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label in generated.latencies.keys.sorted() {
            Run.printRow(label, Percentiles(generated.latencies[label]!))
        }
        Run.printRow("all requests", Percentiles(generated.latencies.values.flatMap { $0 }))
        print("  load average after generating (1, 5, 15 min): \(Harness.loadAverage())")

        print("\n## Memory after generating")
        Harness.printMemory(system.memory())

        let statisticsPath = "/api/v1/signing-statistics?cohort=\(options.cohort)"
        print("\n## `GET \(statisticsPath)` (admin, \(options.queryCalls) sequential calls after one warm-up)")
        let (timing, bytes) = try await timeQuery(api: api, path: statisticsPath, token: admin, calls: options.queryCalls)
        print("| query | calls | p50 ms | p90 ms | p99 ms | max ms | mean ms | response bytes |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        print("| 数据统计 | \(timing.count) | \(fixed(timing.p50, 2)) | \(fixed(timing.p90, 2)) | \(fixed(timing.p99, 2)) | \(fixed(timing.maximum, 2)) | \(fixed(timing.mean, 2)) | \(bytes) |")
        let table = try await api.expect(200, .GET, statisticsPath, token: admin).decode(StatisticsTable.self)
        print("")
        table.printTable()

        print("\n## The naive peer: one list total per cell (pageSize=1), \(self.peerPasses) sequential passes")
        let cells = PeerCells(table: table, cohort: options.cohort)
        print("  per pass: \(cells.requests.count) requests = (\(table.columns.count) columns + 总数 from GET /api/v1/graduates) × (\(table.rows.count) 院系 + 总计)")
        var passSeconds: [Double] = []
        var callLatencies: [Double] = []
        var totals: [Int] = []
        for _ in 0..<self.peerPasses {
            let start = ContinuousClock.now
            totals = []
            for request in cells.requests {
                let sent = ContinuousClock.now
                let reply = try await api.expect(200, .GET, request.path, token: admin)
                callLatencies.append((ContinuousClock.now - sent).milliseconds)
                totals.append(try reply.decode(ListTotal.self).total)
            }
            passSeconds.append((ContinuousClock.now - start).seconds)
        }
        let passes = Percentiles(passSeconds.map { $0 * 1000 })
        let calls = Percentiles(callLatencies)
        print("| | ms |")
        print("|---|---:|")
        print("| whole pass, fastest | \(fixed((passSeconds.min() ?? 0) * 1000, 1)) |")
        print("| whole pass, median | \(fixed(passes.p50, 1)) |")
        print("| whole pass, slowest | \(fixed(passes.maximum, 1)) |")
        print("| one list call, p50 / p99 | \(fixed(calls.p50, 2)) / \(fixed(calls.p99, 2)) |")
        print("  数据统计 p50 \(fixed(timing.p50, 2)) ms against the naive pass's median \(fixed(passes.p50, 1)) ms: \(fixed(passes.p50 / max(timing.p50, 0.001), 0))× faster")

        print("\n## Checks")
        let check = cells.compare(totals: totals, table: table, roster: options.graduates, expected: generated.expected)
        for line in check.lines { print("  " + line) }
        print("  cells compared with their list: \(check.compared), mismatches: \(check.mismatches)")
        if check.mismatches > 0 { failures.append("\(check.mismatches) cells differ from their list") }
        if check.otherFailures > 0 { failures.append("\(check.otherFailures) other check(s) failed") }

        print("\n## Memory at the end")
        Harness.printMemory(system.memory())

        print("\n## Against the aim")
        print("| aim | measured | |")
        print("|---|---|---|")
        print("| 数据统计 < 50 ms | p50 \(fixed(timing.p50, 2)) ms, p99 \(fixed(timing.p99, 2)) ms (\(options.graduates) graduates) | \(timing.p99 < 50 ? "met" : "**missed**") |")
        print("| every cell equals its list | \(check.compared) compared, \(check.mismatches) mismatches | \(check.mismatches == 0 ? "met" : "**missed**") |")
        return failures
    }
}

// MARK: - Scenarios

/// What happens to one graduate. Each is chosen from the graduate's 身份证号 (deterministic),
/// with `weight` percent of the roster, and ends in one status the statistics count (or not).
enum Scenario: Int, CaseIterable, Sendable {
    case nothing
    case openOffer
    case acceptedAwaitingSchool
    case approved
    case schoolRefused
    case applicationPending
    case applicationRefused
    case backRegistrationPending
    case backRegistrationApproved
    case backRegistrationRefused
    case terminationRequested
    case terminationPending
    case terminationApproved
    case terminationRefused
    case offlineTerminationPending
    case furtherStudyPending
    case furtherStudyApproved
    case furtherStudyRefused
    case awaitingEmploymentApproved
    case awaitingEmploymentRefused

    /// Percent of the roster; the weights add up to 100.
    var weight: Int {
        switch self {
        case .nothing: 10
        case .openOffer: 6
        case .acceptedAwaitingSchool: 6
        case .approved: 20
        case .schoolRefused: 4
        case .applicationPending: 4
        case .applicationRefused: 3
        case .backRegistrationPending: 4
        case .backRegistrationApproved: 6
        case .backRegistrationRefused: 3
        case .terminationRequested: 2
        case .terminationPending: 4
        case .terminationApproved: 4
        case .terminationRefused: 3
        case .offlineTerminationPending: 2
        case .furtherStudyPending: 4
        case .furtherStudyApproved: 6
        case .furtherStudyRefused: 2
        case .awaitingEmploymentApproved: 5
        case .awaitingEmploymentRefused: 2
        }
    }

    static func of(_ graduate: RosterGraduate) -> Scenario {
        // FNV-1a of the 身份证号, mixed: the same scenario for the same graduate every run.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in graduate.idNumber.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var generator = SplitMix(seed: hash)
        var point = Int(generator.next() % 100)
        for scenario in Self.allCases {
            if point < scenario.weight { return scenario }
            point -= scenario.weight
        }
        return .nothing
    }

    var title: String {
        switch self {
        case .nothing: "nothing"
        case .openOffer: "open offer"
        case .acceptedAwaitingSchool: "offer accepted, awaiting the school"
        case .approved: "offer accepted and approved"
        case .schoolRefused: "offer accepted, school refuses"
        case .applicationPending: "e-agreement application pending"
        case .applicationRefused: "e-agreement application refused"
        case .backRegistrationPending: "补登 pending"
        case .backRegistrationApproved: "补登 approved"
        case .backRegistrationRefused: "补登 refused"
        case .terminationRequested: "approved, one party asks to terminate"
        case .terminationPending: "approved, termination agreed, awaiting the school"
        case .terminationApproved: "approved, termination approved"
        case .terminationRefused: "approved, termination refused by the school"
        case .offlineTerminationPending: "补登 approved, offline termination (解约函) pending"
        case .furtherStudyPending: "升学 (80) registration pending"
        case .furtherStudyApproved: "升学 (80) registration approved"
        case .furtherStudyRefused: "升学 (80) registration refused"
        case .awaitingEmploymentApproved: "待就业 (70) registration approved"
        case .awaitingEmploymentRefused: "待就业 (70) registration refused"
        }
    }

    /// Requests the scenario sends (uploads included).
    var requests: Int {
        switch self {
        case .nothing: 0
        case .openOffer, .applicationPending: 1
        case .acceptedAwaitingSchool, .applicationRefused, .backRegistrationPending, .furtherStudyPending: 2
        case .awaitingEmploymentApproved, .awaitingEmploymentRefused: 2
        case .approved, .schoolRefused, .backRegistrationApproved, .backRegistrationRefused, .furtherStudyApproved, .furtherStudyRefused: 3
        case .terminationRequested: 4
        case .terminationPending, .offlineTerminationPending: 5
        case .terminationApproved, .terminationRefused: 6
        }
    }

    /// The status the last answer must show.
    var finalStatus: String? {
        switch self {
        case .nothing: nil
        case .openOffer: "offered"
        case .acceptedAwaitingSchool: "acceptedAwaitingSchool"
        case .approved: "effective"
        case .schoolRefused: "schoolRejected"
        case .applicationPending: "applicationAwaitingSchool"
        case .applicationRefused: "applicationSchoolRejected"
        case .backRegistrationPending: "backRegistrationAwaitingSchool"
        case .backRegistrationApproved: "backRegistrationEffective"
        case .backRegistrationRefused: "backRegistrationRejected"
        case .terminationRequested: nil // employerRequested or graduateRequested, by who asked
        case .terminationPending: "awaitingSchool"
        case .terminationApproved: "approved"
        case .terminationRefused: "rejected"
        case .offlineTerminationPending: "offlineAwaitingSchool"
        case .furtherStudyPending: "awaitingSchool"
        case .furtherStudyApproved: "approved"
        case .furtherStudyRefused: "rejected"
        case .awaitingEmploymentApproved: "approved"
        case .awaitingEmploymentRefused: "rejected"
        }
    }

    var ends: String {
        switch self {
        case .nothing: "—"
        case .terminationRequested: "agreement effective; termination employerRequested / graduateRequested"
        case .terminationPending, .terminationRefused: "agreement effective; termination \(self.finalStatus!)"
        case .terminationApproved: "agreement terminated; termination approved"
        case .offlineTerminationPending: "补登 backRegistrationEffective; termination offlineAwaitingSchool"
        default: self.finalStatus!
        }
    }

    /// The statistics columns (keys) this graduate adds one to.
    var columns: [String] {
        switch self {
        case .nothing, .openOffer: []
        case .acceptedAwaitingSchool, .applicationPending: ["signingPending"]
        case .approved, .terminationRequested: ["signed"]
        case .schoolRefused, .applicationRefused: ["signingRejected"]
        case .backRegistrationPending: ["backRegistrationPending"]
        case .backRegistrationApproved: ["backRegistered"]
        case .backRegistrationRefused: ["backRegistrationRejected"]
        case .terminationPending: ["signed", "terminationPending"]
        case .terminationApproved: ["terminated"]
        case .terminationRefused: ["signed", "terminationRejected"]
        case .offlineTerminationPending: ["backRegistered", "terminationPending"]
        case .furtherStudyPending: ["registrationPending"]
        case .furtherStudyApproved, .awaitingEmploymentApproved: ["registered"]
        case .furtherStudyRefused, .awaitingEmploymentRefused: ["registrationRejected"]
        }
    }

    /// Counts towards 落实率: an effective agreement, or an approved registration of a placed category.
    var placed: Bool {
        [.approved, .terminationRequested, .terminationPending, .terminationRefused, .backRegistrationApproved, .offlineTerminationPending,
         .furtherStudyApproved].contains(self)
    }
}

/// What the generation made: latencies per request kind, errors, and the table it expects
/// (per 院系: column key → count; placed), from the scenarios that ended as planned.
struct GeneratedStatuses: Sendable {
    var wallSeconds: Double
    var latencies: [String: [Double]]
    var errors: Int
    var failedGraduates: Int
    var firstErrors: [String]
    var expected: ExpectedTable
}

struct ExpectedTable: Sendable {
    var counts: [String: [String: Int]] = [:]
    var placed: [String: Int] = [:]
    var roster: [String: Int] = [:]
    /// Every scenario ended as planned: the table must equal these counts.
    var complete = true

    mutating func add(_ scenario: Scenario, department: String) {
        for column in scenario.columns { self.counts[department, default: [:]][column, default: 0] += 1 }
        if scenario.placed { self.placed[department, default: 0] += 1 }
    }
}

private struct RegistrationInput: Encodable {
    var category: String
    var fields: [String: String]
    var attachmentSha256: String?
}

private struct TerminationInput: Encodable {
    var reason: String
    var attachmentSha256: String?
}

private struct ReasonInput: Encodable {
    var reason: String
}

private struct ApplicationInput: Encodable {
    struct Employer: Encodable {
        var name, creditCode, nature, industry, regionCode, address, contactName, contactPhone, email: String
    }
    var employer: Employer
    var job = OfferInput.Job()
    var attachmentSha256: String?

    init(index: Int, attachmentSha256: String? = nil) {
        let code = 5_000 + index % 500
        self.employer = Employer(
            name: TestData.employerName(code), creditCode: TestData.creditCode(code), nature: "39", industry: "I", regionCode: "110108",
            address: "北京市海淀区示范路\(code)号", contactName: "人事部", contactPhone: "1391001\(String(format: "%04d", index % 10_000))",
            email: "hr\(code)@example.com"
        )
        self.attachmentSha256 = attachmentSha256
    }
}

private struct UploadedScan: Decodable {
    var sha256: String
}

/// Drives every graduate's scenario through the gateway with `clients` concurrent clients
/// (`runClients`, as the signing run does), timing every request by its kind.
struct StatusGenerator {
    let api: GatewayAPI
    let clients: Int
    let employerTokens: [String]
    let adminToken: String
    let graduates: [RosterGraduate]
    let graduateTokens: [String]

    struct ClientState: Sendable {
        var latencies: [String: [Double]] = [:]
        var errors = 0
        var failed = 0
        var expected = ExpectedTable()
    }

    func run(progress: @escaping @Sendable (Int, Double) -> Void) async throws -> GeneratedStatuses {
        let log = ErrorLog()
        let (states, wall) = try await runClients(
            count: self.graduates.count, clients: self.clients, initial: { ClientState() }, progress: progress
        ) { index, state in
            let graduate = self.graduates[index]
            let scenario = Scenario.of(graduate)
            if await self.play(scenario, index: index, state: &state, log: log) {
                state.expected.add(scenario, department: graduate.department)
            } else {
                state.failed += 1
            }
        }
        var latencies: [String: [Double]] = [:]
        var expected = ExpectedTable()
        for state in states {
            latencies.merge(state.latencies) { $0 + $1 }
            for (department, counts) in state.expected.counts {
                expected.counts[department, default: [:]].merge(counts, uniquingKeysWith: +)
            }
            expected.placed.merge(state.expected.placed, uniquingKeysWith: +)
        }
        for graduate in self.graduates { expected.roster[graduate.department, default: 0] += 1 }
        let failed = states.map(\.failed).reduce(0, +)
        expected.complete = failed == 0
        return GeneratedStatuses(
            wallSeconds: wall, latencies: latencies, errors: states.map(\.errors).reduce(0, +), failedGraduates: failed,
            firstErrors: log.first, expected: expected
        )
    }

    /// Plays one graduate's scenario; false when a request failed or a status was not the planned one.
    private func play(_ scenario: Scenario, index: Int, state: inout ClientState, log: ErrorLog) async -> Bool {
        let graduateToken = self.graduateTokens[index]
        let employerToken = self.employerTokens[index % self.employerTokens.count]
        let admin = self.adminToken
        let graduate = self.graduates[index]
        let empty = ByteBuffer(string: "{}")

        func fail(_ message: String) {
            state.errors += 1
            log.add(message)
        }
        /// One timed request under `label`; nil (an error counted) unless it answers `expected`.
        func send(_ label: String, _ path: String, _ body: ByteBuffer, contentType: String = "application/json", token: String, expected: Int) async -> Reply? {
            let (reply, milliseconds, error) = await timedCall(self.api, .POST, path, body: body, contentType: contentType, token: token, expected: expected)
            state.latencies[label, default: []].append(milliseconds)
            if let error { fail(error) }
            return reply
        }
        func json(_ value: some Encodable) -> ByteBuffer {
            ByteBuffer(bytes: (try? JSONEncoder().encode(value)) ?? Data("{}".utf8))
        }
        /// The id of the record an answer shows, when its status is `status` (any status when nil).
        func record(_ reply: Reply?, _ status: String?) -> String? {
            guard let reply else { return nil }
            guard let summary = try? reply.decode(AgreementSummary.self) else {
                fail("no id and status in " + reply.text.prefix(200))
                return nil
            }
            if let status, summary.status != status {
                fail("expected \(status), got \(summary.status): " + reply.text.prefix(200))
                return nil
            }
            return summary.id
        }
        func upload() async -> String? {
            guard let reply = await send(
                "POST /attachments (graduate, PNG scan)", "/api/v1/attachments", ByteBuffer(bytes: TestData.scanPNG(seed: index)),
                contentType: "image/png", token: graduateToken, expected: 201
            ) else { return nil }
            guard let sha256 = try? reply.decode(UploadedScan.self).sha256 else {
                fail("no sha256 in " + reply.text.prefix(200))
                return nil
            }
            return sha256
        }
        /// The employer's offer, accepted by the graduate when `accept`.
        func offer(accept: Bool) async -> String? {
            let body = json(OfferInput(graduateIdNumber: graduate.idNumber, graduateName: graduate.name))
            guard let id = record(await send("POST /offers (employer)", "/api/v1/offers", body, token: employerToken, expected: 201), "offered") else {
                return nil
            }
            guard accept else { return id }
            return record(
                await send("POST /agreements/{id}/accept (graduate)", "/api/v1/agreements/\(id)/accept", empty, token: graduateToken, expected: 200),
                "acceptedAwaitingSchool"
            )
        }
        func review(_ kind: String, _ path: String, approve: Bool, expecting status: String) async -> String? {
            let body = approve ? empty : json(ReasonInput(reason: "材料与实际情况不符，请核实后重新提交"))
            let action = approve ? "school-approve" : "school-reject"
            return record(await send("POST /\(kind)/{id}/\(action) (admin)", "\(path)/\(action)", body, token: admin, expected: 200), status)
        }
        func approvedAgreement() async -> String? {
            guard let id = await offer(accept: true) else { return nil }
            return await review("agreements", "/api/v1/agreements/\(id)", approve: true, expecting: "effective")
        }
        func backRegistration() async -> String? {
            guard let sha256 = await upload() else { return nil }
            return record(
                await send("POST /back-registrations (graduate)", "/api/v1/back-registrations", json(ApplicationInput(index: index, attachmentSha256: sha256)),
                           token: graduateToken, expected: 201),
                "backRegistrationAwaitingSchool"
            )
        }
        func application() async -> String? {
            record(
                await send("POST /agreement-applications (graduate)", "/api/v1/agreement-applications", json(ApplicationInput(index: index)),
                           token: graduateToken, expected: 201),
                "applicationAwaitingSchool"
            )
        }
        func registration(furtherStudy: Bool) async -> String? {
            var input = RegistrationInput(category: "70", fields: [:])
            if furtherStudy {
                guard let sha256 = await upload() else { return nil }
                input = RegistrationInput(
                    category: "80",
                    fields: ["admittingSchool": "示范大学", "admittedMajor": "计算机科学与技术", "studyLevel": "硕士研究生"],
                    attachmentSha256: sha256
                )
            }
            return record(
                await send("POST /destination-registrations (graduate, \(input.category))", "/api/v1/destination-registrations", json(input),
                           token: graduateToken, expected: 201),
                "awaitingSchool"
            )
        }
        /// An approved agreement, a termination asked by one party (the employer for even
        /// indexes) and, when `agree`, agreed by the other.
        func termination(agree: Bool) async -> String? {
            guard let agreement = await approvedAgreement() else { return nil }
            let byEmployer = index % 2 == 0
            let applied = await send(
                "POST /agreements/{id}/terminations (\(byEmployer ? "employer" : "graduate"))", "/api/v1/agreements/\(agreement)/terminations",
                json(TerminationInput(reason: "双方协商一致解除协议")), token: byEmployer ? employerToken : graduateToken, expected: 201
            )
            guard let id = record(applied, byEmployer ? "employerRequested" : "graduateRequested") else { return nil }
            guard agree else { return id }
            return record(
                await send(
                    "POST /terminations/{id}/agree (\(byEmployer ? "graduate" : "employer"))", "/api/v1/terminations/\(id)/agree", empty,
                    token: byEmployer ? graduateToken : employerToken, expected: 200
                ),
                "awaitingSchool"
            )
        }

        switch scenario {
        case .nothing:
            return true
        case .openOffer:
            return await offer(accept: false) != nil
        case .acceptedAwaitingSchool:
            return await offer(accept: true) != nil
        case .approved:
            return await approvedAgreement() != nil
        case .schoolRefused:
            guard let id = await offer(accept: true) else { return false }
            return await review("agreements", "/api/v1/agreements/\(id)", approve: false, expecting: "schoolRejected") != nil
        case .applicationPending:
            return await application() != nil
        case .applicationRefused:
            guard let id = await application() else { return false }
            return await review("agreements", "/api/v1/agreements/\(id)", approve: false, expecting: "applicationSchoolRejected") != nil
        case .backRegistrationPending:
            return await backRegistration() != nil
        case .backRegistrationApproved, .backRegistrationRefused:
            guard let id = await backRegistration() else { return false }
            let approve = scenario == .backRegistrationApproved
            return await review(
                "agreements", "/api/v1/agreements/\(id)", approve: approve,
                expecting: approve ? "backRegistrationEffective" : "backRegistrationRejected"
            ) != nil
        case .terminationRequested:
            return await termination(agree: false) != nil
        case .terminationPending:
            return await termination(agree: true) != nil
        case .terminationApproved, .terminationRefused:
            guard let id = await termination(agree: true) else { return false }
            let approve = scenario == .terminationApproved
            return await review("terminations", "/api/v1/terminations/\(id)", approve: approve, expecting: approve ? "approved" : "rejected") != nil
        case .offlineTerminationPending:
            guard let id = await backRegistration(),
                  await review("agreements", "/api/v1/agreements/\(id)", approve: true, expecting: "backRegistrationEffective") != nil,
                  let letter = await upload()
            else { return false }
            return record(
                await send(
                    "POST /agreements/{id}/terminations (graduate, offline, 解约函)", "/api/v1/agreements/\(id)/terminations",
                    json(TerminationInput(reason: "已与单位解除协议，附解约函", attachmentSha256: letter)), token: graduateToken, expected: 201
                ),
                "offlineAwaitingSchool"
            ) != nil
        case .furtherStudyPending:
            return await registration(furtherStudy: true) != nil
        case .furtherStudyApproved, .furtherStudyRefused, .awaitingEmploymentApproved, .awaitingEmploymentRefused:
            let study = scenario == .furtherStudyApproved || scenario == .furtherStudyRefused
            guard let id = await registration(furtherStudy: study) else { return false }
            let approve = scenario == .furtherStudyApproved || scenario == .awaitingEmploymentApproved
            return await review(
                "destination-registrations", "/api/v1/destination-registrations/\(id)", approve: approve,
                expecting: approve ? "approved" : "rejected"
            ) != nil
        }
    }
}

// MARK: - The table and its peer

/// `GET /api/v1/signing-statistics` as the contract gives it.
struct StatisticsTable: Decodable {
    struct Column: Decodable {
        var key: String
        var name: String
        var source: String
        var flows: [String]
        var statuses: [String]
    }

    struct Row: Decodable {
        var label: String
        var department: String?
        var total: Int
        var counts: [Int]
        var placed: Int
        var placementRate: String
    }

    var cohort: Int
    var columns: [Column]
    var rows: [Row]
    var total: Row

    func printTable() {
        print("| 院系 | 总数 | " + self.columns.map(\.name).joined(separator: " | ") + " | 落实率 |")
        print("|---|---:|" + String(repeating: "---:|", count: self.columns.count) + "---:|")
        for row in self.rows + [self.total] {
            print("| \(row.label) | \(row.total) | " + row.counts.map(String.init).joined(separator: " | ") + " | \(row.placementRate) |")
        }
    }
}

struct ListTotal: Decodable {
    var total: Int
}

/// The naive way to the same numbers: for every row (each 院系, then 总计) the roster total
/// and every column's list total, one `pageSize=1` request each.
struct PeerCells {
    struct Request {
        /// The row's index in `rows + [total]`; the column's index, or nil for 总数.
        var row: Int
        var column: Int?
        var path: String
    }

    let requests: [Request]

    init(table: StatisticsTable, cohort: Int) {
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
        var requests: [Request] = []
        let rows = table.rows.map(\.department) + [nil]
        for (rowIndex, department) in rows.enumerated() {
            let scope = "cohort=\(cohort)" + (department.map { "&department=" + encoded($0) } ?? "") + "&pageSize=1"
            requests.append(Request(row: rowIndex, column: nil, path: "/api/v1/graduates?" + scope))
            for (columnIndex, column) in table.columns.enumerated() {
                let list = switch column.source {
                case "agreements": "agreements"
                case "terminations": "terminations"
                default: "destination-registrations"
                }
                var path = "/api/v1/\(list)?" + scope
                if !column.flows.isEmpty { path += "&flows=" + column.flows.joined(separator: ",") }
                if !column.statuses.isEmpty { path += "&status=" + column.statuses.joined(separator: ",") }
                requests.append(Request(row: rowIndex, column: columnIndex, path: path))
            }
        }
        self.requests = requests
    }

    /// Every cell against its list total; 总计's 总数 against the roster; the 院系 rows'
    /// sums against 总计; and, when the generation ended as planned, every cell and 落实率's
    /// numerator against what was generated.
    func compare(
        totals: [Int], table: StatisticsTable, roster: Int, expected: ExpectedTable
    ) -> (compared: Int, mismatches: Int, otherFailures: Int, lines: [String]) {
        var lines: [String] = []
        var mismatches = 0
        var other = 0
        let rows = table.rows + [table.total]
        for (request, total) in zip(self.requests, totals) {
            let row = rows[request.row]
            let cell: Int
            let name: String
            if let column = request.column {
                guard column < row.counts.count else {
                    mismatches += 1
                    lines.append("MISMATCH \(row.label): no count for column \(column) (the row has \(row.counts.count))")
                    continue
                }
                cell = row.counts[column]
                name = table.columns[column].name
            } else {
                cell = row.total
                name = "总数"
            }
            if cell != total {
                mismatches += 1
                if mismatches <= 20 { lines.append("MISMATCH \(row.label) \(name): table \(cell), list \(total) (GET \(request.path.removingPercentEncoding ?? request.path))") }
            }
        }
        if table.total.total != roster {
            other += 1
            lines.append("FAILED 总计 总数 \(table.total.total) ≠ roster \(roster)")
        } else {
            lines.append("总计 总数 \(table.total.total) = roster size \(roster)")
        }
        var sumsDiffer = 0
        for column in table.columns.indices {
            let sum = table.rows.map { $0.counts.indices.contains(column) ? $0.counts[column] : 0 }.reduce(0, +)
            if sum != (table.total.counts.indices.contains(column) ? table.total.counts[column] : -1) { sumsDiffer += 1 }
        }
        if table.rows.map(\.total).reduce(0, +) != table.total.total { sumsDiffer += 1 }
        if table.rows.map(\.placed).reduce(0, +) != table.total.placed { sumsDiffer += 1 }
        if sumsDiffer > 0 { other += 1 }
        lines.append("院系 rows summed against 总计 (总数, \(table.columns.count) columns, placed): \(sumsDiffer == 0 ? "equal" : "\(sumsDiffer) differ — FAILED")")

        if expected.complete {
            var differ: [String] = []
            let scoped: [(StatisticsTable.Row, String?)] = table.rows.map { ($0, $0.department) } + [(table.total, nil)]
            for (row, department) in scoped {
                /// The expected number in this row: its 院系's, or the sum over every 院系 for 总计.
                func want(_ pick: (String) -> Int) -> Int {
                    department.map(pick) ?? expected.roster.keys.map(pick).reduce(0, +)
                }
                let total = want { expected.roster[$0] ?? 0 }
                if row.total != total { differ.append("\(row.label) 总数 \(row.total) ≠ \(total)") }
                for (index, column) in table.columns.enumerated() where index < row.counts.count {
                    let count = want { expected.counts[$0]?[column.key] ?? 0 }
                    if row.counts[index] != count { differ.append("\(row.label) \(column.name) \(row.counts[index]) ≠ \(count)") }
                }
                let placed = want { expected.placed[$0] ?? 0 }
                if row.placed != placed { differ.append("\(row.label) placed \(row.placed) ≠ \(placed)") }
            }
            // Every 院系 with graduates has its row.
            for department in expected.roster.keys where !table.rows.contains(where: { $0.department == department }) {
                differ.append("no row for \(department)")
            }
            if differ.isEmpty {
                lines.append("every cell and 落实率's numerator equal what the generation made (per 院系 and 总计)")
            } else {
                other += 1
                lines.append("FAILED against what the generation made: \(differ.count) differ: " + differ.prefix(10).joined(separator: "; "))
            }
        } else {
            lines.append("not compared with what the generation made: some scenarios failed")
        }
        return (self.requests.count, mismatches, other, lines)
    }
}
