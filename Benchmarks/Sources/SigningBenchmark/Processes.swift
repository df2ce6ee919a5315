import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct BenchmarkFailure: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { self.message }
}

/// Runs a command to completion with its output passed through; fails unless it exits 0.
func runCommand(_ executable: String, _ arguments: [String], in directory: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchmarkFailure("\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
    }
}

/// Runs a command and returns what it printed on standard output.
func commandOutput(_ executable: String, _ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchmarkFailure("\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// `count` loopback ports that nobody listened on a moment ago (all bound to 0 at once, so
/// they differ, then released).
func freePorts(_ count: Int) throws -> [Int] {
    var sockets: [Int32] = []
    defer { sockets.forEach { close($0) } }
    var ports: [Int] = []
    for _ in 0..<count {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchmarkFailure("socket() failed") }
        sockets.append(fd)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw BenchmarkFailure("no free loopback port") }
        ports.append(Int(UInt16(bigEndian: address.sin_port)))
    }
    return ports
}

/// Whether something accepts TCP connections on the loopback port.
func isListening(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

/// Resident memory of a process from /proc/<pid>/status, in MiB: now (VmRSS) and the peak (VmHWM).
struct Memory: Sendable {
    var residentMiB: Double
    var peakMiB: Double

    static func of(pid: Int32) -> Memory? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kilobytes(_ key: String) -> Double? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return nil }
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
        }
        guard let rss = kilobytes("VmRSS"), let hwm = kilobytes("VmHWM") else { return nil }
        return Memory(residentMiB: rss / 1024, peakMiB: hwm / 1024)
    }
}

/// One service executable started by the benchmark, its output in a log file.
final class ServiceProcess: @unchecked Sendable {
    let name: String
    let port: Int
    let logPath: String
    private let process: Process

    init(name: String, executable: String, port: Int, arguments: [String], logPath: String) throws {
        self.name = name
        self.port = port
        self.logPath = logPath
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", "\(port)"] + arguments
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
    }

    var pid: Int32 { self.process.processIdentifier }
    var isRunning: Bool { self.process.isRunning }

    func waitUntilListening(timeout: Duration = .seconds(120)) async throws {
        let end = ContinuousClock.now.advanced(by: timeout)
        while !isListening(port: self.port) {
            guard self.process.isRunning else {
                throw BenchmarkFailure("\(self.name) exited early; its log: \(self.logPath)\n\(self.logTail())")
            }
            guard ContinuousClock.now < end else { throw BenchmarkFailure("\(self.name) did not listen on \(self.port) within \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// SIGTERM, then up to `grace` for it to drain and exit; SIGKILL after that.
    /// Returns the exit status and whether it had to be killed.
    func stop(grace: Duration = .seconds(30)) async -> (status: Int32, killed: Bool) {
        guard self.process.isRunning else { return (self.process.terminationStatus, false) }
        kill(self.pid, SIGTERM)
        let end = ContinuousClock.now.advanced(by: grace)
        while self.process.isRunning, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if self.process.isRunning {
            kill(self.pid, SIGKILL)
            self.process.waitUntilExit()
            return (self.process.terminationStatus, true)
        }
        return (self.process.terminationStatus, false)
    }

    func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: self.logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}

/// accounts, esigning and the gateway on free loopback ports, each with a fresh data folder
/// under `root`, wired as scripts/run.sh wires them.
final class RunningSystem: Sendable {
    let root: String
    let accounts: ServiceProcess
    let esigning: ServiceProcess
    let gateway: ServiceProcess

    var accountsDataDirectory: String { self.root + "/accounts" }
    var esigningDataDirectory: String { self.root + "/esigning" }
    var services: [ServiceProcess] { [self.accounts, self.esigning, self.gateway] }
    var gatewayURL: String { "http://127.0.0.1:\(self.gateway.port)" }

    private init(root: String, accounts: ServiceProcess, esigning: ServiceProcess, gateway: ServiceProcess) {
        self.root = root
        self.accounts = accounts
        self.esigning = esigning
        self.gateway = gateway
    }

    static func start(
        binDirectory: String, root: String, operatorPassword: String, accessTokenSeconds: Int, durability: String
    ) async throws -> RunningSystem {
        let ports = try freePorts(3)
        let (accountsPort, esigningPort, gatewayPort) = (ports[0], ports[1], ports[2])
        for folder in ["accounts", "esigning"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        var started: [ServiceProcess] = []
        do {
            let accounts = try ServiceProcess(
                name: "accounts", executable: binDirectory + "/accounts", port: accountsPort,
                arguments: [
                    "--data-dir", root + "/accounts", "--esigning-address", "127.0.0.1:\(esigningPort)",
                    "--operator-password", operatorPassword, "--access-token-seconds", "\(accessTokenSeconds)",
                    "--durability", durability,
                ],
                logPath: root + "/accounts.log"
            )
            started.append(accounts)
            try await accounts.waitUntilListening()
            let esigning = try ServiceProcess(
                name: "esigning", executable: binDirectory + "/esigning", port: esigningPort,
                arguments: [
                    "--data-dir", root + "/esigning", "--accounts-address", "127.0.0.1:\(accountsPort)",
                    "--public-url", "http://127.0.0.1:\(gatewayPort)", "--durability", durability,
                ],
                logPath: root + "/esigning.log"
            )
            started.append(esigning)
            try await esigning.waitUntilListening()
            // Seeding registers dozens of employers from one address: the per-address limit
            // (meant for people guessing passwords) is raised for the benchmark's client.
            let gateway = try ServiceProcess(
                name: "gateway", executable: binDirectory + "/gateway", port: gatewayPort,
                arguments: [
                    "--accounts-address", "127.0.0.1:\(accountsPort)", "--esigning-address", "127.0.0.1:\(esigningPort)",
                    "--sign-in-per-minute", "100000",
                ],
                logPath: root + "/gateway.log"
            )
            started.append(gateway)
            try await gateway.waitUntilListening()
            return RunningSystem(root: root, accounts: accounts, esigning: esigning, gateway: gateway)
        } catch {
            for service in started.reversed() { _ = await service.stop(grace: .seconds(5)) }
            throw error
        }
    }

    /// Stops the gateway first, then esigning, then accounts; returns a line per service.
    func stop() async -> [String] {
        var lines: [String] = []
        for service in [self.gateway, self.esigning, self.accounts] {
            let start = ContinuousClock.now
            let (status, killed) = await service.stop()
            let how = killed ? "killed after the grace period" : "stopped on SIGTERM"
            lines.append("\(service.name): \(how) (exit \(status)) after \(fixed((ContinuousClock.now - start).seconds, 2)) s")
        }
        return lines
    }

    func memory() -> [(String, Memory?)] {
        self.services.map { ($0.name, Memory.of(pid: $0.pid)) }
    }
}

extension Duration {
    var seconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
    var milliseconds: Double { self.seconds * 1000 }
}

/// CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat.
func cpuSeconds(pid: Int32) -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = text.lastIndex(of: ")") else { return nil }
    // After the command name: state is field 3, utime field 14, stime field 15.
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
