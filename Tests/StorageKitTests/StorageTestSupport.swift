import Foundation
import GRDB
import GRPCCore
import GraduateProto
import Logging
import RPCTransport
import TransportTestSupport
import StorageKit
import Synchronization

/// A fresh folder under the system temp dir, removed when the test ends.
struct TemporaryDirectory: ~Copyable {
    let path: String

    init() throws {
        self.path = NSTemporaryDirectory() + "storagekit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { self.path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: self.path) }
}

let silentLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// A producer database with the kit's tables and one table of its own.
func openProducer(at path: String, synchronous: SynchronousMode = .full) throws -> DatabasePool {
    try ServiceDatabase.open(path: path, synchronous: synchronous, migrator: Migrations.migrator { migrator in
        migrator.registerMigration("test-1-thing") { db in
            try db.execute(sql: "CREATE TABLE thing (id TEXT PRIMARY KEY, name TEXT NOT NULL)")
        }
    })
}

/// A subscriber database that records every application of an event, duplicates included
/// (no unique key), so a test can see whether anything was applied twice.
func openSubscriber(at path: String) throws -> DatabasePool {
    try ServiceDatabase.open(path: path, synchronous: .normal, migrator: Migrations.migrator { migrator in
        migrator.registerMigration("test-1-applied") { db in
            try db.execute(sql: """
                CREATE TABLE applied (
                    n INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id TEXT NOT NULL,
                    aggregate_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL
                )
                """)
        }
    })
}

func recordApplication(_ event: Event, _ db: Database) throws {
    try db.execute(
        sql: "INSERT INTO applied (event_id, aggregate_id, sequence) VALUES (?, ?, ?)",
        arguments: [event.id, event.aggregateID, Int64(event.sequence)]
    )
}

struct AppliedRow: Equatable {
    var eventID: String
    var aggregateID: String
    var sequence: Int64
}

func appliedRows(_ pool: DatabasePool) throws -> [AppliedRow] {
    try pool.read { db in
        try Row.fetchAll(db, sql: "SELECT event_id, aggregate_id, sequence FROM applied ORDER BY n").map {
            AppliedRow(eventID: $0["event_id"], aggregateID: $0["aggregate_id"], sequence: $0["sequence"])
        }
    }
}

/// Runs an EventSink server over the real TCP transport and a client to it.
func withEventSinkServer<T: Sendable>(
    sink: InboxEventSink,
    _ body: (GRPCClient<TCPClientTransport>) async throws -> T
) async throws -> T {
    let server = GRPCServer(transport: TCPServerTransport(host: "127.0.0.1", port: 0), services: [sink])
    return try await withServerAndClient(server) { client, _ in try await body(client) }
}

/// Polls until `condition` holds or `timeout` passes; returns whether it held. The bound is
/// generous: each delivery is a commit with fsync on both sides, slow on a machine loaded
/// with every other suite, and a passing condition returns at once anyway.
func eventually(timeout: Duration = .seconds(40), _ condition: () async throws -> Bool) async throws -> Bool {
    let end = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < end {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
