import Foundation

/// Limits and timings shared by the TCP server and client transports (docs/PROTOCOL.md §5).
public struct TransportLimits: Sendable {
    /// The largest frame either side accepts (the length prefix is checked before allocating).
    /// A response message that would not fit fails its own call with `resourceExhausted`.
    public var maximumFrameSize: Int = 16 * 1024 * 1024
    /// Streams open at once on one connection; one more is refused with `resourceExhausted`.
    public var maximumConcurrentStreams: Int = 1024
    /// Messages a stream buffers before its reader takes them; a sender that outruns its
    /// handler by more is refused with `resourceExhausted` rather than filling memory.
    public var maximumBufferedMessagesPerStream: Int = 1024
    /// A call's metadata (keys and values) at most this many bytes, else `resourceExhausted`.
    public var maximumMetadataSize: Int = 16 * 1024
    /// Output a connection may have queued for a peer that is not reading; past either limit
    /// the server reads no more frames from that connection until the queue is half as long.
    public var maximumPendingOutputBytes: Int = 1024 * 1024
    public var maximumPendingOutputFrames: Int = 512
    /// A frame whose first byte arrived this long ago and is still incomplete closes the
    /// connection (GoAway `DEADLINE_EXCEEDED`).
    public var readTimeout: Duration = .seconds(30)
    /// A connection with no open stream and no frame for this long is closed (GoAway `OK`).
    public var idleTimeout: Duration = .seconds(300)
    /// A connection whose output has been blocked (the peer reads nothing) this long is
    /// closed (GoAway `DEADLINE_EXCEEDED`).
    public var outputStallTimeout: Duration = .seconds(60)
    /// After a GoAway, how long the server waits for the client to close before it does.
    public var closeGracePeriod: Duration = .seconds(5)

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
