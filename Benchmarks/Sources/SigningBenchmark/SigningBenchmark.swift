import ArgumentParser
import AsyncHTTPClient
import Foundation

@main
struct SigningBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing-benchmark",
        abstract: "A peak day of e-signing through the gateway: accounts, esigning and gateway as real release processes.",
        subcommands: [Run.self],
        defaultSubcommand: Run.self
    )
}

/// A number with `digits` decimals.
func fixed(_ value: Double, _ digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
}

/// Seeds a school through the API, drives offer → accept → school-approve for every graduate
/// with concurrent clients, times the staff list and counters, reads each process's memory,
/// and measures SQLite's own ceiling on the same disk. Prints figures; asserts nothing
/// except that every request succeeded.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the services, seed, measure, print the figures, stop the services.")

    @Option(help: "Graduates on the roster; each gets one agreement in the measured phase.")
    var graduates = 20_000

    @Option(help: "Concurrent clients in the measured phase (each with its own keep-alive connection).")
    var clients = 64

    @Option(help: "Employers sending the offers (round-robin).")
    var employers = 64

    @Option(help: "The cohort (届别) of every graduate.")
    var cohort = 2024

    @Option(help: "Folder with the release executables accounts, esigning and gateway; without it they are built with `swift build -c release` in --repository.")
    var binDir: String?

    @Option(help: "The main package's folder (the repository root).")
    var repository = "."

    @Option(help: "The platform operator's password, passed to accounts as --operator-password.")
    var operatorPassword = "Bench-Operator-2024a"

    @Option(help: "The services' --durability: full (fsync every commit, their default) or normal (for comparison).")
    var durability = "full"

    @Option(help: "Seconds per synchronous mode for the raw SQLite ceiling.")
    var ceilingSeconds = 5.0

    @Option(help: "Calls per query when timing the staff list and the counters.")
    var queryCalls = 50

    @Option(help: "Longest wait, in seconds, for data to reach esigning through the event relay.")
    var propagationTimeout = 600

    @Flag(help: "Keep the temporary data folder (databases and logs) instead of removing it.")
    var keepData = false

    func validate() throws {
        guard self.graduates >= 1, self.graduates <= 50_000 else { throw ValidationError("--graduates must be 1…50000 (one roster import)") }
        guard self.clients >= 1, self.clients <= 1024 else { throw ValidationError("--clients must be 1…1024") }
        guard self.employers >= 1, self.employers <= 9_999 else { throw ValidationError("--employers must be 1…9999") }
        guard (2000...2099).contains(self.cohort) else { throw ValidationError("--cohort must be a year") }
        guard ["full", "normal"].contains(self.durability) else { throw ValidationError("--durability must be full or normal") }
    }

    func run() async throws {
        let repository = URL(fileURLWithPath: self.repository).standardizedFileURL.path
        let binDirectory = try self.binDir ?? Self.buildServices(repository: repository)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("signing-benchmark-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)

        print("# signing-benchmark: offer → accept → school-approve through the gateway")
        print("")
        print("command: \(CommandLine.arguments.joined(separator: " "))")
        print("machine: \(Self.machine())")
        print("date: \(ISO8601DateFormatter().string(from: Date()))")
        print("load average before starting (1, 5, 15 min): \(Self.loadAverage())")
        print("executables: \(binDirectory)")
        print("data (fresh folder per service, SQLite WAL, services' --durability \(self.durability)): \(root)")
        print("graduates \(self.graduates) (cohort \(self.cohort), all 非定向), employers \(self.employers), clients \(self.clients)")
        print("")

        let system = try await RunningSystem.start(
            binDirectory: binDirectory, root: root, operatorPassword: self.operatorPassword, accessTokenSeconds: 4 * 3600,
            durability: self.durability
        )
        let http = GatewayAPI.makeClient(connections: max(self.clients, 8))
        let api = GatewayAPI(client: http, base: system.gatewayURL)
        var report = Report(graduates: self.graduates, clients: self.clients)
        do {
            try await self.measure(system: system, api: api, report: &report)
        } catch {
            print("\nFAILED: \(error)")
            try? await http.shutdown()
            for line in await system.stop() { print("  " + line) }
            print("logs kept in \(root)")
            for service in system.services { print("--- \(service.name) log (last lines) ---\n" + service.logTail()) }
            throw ExitCode.failure
        }
        try await http.shutdown()

        print("\n## Stopping the services (SIGTERM, then wait)")
        for line in await system.stop() { print("  " + line) }

        print("\n## Raw SQLite ceiling on the same disk (\(root)): one writer, single-row INSERT transactions, GRDB, WAL")
        let ceiling = SQLiteCeiling(directory: root + "/ceiling", seconds: self.ceilingSeconds)
        print("| synchronous | transactions | seconds | transactions/s | mean ms per commit |")
        print("|---|---:|---:|---:|---:|")
        for mode in ["FULL", "NORMAL"] {
            let result = try await ceiling.measure(synchronous: mode)
            if mode == "FULL" { report.ceilingFull = result.perSecond } else { report.ceilingNormal = result.perSecond }
            print("| \(mode) | \(result.transactions) | \(fixed(result.seconds, 2)) | \(fixed(result.perSecond, 0)) | \(fixed(result.meanMilliseconds, 3)) |")
        }

        report.printAims()
        if self.keepData {
            print("\ndata kept in \(root)")
        } else {
            try? FileManager.default.removeItem(atPath: root)
        }
        if report.errors > 0 { throw ExitCode.failure }
    }

    private func measure(system: RunningSystem, api: GatewayAPI, report: inout Report) async throws {
        print("## Seeding through the HTTP API")
        let seeder = Seeder(
            api: api, system: system, operatorPassword: self.operatorPassword, graduates: self.graduates, employers: self.employers,
            cohort: self.cohort, propagationTimeout: .seconds(self.propagationTimeout)
        )
        let school = try await seeder.seed { print($0) }

        print("\n## Graduates' tokens")
        let listStart = ContinuousClock.now
        let roster = try await listGraduates(api: api, adminToken: school.adminToken, cohort: self.cohort)
        guard roster.count == self.graduates else { throw BenchmarkFailure("GET /api/v1/graduates listed \(roster.count) of \(self.graduates)") }
        print("  \(roster.count) graduates listed with GET /api/v1/graduates (200 a page) in \(fixed((ContinuousClock.now - listStart).seconds, 2)) s")
        let mintStart = ContinuousClock.now
        let mint = try await TokenMint(accountsDataDirectory: system.accountsDataDirectory)
        var tokens: [String] = []
        tokens.reserveCapacity(roster.count)
        for graduate in roster { tokens.append(try await mint.graduateToken(graduate, lifetime: .seconds(4 * 3600))) }
        print("  \(tokens.count) access tokens minted with accounts-token-private.pem (kind graduate, subject = graduate id) in \(fixed((ContinuousClock.now - mintStart).seconds, 2)) s")
        print("  sign-in (scrypt, N=2^14) is deliberately outside what is measured: graduates would sign in over the day, not per agreement;")
        print("  the \(self.employers) employers and the school admin signed in normally during seeding")

        print("\n## Memory after seeding")
        Self.printMemory(system.memory())

        print("\n## Measured: \(self.clients) clients × (employer POST /offers → graduate POST /agreements/{id}/accept → admin POST /agreements/{id}/school-approve)")
        let load = SigningLoad(
            api: api, clients: self.clients, employerTokens: school.employerTokens, adminToken: school.adminToken,
            graduates: roster, graduateTokens: tokens
        )
        let total = roster.count
        let pids = system.services.map { ($0.name, $0.pid) } + [("signing-benchmark (\(self.clients) clients)", ProcessInfo.processInfo.processIdentifier)]
        let cpuBefore = pids.map { cpuSeconds(pid: $0.1) ?? 0 }
        let run = try await load.run { done, seconds in
            FileHandle.standardError.write(Data("  … \(done)/\(total) agreements after \(fixed(seconds, 0)) s\n".utf8))
        }
        report.run = run
        print("  wall time: \(fixed(run.wallSeconds, 2)) s for \(run.attempted) graduates")
        print("  approved agreements: \(run.approved) → \(fixed(Double(run.approved) / run.wallSeconds, 1)) agreements/s")
        print("  transitions: \(run.approved * 3) → \(fixed(Double(run.approved * 3) / run.wallSeconds, 1)) transitions/s (3 requests per agreement)")
        let errorCount = run.errors.values.reduce(0, +)
        print("  errors: \(errorCount)" + (errorCount == 0 ? "" : " (" + Step.allCases.map { "\($0): \(run.errors[$0] ?? 0)" }.joined(separator: ", ") + ")"))
        for line in run.firstErrors.prefix(5) { print("    " + line) }
        print("")
        print("| step | requests | p50 ms | p90 ms | p99 ms | max ms | mean ms |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for step in Step.allCases {
            Self.printRow(step.title, run.latencies[step]!)
        }
        Self.printRow("all requests", run.overall)

        print("")
        print("| process | CPU s in the measured phase | share of the 2 cores' time | CPU ms per approved agreement |")
        print("|---|---:|---:|---:|")
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        for ((name, pid), before) in zip(pids, cpuBefore) {
            let used = (cpuSeconds(pid: pid) ?? before) - before
            print("| \(name) | \(fixed(used, 1)) | \(fixed(used / (run.wallSeconds * cores) * 100, 0)) % | \(fixed(used * 1000 / Double(max(1, run.approved)), 2)) |")
        }
        print("  load average after the run (1, 5, 15 min): \(Self.loadAverage()) — other work on the machine shares the 2 cores")

        print("\n## Memory after the run")
        let memory = system.memory()
        report.memory = memory
        Self.printMemory(memory)

        print("\n## Staff list and counters on that data (admin, \(self.queryCalls) sequential calls each after one warm-up)")
        let surname = String(TestData.surnames[0])
        let queries = [
            ("list, first page", "/api/v1/agreements?cohort=\(self.cohort)&pageSize=20"),
            (
                "list, filtered (q=\(surname), status=effective)",
                "/api/v1/agreements?cohort=\(self.cohort)&pageSize=20&status=effective&q="
                    + (surname.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? surname)
            ),
            ("counters", "/api/v1/signing-counters?cohort=\(self.cohort)"),
        ]
        print("| query | p50 ms | p99 ms | max ms | response bytes |")
        print("|---|---:|---:|---:|---:|")
        for (title, path) in queries {
            let (timing, bytes) = try await timeQuery(api: api, path: path, token: school.adminToken, calls: self.queryCalls)
            report.queries.append((title, timing))
            print("| `GET \(path.removingPercentEncoding ?? path)` (\(title)) | \(fixed(timing.p50, 2)) | \(fixed(timing.p99, 2)) | \(fixed(timing.maximum, 2)) | \(bytes) |")
        }
        report.errors = errorCount
    }

    static func printRow(_ title: String, _ p: Percentiles) {
        print("| \(title) | \(p.count) | \(fixed(p.p50, 2)) | \(fixed(p.p90, 2)) | \(fixed(p.p99, 2)) | \(fixed(p.maximum, 2)) | \(fixed(p.mean, 2)) |")
    }

    static func printMemory(_ memory: [(String, Memory?)]) {
        print("| process | VmRSS MiB | VmHWM (peak) MiB |")
        print("|---|---:|---:|")
        for (name, value) in memory {
            print("| \(name) | \(value.map { fixed($0.residentMiB) } ?? "?") | \(value.map { fixed($0.peakMiB) } ?? "?") |")
        }
        if let own = Memory.of(pid: ProcessInfo.processInfo.processIdentifier) {
            print("| (signing-benchmark itself) | \(fixed(own.residentMiB)) | \(fixed(own.peakMiB)) |")
        }
    }

    /// Builds the three release executables in the main package and returns their folder.
    static func buildServices(repository: String) throws -> String {
        guard FileManager.default.fileExists(atPath: repository + "/Package.swift") else {
            throw BenchmarkFailure("\(repository) has no Package.swift: run from the repository root, or pass --repository or --bin-dir")
        }
        for product in ["accounts", "esigning", "gateway"] {
            FileHandle.standardError.write(Data("building \(product) (release)…\n".utf8))
            try runCommand("/usr/bin/env", ["swift", "build", "-c", "release", "--product", product], in: repository)
        }
        return try commandOutput("/usr/bin/env", ["swift", "build", "-c", "release", "--show-bin-path"], in: repository)
    }

    /// /proc/loadavg's three averages: other work on the machine skews every figure.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: ", ")
    }

    static func machine() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "?"
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(model)), \(fixed(memory, 0)) GiB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }
}

/// The figures the aims are judged on.
struct Report {
    var graduates: Int
    var clients: Int
    var run: MeasuredRun?
    var memory: [(String, Memory?)] = []
    var queries: [(String, Percentiles)] = []
    var ceilingFull: Double = 0
    var ceilingNormal: Double = 0
    var errors = 0

    func printAims() {
        guard let run = self.run else { return }
        print("\n## Against the aims")
        print("| aim | measured | |")
        print("|---|---|---|")
        func row(_ aim: String, _ measured: String, _ met: Bool) { print("| \(aim) | \(measured) | \(met ? "met" : "**missed**") |") }
        let rate = Double(run.approved) / run.wallSeconds
        row("≥ 2,000 approved agreements/s end to end", "\(fixed(rate, 1))/s (\(fixed(rate / 2000 * 100, 1)) % of the aim)", rate >= 2000)
        row("p99 < 50 ms (every request)", "\(fixed(run.overall.p99, 1)) ms", run.overall.p99 < 50)
        for (name, memory) in self.memory {
            let peak = memory?.peakMiB ?? .infinity
            row("\(name) < 150 MiB resident", "\(fixed(memory?.residentMiB ?? .nan)) MiB now, \(fixed(peak)) MiB peak", peak < 150)
        }
        for (title, timing) in self.queries {
            row("\(title) < 20 ms", "p50 \(fixed(timing.p50, 2)) ms, p99 \(fixed(timing.p99, 2)) ms", timing.p99 < 20)
        }
        row("0 errors", "\(self.errors)", self.errors == 0)
        if self.ceilingFull > 0 {
            print("")
            print("raw SQLite ceiling: \(fixed(self.ceilingFull, 0)) commits/s with synchronous=FULL, \(fixed(self.ceilingNormal, 0)) with NORMAL;")
            print("the run made \(fixed(Double(run.approved * 3) / run.wallSeconds, 0)) esigning transitions/s, each at least one esigning commit.")
        }
    }
}
