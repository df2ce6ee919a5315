/// Why a process could not be started, did not come up, or a command did not succeed; the
/// message names the process and, where there is one, the end of its log.
public struct LaunchFailure: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { self.message }
}
