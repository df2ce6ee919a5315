import Crypto
import Foundation
import RPCTransport
public import GRDB
import GRPCCore
public import SwiftProtobuf

/// Commands carry an `idempotency-key`; the first execution's response is stored in the
/// same transaction as its effect, and a retry with the same key gets that response back
/// instead of acting twice. The same key with a different request is refused.
public enum IdempotencyKeys {
    /// Runs `command` once per (scope, key). `scope` separates callers (the principal) and
    /// methods, so keys of different users never collide.
    public static func perform<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        key: String?,
        scope: String,
        request: Request,
        in db: Database,
        command: (Database) throws -> Response
    ) throws -> Response {
        guard let key, !key.isEmpty else { return try command(db) }
        guard key.count <= 200 else {
            throw RPCError(code: .invalidArgument, message: "idempotency-key: longer than 200 characters")
        }
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        let requestBytes: [UInt8] = try request.serializedBytes(options: options)
        let requestHash = Data(SHA256.hash(data: requestBytes))
        if let row = try Row.fetchOne(
            db,
            sql: "SELECT request_hash, response FROM idempotency_key WHERE scope = ? AND key = ?",
            arguments: [scope, key]
        ) {
            guard (row["request_hash"] as Data) == requestHash else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "idempotency-key: 该幂等键已用于另一个不同的请求"
                )
            }
            return try Response(serializedBytes: row["response"] as Data)
        }
        let response = try command(db)
        try db.execute(
            sql: "INSERT INTO idempotency_key (scope, key, request_hash, response, created_at_ms) VALUES (?, ?, ?, ?, ?)",
            arguments: [scope, key, requestHash, try response.serializedBytes() as Data, nowMilliseconds()]
        )
        return response
    }

    /// Forgets keys older than `age` (a retry comes within minutes, not days).
    public static func purge(olderThan age: Duration, in db: Database) throws {
        let cutoff = nowMilliseconds() - Int64(age.seconds * 1000)
        try db.execute(sql: "DELETE FROM idempotency_key WHERE created_at_ms < ?", arguments: [cutoff])
    }
}
