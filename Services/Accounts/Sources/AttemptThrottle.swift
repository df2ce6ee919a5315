import Foundation
import GRDB
import GRPCCore

/// Exponential back-off after failed attempts: after `failuresBeforeLockout` failures a key
/// is locked for `firstLockout`, and each further failure doubles that, up to
/// `maximumLockout`. A key with no failure for `forgetAfter` after its lock-out ends starts
/// again from nothing; a success resets an account's key (never an address's).
public struct BackoffPolicy: Sendable, Equatable {
    public var failuresBeforeLockout: Int
    public var firstLockout: Duration
    public var maximumLockout: Duration
    public var forgetAfter: Duration

    public init(failuresBeforeLockout: Int, firstLockout: Duration, maximumLockout: Duration, forgetAfter: Duration) {
        self.failuresBeforeLockout = failuresBeforeLockout
        self.firstLockout = firstLockout
        self.maximumLockout = maximumLockout
        self.forgetAfter = forgetAfter
    }

    /// One account, or one 身份证号 being activated: 1 minute after the 5th failure, then 2,
    /// 4, 8 … minutes, at most 4 hours; forgotten a day after the last lock-out.
    public static let perAccount = BackoffPolicy(
        failuresBeforeLockout: 5, firstLockout: .seconds(60), maximumLockout: .seconds(4 * 3600), forgetAfter: .seconds(24 * 3600)
    )

    /// One client address, over every account it tries: the same doubling, from the 30th
    /// failure (a campus or a company behind one NAT address signs in from it), forgotten
    /// after an hour without failures.
    public static let perAddress = BackoffPolicy(
        failuresBeforeLockout: 30, firstLockout: .seconds(60), maximumLockout: .seconds(4 * 3600), forgetAfter: .seconds(3600)
    )

    /// How long the key is locked after its `failures`-th failure, in milliseconds.
    func lockoutMilliseconds(afterFailures failures: Int) -> Int64 {
        guard failures >= self.failuresBeforeLockout else { return 0 }
        let first = self.firstLockout.milliseconds, maximum = self.maximumLockout.milliseconds
        let doublings = min(failures - self.failuresBeforeLockout, 40)
        return first > maximum >> Int64(doublings) ? maximum : min(maximum, first << Int64(doublings))
    }

}

/// The failure count of one key (`attempt_throttle`).
struct ThrottleState: Equatable {
    var failures: Int
    var lockedUntilMs: Int64

    /// The whole seconds left of a lock-out at `now`, or nil if not locked.
    func retryAfterSeconds(now: Int64) -> Int64? {
        self.lockedUntilMs > now ? (self.lockedUntilMs - now + 999) / 1000 : nil
    }
}

/// A key whose failed attempts are counted, with its policy and what people are told while
/// it is locked. Keys: `account/<sign-in key>`, `activation/<身份证号>`, `address/<ip>`.
struct ThrottleKey {
    var key: String
    var policy: BackoffPolicy
    /// The refusal while locked; the wait follows it ("请5分钟后再试").
    var lockedMessage: String

    static func address(_ address: String, policy: BackoffPolicy) -> ThrottleKey {
        ThrottleKey(key: "address/\(address)", policy: policy, lockedMessage: "该网络地址的失败尝试次数过多，已暂停登录和激活，")
    }

    func state(in db: Database, now: Int64) throws -> ThrottleState? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT failures, locked_until_ms FROM attempt_throttle WHERE key = ? AND forget_at_ms > ?", arguments: [self.key, now]
        ) else { return nil }
        return ThrottleState(failures: row["failures"], lockedUntilMs: row["locked_until_ms"])
    }

    /// Counts one failure (locking the key if that was one too many) and answers the new state.
    @discardableResult
    func recordFailure(in db: Database, now: Int64) throws -> ThrottleState {
        let failures = (try self.state(in: db, now: now)?.failures ?? 0) + 1
        let lockedUntil = now + self.policy.lockoutMilliseconds(afterFailures: failures)
        try db.execute(
            sql: """
                INSERT INTO attempt_throttle (key, failures, locked_until_ms, forget_at_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until_ms = excluded.locked_until_ms,
                    forget_at_ms = excluded.forget_at_ms
                """,
            arguments: [self.key, failures, lockedUntil, lockedUntil + self.policy.forgetAfter.milliseconds]
        )
        // Forgotten keys go as new ones come, so the table holds only the last day's.
        try db.execute(sql: "DELETE FROM attempt_throttle WHERE forget_at_ms <= ?", arguments: [now])
        return ThrottleState(failures: failures, lockedUntilMs: lockedUntil)
    }

    static func reset(_ key: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM attempt_throttle WHERE key = ?", arguments: [key])
    }

    /// Refuses the attempt while the key is locked, saying for how long.
    func checkNotLocked(_ state: ThrottleState?, now: Int64) throws {
        guard let seconds = state?.retryAfterSeconds(now: now) else { return }
        throw RPCError(
            code: .resourceExhausted,
            message: self.lockedMessage + "请\(Self.wait(seconds: seconds))后再试",
            metadata: ["retry-after": .string("\(seconds)")]
        )
    }

    /// "45秒", "3分钟", "2小时5分钟".
    static func wait(seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds)秒" }
        let minutes = (seconds + 59) / 60
        if minutes < 60 { return "\(minutes)分钟" }
        return minutes % 60 == 0 ? "\(minutes / 60)小时" : "\(minutes / 60)小时\(minutes % 60)分钟"
    }
}

extension Duration {
    /// In milliseconds, the unit of every stored time (token lifetimes, lock-outs).
    var milliseconds: Int64 {
        self.components.seconds * 1000 + self.components.attoseconds / 1_000_000_000_000_000
    }
}
