import Foundation
import Hummingbird
import Synchronization

/// A token bucket per client address: `capacity` requests at once, refilled at
/// `perMinute`. Guards sign-in and captcha creation against guessing at speed; the
/// accounts service's per-account captcha rule guards each account on top of this.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let capacity: Double
    private let perSecond: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(capacity: Int, perMinute: Int) {
        self.capacity = Double(capacity)
        self.perSecond = Double(perMinute) / 60
    }

    /// Takes one token for `client`; false when its bucket is empty.
    func allow(_ client: String, now: ContinuousClock.Instant = .now) -> Bool {
        self.buckets.withLock { buckets in
            if buckets.count > 100_000 {
                // Forget full buckets (idle clients) rather than grow without bound.
                buckets = buckets.filter { $0.value.tokens < self.capacity - 1 }
            }
            var bucket = buckets[client] ?? Bucket(tokens: self.capacity, updated: now)
            let elapsed = Double((now - bucket.updated).components.seconds) + Double((now - bucket.updated).components.attoseconds) / 1e18
            bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            return true
        }
    }

    func check(_ context: GatewayContext) throws {
        try self.check(clientAddress: context.clientAddress)
    }

    func check(clientAddress: String) throws {
        guard self.allow(clientAddress) else {
            throw APIError(status: .tooManyRequests, code: "rate_limited", message: "请求过于频繁，请稍后再试")
        }
    }
}
