import ArgumentParser
import AsyncHTTPClient
import Foundation
import ProcessLauncher

@main
struct SigningBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing-benchmark",
        abstract: "A peak day of e-signing through the gateway: accounts, esigning and gateway as real release processes.",
        subcommands: [Run.self, Statistics.self, Import.self, ArchiveBenchmark.self],
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

    @OptionGroup var options: SystemOptions

    @Option(help: "Seconds per synchronous mode for the raw SQLite ceiling.")
    var ceilingSeconds = 5.0

    func run() async throws {
        let options = self.options
        let harness = try Harness(options: options)
        harness.printHeader("offer → accept → school-approve through the gateway")
        print("graduates \(options.graduates) (cohort \(options.cohort), all 非定向), employers \(options.employers), clients \(options.clients)")
        print("")

        var report = Report(graduates: options.graduates, clients: options.clients)
        try await harness.withSystem { system, api in
            try await self.measure(system: system, api: api, report: &report)
        }

        let root = harness.root
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
        harness.cleanUp()
        if report.errors > 0 { throw ExitCode.failure }
    }

    private func measure(system: LaunchedSystem, api: GatewayAPI, report: inout Report) async throws {
        let options = self.options
        let prepared = try await prepareSchool(system: system, api: api, options: options)
        let (school, roster, tokens) = (prepared.school, prepared.roster, prepared.tokens)

        print("\n## Memory after seeding")
        Harness.printMemory(system.memory())

        print("\n## Measured: \(options.clients) clients × (employer POST /offers → graduate POST /agreements/{id}/accept → admin POST /agreements/{id}/school-approve)")
        let load = SigningLoad(
            api: api, clients: options.clients, employerTokens: school.employerTokens, adminToken: school.adminToken,
            graduates: roster, graduateTokens: tokens
        )
        let total = roster.count
        let pids = system.services.map { ($0.name, $0.pid) } + [("signing-benchmark (\(options.clients) clients)", ProcessInfo.processInfo.processIdentifier)]
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
        print("  load average after the run (1, 5, 15 min): \(Harness.loadAverage()) — other work on the machine shares the 2 cores")

        print("\n## Memory after the run")
        let memory = system.memory()
        report.memory = memory
        Harness.printMemory(memory)

        print("\n## Staff list and counters on that data (admin, \(options.queryCalls) sequential calls each after one warm-up)")
        let surname = String(TestData.surnames[0])
        let queries = [
            ("list, first page", "/api/v1/agreements?cohort=\(options.cohort)&pageSize=20"),
            (
                "list, filtered (q=\(surname), status=effective)",
                "/api/v1/agreements?cohort=\(options.cohort)&pageSize=20&status=effective&q="
                    + (surname.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? surname)
            ),
            ("counters", "/api/v1/signing-counters?cohort=\(options.cohort)"),
        ]
        print("| query | p50 ms | p99 ms | max ms | response bytes |")
        print("|---|---:|---:|---:|---:|")
        for (title, path) in queries {
            let (timing, bytes) = try await timeQuery(api: api, path: path, token: school.adminToken, calls: options.queryCalls)
            report.queries.append((title, timing))
            print("| `GET \(path.removingPercentEncoding ?? path)` (\(title)) | \(fixed(timing.p50, 2)) | \(fixed(timing.p99, 2)) | \(fixed(timing.maximum, 2)) | \(bytes) |")
        }
        report.errors = errorCount
    }

    static func printRow(_ title: String, _ p: Percentiles) {
        print("| \(title) | \(p.count) | \(fixed(p.p50, 2)) | \(fixed(p.p90, 2)) | \(fixed(p.p99, 2)) | \(fixed(p.maximum, 2)) | \(fixed(p.mean, 2)) |")
    }
}

/// The figures the aims are judged on.
struct Report {
    var graduates: Int
    var clients: Int
    var run: MeasuredRun?
    var memory: [(name: String, memory: Memory?)] = []
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
