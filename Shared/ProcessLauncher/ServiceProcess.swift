public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A service executable started on a loopback port (`--port` comes first in its arguments),
/// its standard output and error appended to one log file across restarts. Killed with
/// SIGKILL when the last reference goes, so a failed test or benchmark leaves no process behind.
public final class ServiceProcess: @unchecked Sendable {
    public let name: String
    public let executable: URL
    public let port: Int
    /// What the process is started with, `--port` included.
    public let arguments: [String]
    public let logPath: String
    private var process: Process

    /// Starts the process at once; `waitUntilListening` tells when it serves.
    public init(name: String, executable: URL, port: Int, arguments: [String] = [], logPath: String) throws {
        self.name = name
        self.executable = executable
        self.port = port
        self.arguments = ["--port", "\(port)"] + arguments
        self.logPath = logPath
        self.process = Process()
        try self.start()
    }

    /// Starts it again with the same arguments (after `killHard`, `terminate` or `stop`).
    public func restart() throws {
        try self.start()
    }

    private func start() throws {
        let process = Process()
        process.executableURL = self.executable
        process.arguments = self.arguments
        if !FileManager.default.fileExists(atPath: self.logPath) {
            _ = FileManager.default.createFile(atPath: self.logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: self.logPath))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
    }

    public var pid: Int32 { self.process.processIdentifier }
    public var isRunning: Bool { self.process.isRunning }

    /// Waits until the port accepts connections; fails, with the end of the log, if the
    /// process exits first or `timeout` passes.
    public func waitUntilListening(timeout: Duration = .seconds(20)) async throws {
        let end = ContinuousClock.now.advanced(by: timeout)
        while !isListening(port: self.port) {
            guard self.process.isRunning else {
                throw LaunchFailure("\(self.name) exited early (status \(self.process.terminationStatus)); \(self.logSummary())")
            }
            guard ContinuousClock.now < end else {
                throw LaunchFailure("\(self.name) did not listen on \(self.port) within \(timeout); \(self.logSummary())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// `kill -9`: no chance to clean up.
    public func killHard() {
        if self.process.isRunning { kill(self.pid, SIGKILL) }
        self.process.waitUntilExit()
    }

    /// SIGTERM, then waits for as long as the process takes to exit; returns its exit status.
    @discardableResult
    public func terminate() async -> Int32 {
        if self.process.isRunning { kill(self.pid, SIGTERM) }
        await self.waitForExit(until: nil)
        return self.process.terminationStatus
    }

    /// SIGTERM, then up to `grace` for it to drain and exit; SIGKILL after that.
    /// Returns the exit status and whether it had to be killed.
    @discardableResult
    public func stop(grace: Duration = .seconds(30)) async -> (status: Int32, killed: Bool) {
        guard self.process.isRunning else { return (self.process.terminationStatus, false) }
        kill(self.pid, SIGTERM)
        await self.waitForExit(until: ContinuousClock.now.advanced(by: grace))
        guard self.process.isRunning else { return (self.process.terminationStatus, false) }
        self.killHard()
        return (self.process.terminationStatus, true)
    }

    /// Polls (a `Process` has no awaitable exit) until it has exited or `deadline` passed.
    private func waitForExit(until deadline: ContinuousClock.Instant?) async {
        while self.process.isRunning, deadline.map({ ContinuousClock.now < $0 }) ?? true {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Everything the process (and its earlier runs) wrote.
    public func log() -> String {
        (try? String(contentsOfFile: self.logPath, encoding: .utf8)) ?? ""
    }

    public func logTail(lines: Int = 20) -> String {
        self.log().split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Where the log is and its last lines, for a failure's message.
    private func logSummary() -> String {
        "its log: \(self.logPath)\n\(self.logTail(lines: 40))"
    }

    deinit {
        if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
    }
}
