import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where `swift build` put the executables: next to the test bundle, unless
/// GRADUATE_BIN_DIR says otherwise.
func binaryDirectory() -> URL {
    if let override = ProcessInfo.processInfo.environment["GRADUATE_BIN_DIR"] {
        return URL(fileURLWithPath: override)
    }
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("echo-test-server").path) {
            return url
        }
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
}

/// The repository root (for scripts and the C client's sources).
func repositoryRoot() -> URL {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
}

/// Ports handed out in this test process, never handed out twice.
private let handedOutPorts = Mutex<Set<Int>>([])

/// A port nobody listens on right now, for a process a test starts. Taken below the kernel's
/// ephemeral range — a port bound to 0 and released came from that range, where the next
/// outgoing connection, or the next test asking, could get the very same number (a gateway
/// was once given the port of another test's RPC server) — and never twice in one process.
func freePort() throws -> Int {
    let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? "32768 60999"
    let ephemeralStart = range.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
    for _ in 0..<1_000 {
        let port = Int.random(in: 10_000..<max(10_001, ephemeralStart))
        let taken = handedOutPorts.withLock { ports in
            guard !ports.contains(port), canBind(port) else { return false }
            ports.insert(port)
            return true
        }
        if taken { return port }
    }
    throw POSIXError(.EADDRINUSE)
}

/// Whether the loopback port can be bound now.
private func canBind(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

/// A socket connected to the loopback port, or nil if nothing accepts there.
func connectLoopback(port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
    if connected { return fd }
    close(fd)
    return nil
}

/// Whether something accepts TCP connections on the loopback port.
func isListening(port: Int) -> Bool {
    guard let fd = connectLoopback(port: port) else { return false }
    close(fd)
    return true
}

/// One plain HTTP/1.1 GET on loopback; returns the whole response text.
func httpGet(port: Int, path: String) throws -> String {
    guard let fd = connectLoopback(port: port) else { throw POSIXError(.ECONNREFUSED) }
    defer { close(fd) }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        response += buffer[0..<count]
    }
    return String(decoding: response, as: UTF8.self)
}

/// A service executable started for a test, on loopback, killed when the test ends.
final class ServiceProcess: @unchecked Sendable {
    let name: String
    let arguments: [String]
    let port: Int
    private(set) var process: Process
    let logPath: String

    init(_ name: String, port: Int, arguments: [String] = []) throws {
        self.name = name
        self.port = port
        self.arguments = ["--port", "\(port)"] + arguments
        self.logPath = NSTemporaryDirectory() + "\(name)-\(port)-\(UUID().uuidString.prefix(8)).log"
        self.process = Process()
        try self.start()
    }

    private func start() throws {
        let process = Process()
        process.executableURL = binaryDirectory().appendingPathComponent(self.name)
        process.arguments = self.arguments
        FileManager.default.createFile(atPath: self.logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: self.logPath))
        log.seekToEndOfFile()
        process.standardError = log
        process.standardOutput = log
        try process.run()
        self.process = process
    }

    /// Waits until the port accepts connections.
    func waitUntilListening(timeout: Duration = .seconds(20)) async throws {
        let end = ContinuousClock.now.advanced(by: timeout)
        while !isListening(port: self.port) {
            guard self.process.isRunning else {
                throw ProcessFailure(message: "\(self.name) exited early: \(self.log())")
            }
            guard ContinuousClock.now < end else {
                throw ProcessFailure(message: "\(self.name) did not listen on \(self.port): \(self.log())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// `kill -9`: no chance to clean up.
    func killHard() {
        kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    /// SIGTERM, then waits for the process to exit; returns its exit status.
    func terminate() async -> Int32 {
        kill(self.process.processIdentifier, SIGTERM)
        while self.process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return self.process.terminationStatus
    }

    func restart() throws {
        try self.start()
    }

    func log() -> String {
        (try? String(contentsOfFile: self.logPath, encoding: .utf8)) ?? ""
    }

    deinit {
        if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}

/// Runs a command to completion; returns its exit status and combined output.
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
