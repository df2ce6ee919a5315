import GRPCCore
import GraduateProto
import Hummingbird
import RPCTransport

/// The school's API keys for its 就业管理系统 (`/api/v1/api-keys`), and their exchange for
/// access tokens (`/api/v1/api-key-sessions`).
struct ApiKeysController {
    let accounts: ClientPool
    let limiter: RateLimiter

    private var api: Graduate_Accounts_V1_Accounts.Client<TCPClientTransport> { .init(wrapping: self.accounts.client) }

    struct NewApiKey: Decodable {
        var name: String
    }

    struct ApiKey: Encodable, Sendable {
        var id: String
        var name: String
        var prefix: String
        var createdBy: String
        var createdAt: String
        var revokedAt: String?
        var lastUsedAt: String?

        init(_ key: Graduate_Accounts_V1_ApiKey) {
            self.id = key.id
            self.name = key.name
            self.prefix = key.prefix
            self.createdBy = key.createdBy
            self.createdAt = beijingTime(milliseconds: key.createdAtMs)
            self.revokedAt = key.revokedAtMs == 0 ? nil : beijingTime(milliseconds: key.revokedAtMs)
            self.lastUsedAt = key.lastUsedAtMs == 0 ? nil : beijingTime(milliseconds: key.lastUsedAtMs)
        }
    }

    struct CreatedApiKey: Encodable, Sendable {
        var apiKey: ApiKey
        /// Shown this once; only its hash is kept.
        var key: String
    }

    struct Exchange: Decodable {
        var key: String
    }

    struct AccessToken: Encodable, Sendable {
        var accessToken: String
        var accessExpiresAt: String
    }

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.post("api-keys") { request, context in
            let body = try await JSONBody.decode(NewApiKey.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_CreateApiKeyRequest()
            rpc.name = body.name
            let created = try await forward(request, context) { try await self.api.createApiKey(rpc, metadata: $0) }
            return JSONResponse(value: CreatedApiKey(apiKey: ApiKey(created.apiKey), key: created.key), status: .created)
        }
        group.get("api-keys") { request, context in
            let response = try await forward(request, context) { try await self.api.listApiKeys(.init(), metadata: $0) }
            return JSONResponse(value: ["items": response.apiKeys.map(ApiKey.init)])
        }
        group.post("api-keys/:id/revoke") { request, context in
            var rpc = Graduate_Accounts_V1_RevokeApiKeyRequest()
            rpc.apiKeyID = try context.parameters.require("id")
            let revoked = try await forward(request, context) { try await self.api.revokeApiKey(rpc, metadata: $0) }
            return JSONResponse(value: ApiKey(revoked))
        }
        group.post("api-key-sessions") { request, context in
            try self.limiter.check(context)
            let body = try await JSONBody.decode(Exchange.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_ExchangeApiKeyRequest()
            rpc.key = body.key
            let response = try await forward(request, context) { try await self.api.exchangeApiKey(rpc, metadata: $0) }
            return JSONResponse(
                value: AccessToken(accessToken: response.accessToken, accessExpiresAt: beijingTime(milliseconds: response.accessExpiresAtMs)),
                status: .created
            )
        }
    }
}
