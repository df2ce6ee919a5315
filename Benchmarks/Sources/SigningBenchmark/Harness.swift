import ArgumentParser
import AsyncHTTPClient
import Foundation
import ProcessLauncher

/// The 届别 whose destinations can still change today: this year until 31 August, next year
/// from 1 September (Beijing time, DOMAIN.md §7). The services refuse graduates' and employers'
/// changes after 31 August of the graduation year, so a benchmark must use this cohort.
func currentCohort(now: Date = Date()) -> Int {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    let parts = calendar.dateComponents([.year, .month], from: now)
    let year = parts.year ?? 2000
    return (parts.month ?? 1) >= 9 ? year + 1 : year
}

/// The options every subcommand shares: how to get and start the services, and the school
/// seeded into them.
struct SystemOptions: ParsableArguments {
    @Option(help: "Graduates on the roster (one CSV import).")
    var graduates = 20_000

    @Option(help: "Concurrent clients in the measured phase (each with its own keep-alive connection).")
    var clients = 64

    @Option(help: "Employers sending the offers (round-robin).")
    var employers = 64

    @Option(help: "The cohort (届别) of every graduate; default: the current 届别 (this year, next year from 1 September, Beijing time).")
    var cohort = currentCohort()

    @Option(help: "Folder with the release executables accounts, esigning and gateway; without it they are built with `swift build -c release` in --repository.")
    var binDir: String?

    @Option(help: "The main package's folder (the repository root).")
    var repository = "."

    @Option(help: "The platform operator's password, passed to accounts as --operator-password.")
    var operatorPassword = "Bench-Operator-2024a"

    @Option(help: "The services' --durability: full (fsync every commit, their default) or normal (for comparison).")
    var durability = "full"

    @Option(help: "Calls per query when timing queries.")
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
        // Otherwise every offer is refused (409) and seeding waits --propagation-timeout for it.
        guard self.cohort >= currentCohort() else {
            throw ValidationError(
                "--cohort \(self.cohort): changes for that 届别 closed on 31 August \(self.cohort) (Beijing time) and the services refuse "
                    + "graduates' and employers' steps; use \(currentCohort()) (the default) or later"
            )
        }
        guard ["full", "normal"].contains(self.durability) else { throw ValidationError("--durability must be full or normal") }
    }
}

/// One benchmark run's services: built (or taken from --bin-dir), each started on a fresh
/// data folder under a temporary directory, stopped at the end.
struct Harness {
    let options: SystemOptions
    let binDirectory: String
    let root: String

    init(options: SystemOptions) throws {
        self.options = options
        let repository = URL(fileURLWithPath: options.repository).standardizedFileURL.path
        self.binDirectory = try options.binDir ?? Self.buildServices(repository: repository)
        self.root = FileManager.default.temporaryDirectory.appendingPathComponent("signing-benchmark-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: self.root, withIntermediateDirectories: true)
    }

    /// The run's title, the command, the machine and where everything is.
    func printHeader(_ title: String) {
        print("# signing-benchmark: \(title)")
        print("")
        print("command: \(CommandLine.arguments.joined(separator: " "))")
        print("machine: \(Self.machine())")
        print("date: \(ISO8601DateFormatter().string(from: Date()))")
        print("load average before starting (1, 5, 15 min): \(Self.loadAverage())")
        print("executables: \(self.binDirectory)")
        print("data (fresh folder per service, SQLite WAL, services' --durability \(self.options.durability)): \(self.root)")
    }

    /// Starts the services, runs `body` against the gateway, then stops them (SIGTERM, then
    /// wait). When `body` throws, prints the error and the services' last log lines, keeps the
    /// data and exits non-zero.
    func withSystem(_ body: (LaunchedSystem, GatewayAPI) async throws -> Void) async throws {
        // Seeding registers dozens of employers from one address: the per-address limit
        // (meant for people guessing passwords) is raised for the benchmark's client. Each
        // service gets up to 120 s to listen, as the benchmark has always allowed.
        let system = try await LaunchedSystem.start(
            binDirectory: URL(fileURLWithPath: self.binDirectory), root: self.root, operatorPassword: self.options.operatorPassword,
            accessTokenSeconds: 4 * 3600, durability: self.options.durability, signInPerMinute: 100_000, listenTimeout: .seconds(120)
        )
        let http = GatewayAPI.makeClient(connections: max(self.options.clients, 8))
        let api = GatewayAPI(client: http, base: system.gatewayURL)
        do {
            try await body(system, api)
        } catch {
            print("\nFAILED: \(error)")
            try? await http.shutdown()
            for stopped in await system.stop() { print("  \(stopped)") }
            print("logs kept in \(self.root)")
            for service in system.services { print("--- \(service.name) log (last lines) ---\n" + service.logTail()) }
            throw ExitCode.failure
        }
        try await http.shutdown()
        print("\n## Stopping the services (SIGTERM, then wait)")
        for stopped in await system.stop() { print("  \(stopped)") }
    }

    /// Removes the data folder, unless --keep-data.
    func cleanUp() {
        if self.options.keepData {
            print("\ndata kept in \(self.root)")
        } else {
            try? FileManager.default.removeItem(atPath: self.root)
        }
    }

    /// Builds the release executables in the main package and returns their folder.
    static func buildServices(repository: String) throws -> String {
        guard FileManager.default.fileExists(atPath: repository + "/Package.swift") else {
            throw BenchmarkFailure("\(repository) has no Package.swift: run from the repository root, or pass --repository or --bin-dir")
        }
        for product in ["accounts", "esigning", "archive", "gateway"] {
            FileHandle.standardError.write(Data("building \(product) (release)…\n".utf8))
            try runCommand("/usr/bin/env", ["swift", "build", "-c", "release", "--product", product], in: repository, output: .passedThrough)
                .requireSuccess()
        }
        return try runCommand("/usr/bin/env", ["swift", "build", "-c", "release", "--show-bin-path"], in: repository, output: .standardOutput)
            .requireSuccess()
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

    static func printMemory(_ memory: [(name: String, memory: Memory?)]) {
        print("| process | VmRSS MiB | VmHWM (peak) MiB |")
        print("|---|---:|---:|")
        for (name, value) in memory {
            print("| \(name) | \(value.map { fixed($0.residentMiB) } ?? "?") | \(value.map { fixed($0.peakMiB) } ?? "?") |")
        }
        if let own = Memory.of(pid: ProcessInfo.processInfo.processIdentifier) {
            print("| (signing-benchmark itself) | \(fixed(own.residentMiB)) | \(fixed(own.peakMiB)) |")
        }
    }
}

/// A seeded school with every graduate's access token.
struct PreparedSchool: Sendable {
    var school: SeededSchool
    var roster: [RosterGraduate]
    var tokens: [String]
}

/// Seeds the school through the API (`Seeder`), lists the graduates and mints their tokens,
/// printing each part's time.
func prepareSchool(system: LaunchedSystem, api: GatewayAPI, options: SystemOptions) async throws -> PreparedSchool {
    print("## Seeding through the HTTP API")
    let seeder = Seeder(
        api: api, system: system, operatorPassword: options.operatorPassword, graduates: options.graduates, employers: options.employers,
        cohort: options.cohort, propagationTimeout: .seconds(options.propagationTimeout)
    )
    let school = try await seeder.seed { print($0) }

    print("\n## Graduates' tokens")
    let listStart = ContinuousClock.now
    let roster = try await listGraduates(api: api, adminToken: school.adminToken, cohort: options.cohort)
    guard roster.count == options.graduates else { throw BenchmarkFailure("GET /api/v1/graduates listed \(roster.count) of \(options.graduates)") }
    print("  \(roster.count) graduates listed with GET /api/v1/graduates (200 a page) in \(fixed((ContinuousClock.now - listStart).seconds, 2)) s")
    let mintStart = ContinuousClock.now
    let mint = try await TokenMint(accountsDataDirectory: system.accountsDataDirectory)
    var tokens: [String] = []
    tokens.reserveCapacity(roster.count)
    for graduate in roster { tokens.append(try await mint.graduateToken(graduate, lifetime: .seconds(4 * 3600))) }
    print("  \(tokens.count) access tokens minted with accounts-token-private.pem (kind graduate, subject = graduate id) in \(fixed((ContinuousClock.now - mintStart).seconds, 2)) s")
    print("  sign-in (scrypt, N=2^14) is deliberately outside what is measured: graduates would sign in over the day, not per request;")
    print("  the \(options.employers) employers and the school admin signed in normally during seeding")
    return PreparedSchool(school: school, roster: roster, tokens: tokens)
}
