import Foundation
import GRDB

/// The raw SQLite ceiling on the same disk: one writer committing single-row INSERT
/// transactions through GRDB, in WAL mode, as the services open their databases.
struct SQLiteCeiling {
    struct Result: Sendable {
        var mode: String
        var transactions: Int
        var seconds: Double
        var perSecond: Double { Double(self.transactions) / self.seconds }
        var meanMilliseconds: Double { self.seconds * 1000 / Double(self.transactions) }
    }

    let directory: String
    let seconds: Double

    /// `synchronous` is FULL (the services' default: fsync of the WAL on every commit) or NORMAL.
    func measure(synchronous: String) async throws -> Result {
        let path = self.directory + "/ceiling-\(synchronous.lowercased()).sqlite"
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // As StorageKit does: the mode is set on the writer after opening (DatabasePool
        // sets NORMAL on its writer itself), then read back.
        let mode = try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS row (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    payload BLOB NOT NULL,
                    at_ms INTEGER NOT NULL
                )
                """)
            return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
        let journal = try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?" }
        guard journal.lowercased() == "wal", mode == (synchronous == "FULL" ? 2 : 1) else {
            throw BenchmarkFailure("ceiling database opened with journal_mode=\(journal), synchronous=\(mode)")
        }
        // About the size of an agreement row with its content (~1 KiB).
        let payload = Data((0..<1024).map { UInt8($0 % 251) })
        var count = 0
        let start = ContinuousClock.now
        let end = start.advanced(by: .milliseconds(Int64(self.seconds * 1000)))
        while ContinuousClock.now < end {
            let index = count
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO row (key, payload, at_ms) VALUES (?, ?, ?)",
                    arguments: ["row-\(index)", payload, Int64(Date().timeIntervalSince1970 * 1000)]
                )
            }
            count += 1
        }
        let elapsed = (ContinuousClock.now - start).seconds
        try pool.close()
        return Result(mode: synchronous, transactions: count, seconds: elapsed)
    }
}
