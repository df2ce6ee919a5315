import GRPCCore
import GraduateProto
import NIOCore
import Synchronization

/// A server connection's outbound frames, counted while they wait to be written. A peer
/// that sends calls but reads none of the answers makes the count grow; past the limits the
/// connection stops reading frames from it (`waitUntilPeerReads`) until the queue is half as
/// long, so memory stays bounded whatever the peer does.
final class ConnectionOutput: Sendable {
    private struct State {
        var frames = 0
        var bytes = 0
        /// When the queue last went over a limit; nil while it is short.
        var blockedSince: NIODeadline?
        var reader: CheckedContinuation<Void, Never>?
        var isClosed = false
        var wasEverBlocked = false
        /// When the read loop found the socket's buffer full; nil while it is not.
        var unwritableSince: NIODeadline?
    }

    private let writer: NIOAsyncChannelOutboundWriter<Frame>
    private let channel: any Channel
    private let maximumBytes: Int
    private let maximumFrames: Int
    private let state = Mutex(State())

    init(writer: NIOAsyncChannelOutboundWriter<Frame>, channel: any Channel, limits: TransportLimits) {
        self.writer = writer
        self.channel = channel
        self.maximumBytes = limits.maximumPendingOutputBytes
        self.maximumFrames = limits.maximumPendingOutputFrames
    }

    func write(_ frames: [Frame]) async throws {
        let bytes = frames.reduce(0) { $0 + Self.estimatedSize(of: $1) }
        self.state.withLock { state in
            state.frames += frames.count
            state.bytes += bytes
            if state.blockedSince == nil, state.frames > self.maximumFrames || state.bytes > self.maximumBytes {
                state.blockedSince = .now()
                state.wasEverBlocked = true
            }
        }
        defer { self.release(frames: frames.count, bytes: bytes) }
        try await self.writer.write(contentsOf: frames)
    }

    /// Writes frames that must not be lost to the writing task's cancellation (a call's
    /// status): NIO's writer drops an element whose task is cancelled, so such a write is
    /// made again from a task of its own.
    func writeEvenIfCancelled(_ frames: [Frame]) async throws {
        if !Task.isCancelled {
            do {
                try await self.write(frames)
                return
            } catch is CancellationError {
                // Not written (a cancelled write never is): write it below.
            }
        }
        try await Task { try await self.write(frames) }.value
    }

    /// Writes without waiting, for frames the transport sends on its own (a GoAway).
    func writeDetached(_ frames: [Frame]) {
        Task { try? await self.write(frames) }
    }

    /// Returns once the queue is short enough to read more from the peer (at once, usually).
    /// Two things count: frames waiting in NIO's writer (this queue), and the socket's own
    /// buffer — NIO accepts writes while the channel is unwritable, so that is waited out too.
    func waitUntilPeerReads() async {
        let blocked = self.state.withLock { $0.blockedSince != nil && !$0.isClosed }
        if blocked {
            FreedMemory.giveBack()
            await withCheckedContinuation { continuation in
                let proceed = self.state.withLock { state in
                    guard state.blockedSince != nil, !state.isClosed else { return true }
                    state.reader = continuation
                    return false
                }
                if proceed { continuation.resume() }
            }
        }
        guard !self.channel.isWritable else { return }
        self.state.withLock { state in
            if state.unwritableSince == nil { state.unwritableSince = .now() }
            state.wasEverBlocked = true
        }
        // Rare (a peer that stopped reading), so a short poll is enough.
        while !self.channel.isWritable, self.channel.isActive, !self.state.withLock({ $0.isClosed }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        self.state.withLock { $0.unwritableSince = nil }
    }

    /// How long the output has been over its limits, nil if it is not.
    func blockedFor(now: NIODeadline) -> Duration? {
        self.state.withLock { state in
            let since = [state.blockedSince, state.unwritableSince].compactMap { $0 }.min()
            return since.map { .nanoseconds(Int64(now.uptimeNanoseconds - min($0.uptimeNanoseconds, now.uptimeNanoseconds))) }
        }
    }

    /// Whether a peer ever let the queue reach its limits on this connection.
    var wasEverBlocked: Bool { self.state.withLock { $0.wasEverBlocked } }

    /// Nothing more will be read: a waiting reader goes on (to find the connection closed).
    func close() {
        let reader = self.state.withLock { state in
            state.isClosed = true
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume()
    }

    /// Ends the output once what is queued is written; the socket is then half-closed.
    func finish() {
        self.writer.finish()
    }

    private func release(frames: Int, bytes: Int) {
        let reader: CheckedContinuation<Void, Never>? = self.state.withLock { state in
            state.frames -= frames
            state.bytes -= bytes
            guard state.blockedSince != nil, state.frames <= self.maximumFrames / 2, state.bytes <= self.maximumBytes / 2 else {
                return nil
            }
            state.blockedSince = nil
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume()
    }

    /// The frame's size on the wire, near enough for accounting (no second serialization).
    static func estimatedSize(of frame: Frame) -> Int {
        if case .message(let payload) = frame.part { return payload.count + 16 }
        return 64
    }
}

/// glibc keeps freed memory for reuse instead of returning it: after a burst for a peer that
/// stopped reading (thousands of calls answered into a full socket), or a large import, the
/// heap would stay at its peak. `giveBack` asks glibc to return what is free, at most once a
/// second.
public enum FreedMemory {
    private static let lastTrim = Atomic<UInt64>(0)

    public static func giveBack() {
        #if canImport(Glibc)
        let now = NIODeadline.now().uptimeNanoseconds
        let last = Self.lastTrim.load(ordering: .relaxed)
        guard now &- last >= 1_000_000_000,
              Self.lastTrim.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged
        else { return }
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if canImport(Glibc)
/// glibc's malloc_trim(3), which Swift's Glibc module does not export (it is in malloc.h).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
