import Foundation
import Synchronization

/// The sessions whose tokens are refused before they expire, each until its last token could
/// have expired anyway. Every service keeps one, filled from its database at start and then by
/// the accounts service's `account.sessions.revoked` events (StorageKit's `SessionRevocations`);
/// `AuthInterceptor` consults it on every call, so a lookup is one dictionary read.
public final class RevokedSessions: Sendable {
    private struct State {
        var until: [String: Int64] = [:]
        /// The size at which the expired are next forgotten (doubling, so pruning stays cheap).
        var pruneAt = 1_024
    }

    private let state = Mutex(State())
    private let clock: @Sendable () -> Int64

    /// - Parameter now: Unix milliseconds; tests move it.
    public init(now: (@Sendable () -> Int64)? = nil) {
        self.clock = now ?? { Int64(Date().timeIntervalSince1970 * 1000) }
    }

    /// Refuses the sessions' tokens until `until` (Unix ms).
    public func revoke(_ sessionIDs: some Sequence<String>, until: Int64) {
        let now = self.clock()
        self.state.withLock { state in
            for id in sessionIDs where !id.isEmpty { state.until[id] = max(state.until[id] ?? 0, until) }
            if state.until.count >= state.pruneAt {
                state.until = state.until.filter { $0.value > now }
                state.pruneAt = max(1_024, state.until.count * 2)
            }
        }
    }

    public func isRevoked(_ sessionID: String?) -> Bool {
        guard let sessionID else { return false }
        let now = self.clock()
        return self.state.withLock { ($0.until[sessionID] ?? 0) > now }
    }

    /// Sessions remembered, the expired included until the next pruning.
    public var count: Int { self.state.withLock { $0.until.count } }
}
