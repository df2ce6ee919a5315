import Foundation
import GRPCCore
import GraduateProto
import RPCTransport

/// 接口密钥: a school's API keys for its 就业管理系统 (`/api/v1/api-keys`), and their exchange
/// for access tokens (`/api/v1/api-key-sessions`), on the generated API.
struct ApiKeysHandler<Transport: GRPCCore.ClientTransport> {
    let accounts: ClientPool<Transport>
    let limiter: RateLimiter

    private var api: Graduate_Accounts_V1_Accounts.Client<Transport> { .init(wrapping: self.accounts.client) }

    func list() async throws -> [Components.Schemas.ApiKey] {
        let request = try GatewayRequest.require()
        let response = try await request.forward { try await self.api.listApiKeys(.init(), metadata: $0) }
        return response.apiKeys.map(Components.Schemas.ApiKey.init)
    }

    func create(_ body: Components.Schemas.NewApiKey) async throws -> Components.Schemas.CreatedApiKey {
        var rpc = Graduate_Accounts_V1_CreateApiKeyRequest()
        rpc.name = body.name
        let created = try await GatewayRequest.require().forward { try await self.api.createApiKey(rpc, metadata: $0) }
        return .init(apiKey: .init(created.apiKey), key: created.key)
    }

    func revoke(id: String) async throws -> Components.Schemas.ApiKey {
        var rpc = Graduate_Accounts_V1_RevokeApiKeyRequest()
        rpc.apiKeyID = id
        return .init(try await GatewayRequest.require().forward { try await self.api.revokeApiKey(rpc, metadata: $0) })
    }

    func exchange(_ body: Components.Schemas.ApiKeyExchange) async throws -> Components.Schemas.AccessToken {
        let request = try GatewayRequest.require()
        try self.limiter.check(clientAddress: request.clientAddress)
        var rpc = Graduate_Accounts_V1_ExchangeApiKeyRequest()
        rpc.key = body.key
        let response = try await request.forward { try await self.api.exchangeApiKey(rpc, metadata: $0) }
        return .init(accessToken: response.accessToken, accessExpiresAt: Date(milliseconds: response.accessExpiresAtMs))
    }
}

extension Components.Schemas.ApiKey {
    init(_ key: Graduate_Accounts_V1_ApiKey) {
        self.init(
            id: key.id,
            name: key.name,
            prefix: key.prefix,
            createdBy: key.createdBy,
            createdAt: Date(milliseconds: key.createdAtMs),
            revokedAt: key.revokedAtMs == 0 ? nil : Date(milliseconds: key.revokedAtMs),
            lastUsedAt: key.lastUsedAtMs == 0 ? nil : Date(milliseconds: key.lastUsedAtMs)
        )
    }
}

/// The 接口密钥 operations of the generated API.
extension GatewayAPI {
    func getApiKeys(_ input: Operations.GetApiKeys.Input) async throws -> Operations.GetApiKeys.Output {
        .ok(.init(body: .json(.init(items: try await self.apiKeys.list()))))
    }

    func postApiKeys(_ input: Operations.PostApiKeys.Input) async throws -> Operations.PostApiKeys.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.apiKeys.create(body))))
    }

    func postApiKeysIdRevoke(_ input: Operations.PostApiKeysIdRevoke.Input) async throws -> Operations.PostApiKeysIdRevoke.Output {
        .ok(.init(body: .json(try await self.apiKeys.revoke(id: input.path.id))))
    }

    func postApiKeySessions(_ input: Operations.PostApiKeySessions.Input) async throws -> Operations.PostApiKeySessions.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.apiKeys.exchange(body))))
    }
}
