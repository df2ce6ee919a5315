import Foundation

/// Limits and timings shared by the TCP server and client transports.
public struct TransportLimits: Sendable {
    /// The largest frame either side accepts (the length prefix is checked before allocating).
    public var maximumFrameSize: Int = 16 * 1024 * 1024
    /// Streams open at once on one connection; one more is refused with `resourceExhausted`.
    public var maximumConcurrentStreams: Int = 4096
    /// Messages a stream buffers before its reader takes them; a sender that outruns its
    /// handler by more is refused with `resourceExhausted` rather than filling memory.
    public var maximumBufferedMessagesPerStream: Int = 1024

    public init() {}
}

/// How a client waits between connection attempts: exponential with jitter.
public struct ReconnectBackoff: Sendable {
    public var initial: Duration = .milliseconds(100)
    public var maximum: Duration = .seconds(5)
    public var multiplier: Double = 1.6
    public var jitter: Double = 0.2

    public init() {}

    /// The wait before attempt number `attempt` (0-based) after a failure.
    public func delay(attempt: Int) -> Duration {
        let grown = min(self.maximum.seconds, self.initial.seconds * pow(self.multiplier, Double(min(attempt, 64))))
        let spread = grown * self.jitter
        let seconds = max(0, grown + Double.random(in: -spread...spread))
        return .milliseconds(Int64(seconds * 1000))
    }
}

extension Duration {
    /// The duration in seconds as a `Double`, for arithmetic and for metrics.
    public var seconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
}
