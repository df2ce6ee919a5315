import Foundation

/// What becomes of a command's output.
public enum CommandOutput: Sendable {
    /// Standard output and standard error together, in `CommandResult.output` (a test reads
    /// what a failing command said).
    case combined
    /// Standard output in `CommandResult.output`; standard error passed through.
    case standardOutput
    /// Both passed through to this process's own (a long build the user watches).
    case passedThrough
}

/// How a command ended and what it printed.
public struct CommandResult: Sendable {
    public var command: String
    public var status: Int32
    public var output: String

    /// The output without its surrounding white space, if the command exited 0; otherwise a
    /// failure naming the command and its status.
    @discardableResult
    public func requireSuccess() throws -> String {
        guard self.status == 0 else { throw LaunchFailure("\(self.command) exited with \(self.status)") }
        return self.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs a command to completion, in `directory` if given; returns its exit status and output.
@discardableResult
public func runCommand(
    _ executable: String, _ arguments: [String], in directory: String? = nil, output: CommandOutput = .combined
) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let pipe = Pipe()
    switch output {
    case .combined:
        process.standardOutput = pipe
        process.standardError = pipe
    case .standardOutput:
        process.standardOutput = pipe
    case .passedThrough:
        break
    }
    try process.run()
    let data = output == .passedThrough ? Data() : pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        command: ([executable] + arguments).joined(separator: " "), status: process.terminationStatus,
        output: String(decoding: data, as: UTF8.self)
    )
}
