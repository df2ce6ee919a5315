import Foundation
public import GRDB

/// How hard SQLite pushes each commit to disk.
public enum SynchronousMode: String, Sendable, CaseIterable {
    /// Survives power loss: the default for official records (agreements, destinations).
    case full = "FULL"
    /// Survives `kill -9` of the process (WAL), not a crash of the machine.
    case normal = "NORMAL"
}

/// Opens a service's one SQLite database: WAL, foreign keys on, a busy timeout, the
/// chosen synchronous mode, and the migrations applied.
public enum ServiceDatabase {
    public static func open(
        path: String,
        synchronous: SynchronousMode = .full,
        migrator: DatabaseMigrator
    ) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // Readers don't write; this only matters for the writer, which is set below.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // DatabasePool sets synchronous=NORMAL on its writer after prepareDatabase has run, so
        // the mode is set here, on the writer, after opening (TRANSPORT-NOTES.md).
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
        }
        try migrator.migrate(pool)
        return pool
    }

    /// The synchronous mode the writer connection actually uses (1 = NORMAL, 2 = FULL).
    public static func writerSynchronousMode(_ pool: DatabasePool) throws -> Int {
        try pool.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
    }
}

/// Named, append-only migrations: the kit's tables first, then the service's own.
/// A migration is never edited once shipped; a change is a new migration.
public enum Migrations {
    public static func migrator(service register: (inout DatabaseMigrator) -> Void) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        registerKitMigrations(&migrator)
        register(&migrator)
        return migrator
    }

    static func registerKitMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("kit-1-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE outbox_event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    aggregate_type TEXT NOT NULL CHECK (aggregate_type <> ''),
                    aggregate_id TEXT NOT NULL CHECK (aggregate_id <> ''),
                    type TEXT NOT NULL CHECK (type <> ''),
                    payload BLOB NOT NULL,
                    occurred_at_ms INTEGER NOT NULL
                );
                -- One row per event and subscriber until the subscriber acknowledges it.
                CREATE TABLE outbox_pending (
                    subscriber TEXT NOT NULL,
                    seq INTEGER NOT NULL REFERENCES outbox_event(seq),
                    aggregate_key TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at_ms INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    PRIMARY KEY (subscriber, seq)
                ) WITHOUT ROWID;
                CREATE INDEX outbox_pending_aggregate ON outbox_pending (subscriber, aggregate_key, seq);
                """)
        }
        migrator.registerMigration("kit-1-inbox") { db in
            try db.execute(sql: """
                CREATE TABLE inbox_event (
                    id TEXT PRIMARY KEY,
                    source TEXT NOT NULL,
                    type TEXT NOT NULL,
                    applied_at_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("kit-1-idempotency") { db in
            try db.execute(sql: """
                CREATE TABLE idempotency_key (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
                    request_hash BLOB NOT NULL,
                    response BLOB NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (scope, key)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("kit-2-outbox-subscribers") { db in
            try db.execute(sql: """
                -- The subscribers the outbox has queued events for, and since when.
                CREATE TABLE outbox_subscriber (
                    name TEXT PRIMARY KEY,
                    registered_at_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("kit-3-revoked-sessions") { db in
            try db.execute(sql: """
                -- Sessions whose tokens every call refuses, until they would have expired anyway.
                CREATE TABLE revoked_session (
                    session_id TEXT PRIMARY KEY,
                    until_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("kit-4-outbox-backoff-index") { db in
            try db.execute(sql: """
                -- Only the events waiting out a retry are indexed by aggregate: the relay's
                -- "skip aggregates in backoff" reads this small index instead of every pending
                -- row, and an event appended (next_attempt_at_ms = 0) writes one index fewer,
                -- per subscriber (a 20,000-row roster import appends 20,000 events).
                DROP INDEX outbox_pending_aggregate;
                CREATE INDEX outbox_pending_backoff ON outbox_pending (subscriber, aggregate_key)
                    WHERE next_attempt_at_ms > 0;
                """)
        }
    }
}

/// Milliseconds since 1970, the unit of every stored time.
public func nowMilliseconds() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}

extension Database {
    /// `execute(sql:arguments:)` through the connection's statement cache: for one statement
    /// that a hot path runs many times in a transaction (each event of a 20,000-graduate
    /// import), compiled once instead of each time.
    public func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try self.cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
