import ArgumentParser
import Foundation
import ProcessLauncher
import NIOCore
import NIOHTTP1
import Synchronization

/// 学生名单导入 of a whole school while other people use the system (issue 13): the time of the
/// preview and of the import, the other users' latencies in each phase against a quiet
/// baseline of the same load in the same run, and how long e-signing takes to hold the roster.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Time a roster import of --graduates rows (first import, then a refreshed file) while other users work; print their p99 per phase."
    )

    @OptionGroup var options: SystemOptions

    @Option(help: "Other users' requests per second (staff roster pages and employer agreement lists), spread over 4 clients.")
    var othersRate = 40.0

    @Option(help: "Employer sign-ins per second (scrypt) during the run, from one client.")
    var signInRate = 2.0

    @Option(help: "Seconds of the same load before the first import: the baseline the phases are compared with.")
    var baselineSeconds = 5.0

    func run() async throws {
        let options = self.options
        let harness = try Harness(options: options)
        harness.printHeader("roster import while other users work")
        let added = max(1, options.graduates / 20)
        print("graduates \(options.graduates) (cohort \(options.cohort)); refreshed file: every 10th graduate's 手机号 changed and \(added) graduates added")
        print("others: \(fixed(self.othersRate, 0)) requests/s (staff GET /graduates, employer GET /agreements) + \(fixed(self.signInRate, 1)) sign-ins/s, open loop")
        var failed = false
        try await harness.withSystem { system, api in
            failed = try await self.measure(system: system, api: api, added: added)
        }
        harness.cleanUp()
        if failed { throw ExitCode.failure }
    }

    /// Returns whether any request of the other users failed.
    private func measure(system: LaunchedSystem, api: GatewayAPI, added: Int) async throws -> Bool {
        let options = self.options
        print("\n## Seeding the school (no roster yet)")
        let seeder = Seeder(
            api: api, system: system, operatorPassword: options.operatorPassword, graduates: options.graduates, employers: options.employers,
            cohort: options.cohort, propagationTimeout: .seconds(options.propagationTimeout)
        )
        let school = try await seeder.seedSchool { print($0) }

        let load = OtherUsers(
            api: api, staffToken: school.adminToken, employerTokens: school.employerTokens, cohort: options.cohort,
            signInIdentifier: TestData.creditCode(0), signInPassword: Seeder.employerPassword
        )
        let first = TestData.rosterCSV(count: options.graduates, cohort: options.cohort)
        let refreshed = TestData.rosterCSV(count: options.graduates + added, cohort: options.cohort, newPhoneEvery: 10)
        let changed = (options.graduates + 9) / 10

        var rows: [(String, String)] = []
        let running = Task { await load.run(rate: self.othersRate, signInRate: self.signInRate) }
        load.phase("baseline (no import)")
        try await Task.sleep(for: .seconds(self.baselineSeconds))

        for (label, csv, writes, total) in [
            ("first import", first, options.graduates, options.graduates),
            ("refreshed file", refreshed, changed + added, options.graduates + added),
        ] {
            load.phase("\(label): preview", importing: true)
            let mark = ContinuousClock.now
            let (previewSeconds, applySeconds) = try await seeder.importRoster(csv, adminToken: school.adminToken, expectedWrites: writes, between: {
                load.phase("\(label): import", importing: true)
            })
            load.phase("\(label): e-signing catching up", importing: true)
            let propagation = try await seeder.awaitPropagation(probeToken: school.probeToken, lastIndex: total - 1, expected: total)
            load.phase("\(label): after")
            rows.append(("\(label) (\(csv.count / 1024) KiB, \(writes) written): preview", fixed(previewSeconds, 2) + " s"))
            rows.append(("\(label): import (the write)", fixed(applySeconds, 2) + " s"))
            rows.append(("\(label): e-signing can take an offer to the last graduate", fixed(propagation.offerable, 2) + " s after the import answered"))
            rows.append(("\(label): all \(propagation.counted) graduates in e-signing", fixed(propagation.all, 2) + " s after the import answered"))
            rows.append(("\(label): from upload to e-signing holding all", fixed((ContinuousClock.now - mark).seconds, 2) + " s"))
            try await Task.sleep(for: .seconds(2))
        }
        load.stop()
        await running.value

        print("\n## The import")
        print("| step | time |")
        print("|---|---:|")
        for (step, time) in rows { print("| \(step) | \(time) |") }

        print("\n## Other users' requests per phase (latency from the scheduled send, ms)")
        print("| phase | request | count | p50 | p99 | max | errors |")
        print("|---|---|---:|---:|---:|---:|---:|")
        let report = load.report()
        for line in report.lines { print(line) }
        for line in report.firstErrors { print("  " + line) }
        print("  load average after the run (1, 5, 15 min): \(Harness.loadAverage())")
        return report.errors > 0
    }
}

/// Other people using the system during an import, open loop: each request has a scheduled
/// time and its latency counts from then, so a stalled server shows as latency rather than
/// as fewer requests.
final class OtherUsers: Sendable {
    enum Kind: Int, CaseIterable {
        case staffRoster, employerAgreements, signIn

        var title: String {
            switch self {
            case .staffRoster: "staff GET /graduates (accounts)"
            case .employerAgreements: "employer GET /agreements (e-signing)"
            case .signIn: "employer POST /sessions (sign-in)"
            }
        }
    }

    struct Sample {
        var phase: Int
        var kind: Kind
        var milliseconds: Double
        var failed: Bool
    }

    let api: GatewayAPI
    let staffToken: String
    let employerTokens: [String]
    let cohort: Int
    let signInIdentifier: String
    let signInPassword: String
    private let phases = Mutex<[(name: String, importing: Bool)]>([])
    private let samples = Mutex<[Sample]>([])
    private let errors = ErrorLog()
    private let stopped = Atomic<Bool>(false)

    init(api: GatewayAPI, staffToken: String, employerTokens: [String], cohort: Int, signInIdentifier: String, signInPassword: String) {
        self.api = api
        self.staffToken = staffToken
        self.employerTokens = employerTokens
        self.cohort = cohort
        self.signInIdentifier = signInIdentifier
        self.signInPassword = signInPassword
    }

    /// Starts a phase: requests sent from now on count in it. `importing`: an import is under
    /// way (previewed, written or being caught up with), the phases the aim is about.
    func phase(_ name: String, importing: Bool = false) { self.phases.withLock { $0.append((name, importing)) } }
    func stop() { self.stopped.store(true, ordering: .relaxed) }
    private var currentPhase: Int { self.phases.withLock { max(0, $0.count - 1) } }

    func run(rate: Double, signInRate: Double) async {
        await withTaskGroup(of: Void.self) { group in
            let readers = 4
            for client in 0..<readers {
                group.addTask {
                    await self.loop(interval: Double(readers) / rate, offset: Double(client) / rate) { tick in
                        tick % 2 == 0 ? .staffRoster : .employerAgreements
                    }
                }
            }
            if signInRate > 0 {
                group.addTask { await self.loop(interval: 1 / signInRate, offset: 0) { _ in .signIn } }
            }
        }
    }

    private func loop(interval: Double, offset: Double, kind: (Int) -> Kind) async {
        let start = ContinuousClock.now
        var tick = 0
        while !self.stopped.load(ordering: .relaxed) {
            let scheduled = start.advanced(by: .milliseconds(Int64((offset + Double(tick) * interval) * 1000)))
            if scheduled > ContinuousClock.now { try? await Task.sleep(until: scheduled) }
            let which = kind(tick)
            let phase = self.currentPhase
            let failure = await self.send(which, tick: tick)
            let sample = Sample(phase: phase, kind: which, milliseconds: (ContinuousClock.now - scheduled).milliseconds, failed: failure != nil)
            self.samples.withLock { $0.append(sample) }
            if let failure { self.errors.add(failure) }
            tick += 1
        }
    }

    /// One request; the line that says what went wrong, or nil.
    private func send(_ kind: Kind, tick: Int) async -> String? {
        let (method, path, body, token, expected): (HTTPMethod, String, ByteBuffer?, String?, Int)
        switch kind {
        case .staffRoster:
            (method, path, body, token, expected) = (.GET, "/api/v1/graduates?cohort=\(self.cohort)&pageSize=20", nil, self.staffToken, 200)
        case .employerAgreements:
            let employer = self.employerTokens[tick % self.employerTokens.count]
            (method, path, body, token, expected) = (.GET, "/api/v1/agreements?pageSize=20", nil, employer, 200)
        case .signIn:
            let input = SignIn(kind: "employer", schoolCode: nil, identifier: self.signInIdentifier, password: self.signInPassword)
            let data = (try? JSONEncoder().encode(input)) ?? Data()
            (method, path, body, token, expected) = (.POST, "/api/v1/sessions", ByteBuffer(bytes: data), nil, 201)
        }
        do {
            let reply = try await self.api.send(method, path, body: body, token: token, timeout: .seconds(30))
            return reply.status == expected ? nil : reply.summary(method, path)
        } catch {
            return "\(method.rawValue) \(path) → \(error)"
        }
    }

    /// The table rows (phase × request), the first errors and how many requests failed.
    func report() -> (lines: [String], firstErrors: [String], errors: Int) {
        let phases = self.phases.withLock { $0 }
        let samples = self.samples.withLock { $0 }
        var lines: [String] = []
        for (index, (phase, _)) in phases.enumerated() {
            for kind in Kind.allCases {
                let these = samples.filter { $0.phase == index && $0.kind == kind }
                guard !these.isEmpty else { continue }
                let p = Percentiles(these.map(\.milliseconds))
                lines.append(
                    "| \(phase) | \(kind.title) | \(p.count) | \(fixed(p.p50, 1)) | \(fixed(p.p99, 1)) | \(fixed(p.maximum, 1)) | \(these.filter(\.failed).count) |"
                )
            }
        }
        for kind in Kind.allCases {
            let during = samples.filter { $0.kind == kind && phases.indices.contains($0.phase) && phases[$0.phase].importing }
            guard !during.isEmpty else { continue }
            let p = Percentiles(during.map(\.milliseconds))
            lines.append("| **all phases with an import under way** | \(kind.title) | \(p.count) | \(fixed(p.p50, 1)) | **\(fixed(p.p99, 1))** | \(fixed(p.maximum, 1)) | \(during.filter(\.failed).count) |")
        }
        return (lines, self.errors.first, samples.filter(\.failed).count)
    }
}
