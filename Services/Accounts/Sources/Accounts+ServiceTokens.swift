import AuthKit
import Crypto
import Foundation
public import GRPCCore
public import GraduateProto
import Logging
import ServiceKit
import StorageKit

/// Service tokens: the services other than accounts sign nothing, so they exchange the
/// deployment's service secret for a short-lived token of their own name, for the calls they
/// make to each other (esigning delivering destinations to archive, say).
extension AccountsService {
    static let servicesWithTokens: Set<String> = ["esigning", "archive", "confirmation", "messaging"]
    static let serviceTokenLifetime: Duration = .seconds(300)

    public func issueServiceToken(
        request: Graduate_Accounts_V1_IssueServiceTokenRequest, context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ServiceToken {
        guard !self.settings.serviceSecret.isEmpty else {
            throw RPCError(code: .unavailable, message: "服务密钥尚未配置（--service-secret-file）")
        }
        guard Self.servicesWithTokens.contains(request.service) else { throw RPCError.invalid(field: "service", "未知的服务") }
        // Digests compared, not the secrets: the comparison takes the same time wherever they differ.
        guard SHA256.hash(data: Data(request.secret.utf8)) == SHA256.hash(data: Data(self.settings.serviceSecret.utf8)) else {
            self.logger.warning("service token refused: wrong secret", metadata: ["service": "\(request.service)"])
            throw RPCError.unauthenticated("服务密钥错误")
        }
        let principal = Principal(subject: request.service, kind: .service, displayName: request.service)
        var token = Graduate_Accounts_V1_ServiceToken()
        token.token = try await self.issuer.issue(for: principal, lifetime: Self.serviceTokenLifetime)
        token.expiresAtMs = nowMilliseconds() + Self.serviceTokenLifetime.milliseconds
        return token
    }
}
