public import GRPCCore

/// Who may call a method.
public enum AccessRule: Sendable {
    /// No token needed (health checks, sign-in).
    case open
    /// Any valid token.
    case authenticated
    /// A valid token of one of these kinds.
    case kinds(Set<Principal.Kind>)
    /// A staff token with one of these roles.
    case staffRoles(Set<Principal.StaffRole>)
    /// Any one of these rules.
    indirect case anyOf([AccessRule])

    func allows(_ principal: Principal) -> Bool {
        switch self {
        case .open, .authenticated: true
        case .kinds(let kinds): kinds.contains(principal.kind)
        case .staffRoles(let roles): principal.kind == .staff && principal.role.map(roles.contains) == true
        case .anyOf(let rules): rules.contains { $0.allows(principal) }
        }
    }
}

/// Checks the caller's token (`authorization: Bearer …`) on every call and makes its
/// principal `Principal.current` for the handler. Missing, malformed, forged or expired
/// tokens get `unauthenticated`; a valid token without the right gets `permissionDenied`.
/// Finer checks (school, department scope, module) belong to the handler that owns the data.
/// A token whose principal must still change its initial password gets `permissionDenied`
/// for every method that needs a token except `allowedBeforePasswordChange`. A token of a
/// revoked session (`revokedSessions`) is treated as no token.
public struct AuthInterceptor: ServerInterceptor {
    private let verifier: TokenVerifier
    private let revokedSessions: RevokedSessions
    private let rules: [String: AccessRule]
    private let defaultRule: AccessRule
    private let allowedBeforePasswordChange: Set<String>

    /// - Parameters:
    ///   - rules: by fully qualified method ("grpc.health.v1.Health/Check").
    ///   - defaultRule: for methods not listed; `authenticated` unless said otherwise.
    ///   - allowedBeforePasswordChange: fully qualified methods an account that must change
    ///     its initial password may still call (the accounts service's password change and
    ///     "who am I"); none in other services. Open methods need no token and stay open.
    ///   - revokedSessions: the service's list of sessions signed out or otherwise ended.
    public init(
        verifier: TokenVerifier,
        revokedSessions: RevokedSessions,
        rules: [String: AccessRule],
        defaultRule: AccessRule = .authenticated,
        allowedBeforePasswordChange: Set<String> = []
    ) {
        self.verifier = verifier
        self.revokedSessions = revokedSessions
        self.rules = rules.merging(["grpc.health.v1.Health/Check": .open, "grpc.health.v1.Health/Watch": .open]) { mine, _ in mine }
        self.defaultRule = defaultRule
        self.allowedBeforePasswordChange = allowedBeforePasswordChange
    }

    static let unauthenticatedMessage = "未登录或登录已过期，请重新登录"
    static let permissionDeniedMessage = "无权执行此操作"
    public static let passwordChangeRequiredMessage = "请先修改初始密码，修改后才能进行其他操作"

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let rule = self.rules[context.descriptor.fullyQualifiedMethod] ?? self.defaultRule
        let token = Self.bearerToken(in: request.metadata)
        if case .open = rule {
            // An open method (health, the token public key, sign-in) ignores a bad token
            // rather than refusing the call; a good one still tells the handler who asks.
            guard let token, let principal = try? await self.verify(token) else {
                return try await next(request, context)
            }
            return try await Principal.$current.withValue(principal) {
                try await next(request, context)
            }
        }
        guard let token else {
            throw RPCError(code: .unauthenticated, message: Self.unauthenticatedMessage)
        }
        let principal: Principal
        do {
            principal = try await self.verify(token)
        } catch {
            throw RPCError(code: .unauthenticated, message: Self.unauthenticatedMessage)
        }
        guard rule.allows(principal) else {
            throw RPCError(code: .permissionDenied, message: Self.permissionDeniedMessage)
        }
        if principal.mustChangePassword, !self.allowedBeforePasswordChange.contains(context.descriptor.fullyQualifiedMethod) {
            throw RPCError(code: .permissionDenied, message: Self.passwordChangeRequiredMessage)
        }
        return try await Principal.$current.withValue(principal) {
            try await next(request, context)
        }
    }

    /// The token's principal: signed by accounts, unexpired, and of a session not revoked.
    private func verify(_ token: String) async throws -> Principal {
        let principal = try await self.verifier.verify(token)
        guard !self.revokedSessions.isRevoked(principal.sessionID) else { throw TokenRejected(reason: "session revoked") }
        return principal
    }

    static func bearerToken(in metadata: Metadata) -> String? {
        guard let value = metadata[stringValues: "authorization"].first(where: { _ in true }) else { return nil }
        let prefix = "Bearer "
        guard value.hasPrefix(prefix), value.count > prefix.count else { return nil }
        return String(value.dropFirst(prefix.count))
    }
}

extension Metadata {
    /// Metadata carrying `token` the way `AuthInterceptor` reads it.
    public static func bearer(_ token: String) -> Metadata {
        ["authorization": "Bearer \(token)"]
    }
}
