public import Foundation

/// The accounts service, the e-signing and archive services (unless left out) and the gateway
/// as real processes on free loopback ports, wired as scripts/run.sh wires them: each service
/// with its own data folder under `root` (`root/accounts`, `root/esigning`, `root/archive`),
/// the logs beside them (`root/<name>.log`), one service secret for their service tokens
/// (`root/service-secret`). A service left out is a port nobody listens on to the others,
/// never another system's default port.
public final class LaunchedSystem: Sendable {
    public let root: String
    public let accounts: ServiceProcess
    public let esigning: ServiceProcess?
    public let archive: ServiceProcess?
    public let gateway: ServiceProcess

    public var accountsDataDirectory: String { self.root + "/accounts" }
    public var esigningDataDirectory: String { self.root + "/esigning" }
    public var archiveDataDirectory: String { self.root + "/archive" }
    /// The running services in the order they were started.
    public var services: [ServiceProcess] { [self.accounts, self.esigning, self.archive, self.gateway].compactMap { $0 } }
    public var gatewayURL: String { "http://127.0.0.1:\(self.gateway.port)" }

    private init(root: String, accounts: ServiceProcess, esigning: ServiceProcess?, archive: ServiceProcess?, gateway: ServiceProcess) {
        self.root = root
        self.accounts = accounts
        self.esigning = esigning
        self.archive = archive
        self.gateway = gateway
    }

    /// Starts accounts, then e-signing, archive and the gateway from `binDirectory`, each once the one
    /// before listens; a start that fails stops what was started. A setting left nil is the
    /// service's own default (its flag is not passed); `*Arguments` are appended to a service's
    /// flags.
    public static func start(
        binDirectory: URL, root: String, operatorPassword: String, esigning withESigning: Bool = true, archive withArchive: Bool = true,
        accessTokenSeconds: Int? = nil, durability: String? = nil, signInPerMinute: Int? = nil,
        accountsArguments: [String] = [], esigningArguments: [String] = [], archiveArguments: [String] = [], gatewayArguments: [String] = [],
        listenTimeout: Duration = .seconds(20)
    ) async throws -> LaunchedSystem {
        let ports = try freePorts(4)
        let (accountsPort, esigningPort, archivePort, gatewayPort) = (ports[0], ports[1], ports[2], ports[3])
        let durabilityFlag = durability.map { ["--durability", $0] } ?? []
        let secretFlag = ["--service-secret-file", try Self.writeServiceSecret(root: root)]
        var started: [ServiceProcess] = []
        func launch(_ name: String, port: Int, dataDirectory: Bool, _ arguments: [String]) async throws -> ServiceProcess {
            var flags: [String] = []
            if dataDirectory {
                try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
                flags = ["--data-dir", root + "/" + name]
            }
            let service = try ServiceProcess(
                name: name, executable: binDirectory.appendingPathComponent(name), port: port, arguments: flags + arguments,
                logPath: root + "/\(name).log"
            )
            started.append(service)
            try await service.waitUntilListening(timeout: listenTimeout)
            return service
        }
        do {
            let accounts = try await launch("accounts", port: accountsPort, dataDirectory: true, [
                "--esigning-address", "127.0.0.1:\(esigningPort)", "--archive-address", "127.0.0.1:\(archivePort)",
                "--operator-password", operatorPassword,
            ] + (accessTokenSeconds.map { ["--access-token-seconds", "\($0)"] } ?? []) + durabilityFlag + secretFlag + accountsArguments)
            let esigning = withESigning
                ? try await launch("esigning", port: esigningPort, dataDirectory: true, [
                    "--accounts-address", "127.0.0.1:\(accountsPort)", "--public-url", "http://127.0.0.1:\(gatewayPort)",
                    "--archive-address", "127.0.0.1:\(archivePort)",
                ] + durabilityFlag + secretFlag + esigningArguments)
                : nil
            let archive = withArchive
                ? try await launch("archive", port: archivePort, dataDirectory: true, [
                    "--accounts-address", "127.0.0.1:\(accountsPort)",
                ] + durabilityFlag + secretFlag + archiveArguments)
                : nil
            let gateway = try await launch("gateway", port: gatewayPort, dataDirectory: false, [
                "--accounts-address", "127.0.0.1:\(accountsPort)", "--esigning-address", "127.0.0.1:\(esigningPort)",
                "--archive-address", "127.0.0.1:\(archivePort)",
            ] + (signInPerMinute.map { ["--sign-in-per-minute", "\($0)"] } ?? []) + gatewayArguments)
            return LaunchedSystem(root: root, accounts: accounts, esigning: esigning, archive: archive, gateway: gateway)
        } catch {
            for service in started.reversed() { await service.stop(grace: .seconds(5)) }
            throw error
        }
    }

    /// The deployment's service secret, made once per root (owner-readable only).
    private static func writeServiceSecret(root: String) throws -> String {
        let path = root + "/service-secret"
        if FileManager.default.fileExists(atPath: path) { return path }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    /// Stops the gateway first, then archive, e-signing and accounts — callers before the services
    /// they call, so no request reaches a service already gone — each with SIGTERM and up to
    /// `grace` before SIGKILL.
    @discardableResult
    public func stop(grace: Duration = .seconds(30)) async -> [StoppedService] {
        var stopped: [StoppedService] = []
        for service in self.services.reversed() {
            let start = ContinuousClock.now
            let (status, killed) = await service.stop(grace: grace)
            stopped.append(StoppedService(name: service.name, status: status, killed: killed, took: ContinuousClock.now - start))
        }
        return stopped
    }

    /// Each service's memory now (nil for one that is gone).
    public func memory() -> [(name: String, memory: Memory?)] {
        self.services.map { ($0.name, Memory.of(pid: $0.pid)) }
    }
}

/// How one service of a `LaunchedSystem` stopped.
public struct StoppedService: Sendable, CustomStringConvertible {
    public var name: String
    public var status: Int32
    /// Whether it outlasted the grace period and was killed.
    public var killed: Bool
    public var took: Duration

    public var description: String {
        let how = self.killed ? "killed after the grace period" : "stopped on SIGTERM"
        let seconds = Double(self.took.components.seconds) + Double(self.took.components.attoseconds) / 1e18
        return "\(self.name): \(how) (exit \(self.status)) after \(String(format: "%.2f", seconds)) s"
    }
}
