import AuthKit
import Crypto
import Foundation
import GRDB
import GraduateDomain
public import GRPCCore
public import GraduateProto
import ServiceKit
import StorageKit

/// API keys of a school for its 就业管理系统: created (shown once), listed, revoked, and
/// exchanged for short-lived access tokens.
extension AccountsService {
    static let apiKeyTokenLifetime: Duration = .seconds(5 * 60)

    public func createApiKey(
        request: Graduate_Accounts_V1_CreateApiKeyRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_CreateApiKeyResponse {
        let (principal, school) = try self.callerSchool()
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 50 else { throw RPCError.invalid(field: "name", "请填写密钥名称（最多50字）") }
        if let problem = DisplayText.problem(in: name) { throw RPCError.invalid(field: "name", "密钥名称\(problem)") }
        let key = "gk_" + SecureRandom.urlSafeToken(bytes: 30)
        let id = UUID().uuidString.lowercased()
        let apiKey = try await self.pool.write { db in
            let createdBy = try String.fetchOne(db, sql: "SELECT display_name FROM account WHERE id = ?", arguments: [principal.subject]) ?? ""
            try db.execute(
                sql: "INSERT INTO api_key (id, school_code, name, key_hash, prefix, created_by, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, school, name, Self.apiKeyHash(key), String(key.prefix(10)), createdBy, nowMilliseconds()]
            )
            return try Self.apiKeys(db, school: school, id: id).first!
        }
        var response = Graduate_Accounts_V1_CreateApiKeyResponse()
        response.apiKey = apiKey
        response.key = key
        return response
    }

    public func listApiKeys(
        request: Graduate_Accounts_V1_ListApiKeysRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ListApiKeysResponse {
        let (_, school) = try self.callerSchool()
        var response = Graduate_Accounts_V1_ListApiKeysResponse()
        response.apiKeys = try await self.pool.read { db in try Self.apiKeys(db, school: school, id: nil) }
        return response
    }

    public func revokeApiKey(
        request: Graduate_Accounts_V1_RevokeApiKeyRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ApiKey {
        let (_, school) = try self.callerSchool()
        return try await self.pool.write { db in
            guard let key = try Self.apiKeys(db, school: school, id: request.apiKeyID).first else { throw RPCError.notFound("密钥不存在") }
            guard key.revokedAtMs == 0 else { throw RPCError.wrongState("该密钥已吊销") }
            try db.execute(sql: "UPDATE api_key SET revoked_at_ms = ? WHERE id = ?", arguments: [nowMilliseconds(), key.id])
            // The tokens the key was exchanged for stop working with it.
            try self.endSessions(
                [Self.apiKeySession(key.id)], of: "api-key:\(key.id)", because: .apiKeyRevoked,
                tokensLiveFor: Self.apiKeyTokenLifetime.milliseconds, in: db
            )
            return try Self.apiKeys(db, school: school, id: key.id).first!
        }
    }

    public func exchangeApiKey(
        request: Graduate_Accounts_V1_ExchangeApiKeyRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ExchangeApiKeyResponse {
        let hash = Self.apiKeyHash(request.key)
        let found = try await self.pool.write { db -> (id: String, school: String)? in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT id, school_code FROM api_key WHERE key_hash = ? AND revoked_at_ms IS NULL", arguments: [hash]
            ) else { return nil }
            try db.execute(sql: "UPDATE api_key SET last_used_at_ms = ? WHERE id = ?", arguments: [nowMilliseconds(), row["id"] as String])
            return (row["id"], row["school_code"])
        }
        guard let found else { throw RPCError.unauthenticated("密钥无效或已吊销") }
        let principal = Principal(
            subject: "api-key:\(found.id)", kind: .employmentSystem, schoolCode: found.school, sessionID: Self.apiKeySession(found.id)
        )
        var response = Graduate_Accounts_V1_ExchangeApiKeyResponse()
        response.accessToken = try await self.issuer.issue(for: principal, lifetime: Self.apiKeyTokenLifetime)
        response.accessExpiresAtMs = nowMilliseconds() + Self.apiKeyTokenLifetime.milliseconds
        return response
    }

    /// The session of every token a key is exchanged for: revoking the key ends them.
    static func apiKeySession(_ keyID: String) -> String { "api-key/\(keyID)" }

    static func apiKeyHash(_ key: String) -> Data {
        Data(SHA256.hash(data: Array(key.utf8)))
    }

    static func apiKeys(_ db: Database, school: String, id: String?) throws -> [Graduate_Accounts_V1_ApiKey] {
        try Row.fetchAll(
            db,
            sql: "SELECT * FROM api_key WHERE school_code = ? AND (? IS NULL OR id = ?) ORDER BY created_at_ms",
            arguments: [school, id, id]
        ).map { row in
            var key = Graduate_Accounts_V1_ApiKey()
            key.id = row["id"]
            key.name = row["name"]
            key.prefix = row["prefix"]
            key.createdBy = row["created_by"]
            key.createdAtMs = row["created_at_ms"]
            key.revokedAtMs = row["revoked_at_ms"] ?? 0
            key.lastUsedAtMs = row["last_used_at_ms"] ?? 0
            return key
        }
    }
}
