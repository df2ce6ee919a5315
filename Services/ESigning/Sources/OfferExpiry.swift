import ESigningDomain
import Foundation
import GRDB
import Logging
public import ServiceLifecycle
import GraduateDomain
import GraduateProto
import StorageKit

/// Ends offers nobody answered by their deadline (`签约逾期未回应，签约失败`, §4.1). It looks
/// at the database, not at timers in memory, so deadlines that passed while the service was
/// down are handled at the next start. Each offer is expired in a write transaction that
/// re-reads its status, so an answer that got in first wins and nothing is expired twice.
public struct OfferExpiry: Service {
    let service: ESigningService
    let interval: Duration

    public init(service: ESigningService, interval: Duration = .seconds(1)) {
        self.service = service
        self.interval = interval
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await self.service.remindExpiringOffers()
                _ = try await self.service.expireDueOffers()
            } catch {
                self.service.logger.error("offer expiry failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: self.interval)
        }
    }
}

extension ESigningService {
    /// Tells graduates once when an offer has less than a day left (DOMAIN.md §12).
    public func remindExpiringOffers() async throws {
        let now = self.settings.clock()
        try await self.pool.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM agreement WHERE status = 'offered' AND expiry_reminded = 0 AND invalidated_at_ms IS NULL
                    AND respond_by_ms > ? AND respond_by_ms <= ? LIMIT 1000
                    """,
                arguments: [now, now + 86_400_000]
            )
            for row in rows {
                let record = try AgreementRecord(row: row)
                try self.remind(db, record, to: .graduate, kind: "offerExpiring",
                                text: "\(record.content.employer.name)发给您的签约将于\(BeijingTime.minute(milliseconds: record.respondBy ?? now))到期，请尽快回应")
                try db.execute(sql: "UPDATE agreement SET expiry_reminded = 1 WHERE id = ?", arguments: [record.id])
            }
        }
    }

    /// Expires every offer whose deadline has passed, in batches. Returns how many.
    @discardableResult
    public func expireDueOffers(batchSize: Int = 500) async throws -> Int {
        var expired = 0
        while true {
            let now = self.settings.clock()
            let count = try await self.pool.write { db -> Int in
                // A 失效 record stays as it was (frozen until the graduate returns).
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM agreement WHERE status = 'offered' AND respond_by_ms <= ? AND invalidated_at_ms IS NULL
                        ORDER BY respond_by_ms LIMIT ?
                        """,
                    arguments: [now, batchSize]
                )
                for row in rows {
                    var record = try AgreementRecord(row: row)
                    let context = SigningContext(now: now, respondBy: record.respondBy)
                    guard let transition = try? SigningMachine.apply(.expire, to: record.status, in: record.flow, context: context) else { continue }
                    record.status = transition.to
                    record.updatedAt = now
                    try record.update(db)
                    try record.recordHistory(db, actor: nil, party: .system, action: SigningAction.expire.rawValue, from: transition.from, reason: "", at: now)
                    try self.announce(db, record, transition: transition)
                }
                return rows.count
            }
            expired += count
            if count < batchSize { return expired }
        }
    }
}
