import Foundation
import ProcessLauncher

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

extension ServiceProcess {
    /// An executable of this build, started on `port`, its log under the temporary folder
    /// (kept after the test, for a failure's post-mortem).
    convenience init(_ name: String, port: Int, arguments: [String] = []) throws {
        try self.init(
            name: name, executable: binaryDirectory().appendingPathComponent(name), port: port, arguments: arguments,
            logPath: NSTemporaryDirectory() + "\(name)-\(port)-\(UUID().uuidString.prefix(8)).log"
        )
    }
}
