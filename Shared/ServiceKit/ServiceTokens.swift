import AuthKit
import Foundation
public import GRPCCore
import GraduateProto
public import RPCTransport

/// A service's own token for its calls to its peers, exchanged with accounts for the
/// deployment's service secret and kept until a minute before it expires.
public actor ServiceTokens {
    private let service: String
    private let secret: String
    private let accounts: Graduate_Accounts_V1_Accounts.Client<TCPClientTransport>
    private var token: (value: String, expiresAtMs: Int64)?

    public init(service: String, secret: String, accounts: GRPCClient<TCPClientTransport>) {
        self.service = service
        self.secret = secret
        self.accounts = .init(wrapping: accounts)
    }

    /// The secret from its file (`--service-secret-file`), else from GRADUATE_SERVICE_SECRET
    /// (a compose file's way), trimmed; nil when neither is set.
    public static func configuredSecret(path: String?) throws -> String? {
        let (secret, source): (String, String)
        if let path {
            (secret, source) = (try String(contentsOfFile: path, encoding: .utf8), path)
        } else if let value = ProcessInfo.processInfo.environment["GRADUATE_SERVICE_SECRET"], !value.isEmpty {
            (secret, source) = (value, "GRADUATE_SERVICE_SECRET")
        } else {
            return nil
        }
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 32 else { throw ServiceTokenError.secretTooShort(source) }
        return trimmed
    }

    /// The `authorization` metadata of a current service token.
    public func metadata() async throws -> Metadata {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        if let token, token.expiresAtMs - now > 60_000 { return .bearer(token.value) }
        var request = Graduate_Accounts_V1_IssueServiceTokenRequest()
        request.service = self.service
        request.secret = self.secret
        let issued = try await self.accounts.issueServiceToken(request)
        self.token = (issued.token, issued.expiresAtMs)
        return .bearer(issued.token)
    }
}

public enum ServiceTokenError: Error, CustomStringConvertible {
    case secretTooShort(String)

    public var description: String {
        switch self {
        case .secretTooShort(let path): "the service secret in \(path) must be at least 32 characters"
        }
    }
}
