public import Foundation
import JWTKit

/// The claims of an access token (a JWT signed with Ed25519 by the accounts service).
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var jti: IDClaim
    var iss: IssuerClaim
    var principal: Principal

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try self.exp.verifyNotExpired()
        guard self.iss.value == TokenIssuer.issuer else {
            throw JWTError.claimVerificationFailure(failedClaim: self.iss, reason: "unexpected issuer")
        }
    }
}

/// A token check that failed; the interceptor answers `unauthenticated` without details.
public struct TokenRejected: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "token rejected: \(self.reason)" }
}

/// Signs access tokens. Only the accounts service holds the private key.
public struct TokenIssuer: Sendable {
    static let issuer = "graduate-accounts"
    private let keys: JWTKeyCollection

    public init(privateKeyPEM: String) async throws {
        self.keys = JWTKeyCollection()
        await self.keys.add(eddsa: try EdDSA.PrivateKey(pem: privateKeyPEM))
    }

    /// A token for `principal`, valid for `lifetime` from `now`.
    public func issue(for principal: Principal, lifetime: Duration, now: Date = Date()) async throws -> String {
        let claims = AccessClaims(
            sub: SubjectClaim(value: principal.subject),
            exp: ExpirationClaim(value: now.addingTimeInterval(Double(lifetime.components.seconds))),
            iat: IssuedAtClaim(value: now),
            jti: IDClaim(value: UUID().uuidString.lowercased()),
            iss: IssuerClaim(value: Self.issuer),
            principal: principal
        )
        return try await self.keys.sign(claims)
    }
}

/// Verifies access tokens with the accounts service's public key; every service has one.
public struct TokenVerifier: Sendable {
    private let keys: JWTKeyCollection

    public init(publicKeyPEM: String) async throws {
        self.keys = JWTKeyCollection()
        await self.keys.add(eddsa: try EdDSA.PublicKey(pem: publicKeyPEM))
    }

    public func verify(_ token: String) async throws -> Principal {
        do {
            let claims = try await self.keys.verify(token, as: AccessClaims.self)
            return claims.principal
        } catch {
            throw TokenRejected(reason: "\(error)")
        }
    }
}

/// The token-signing key pair, as PEM text.
public struct TokenKeyPair: Sendable {
    public var privateKeyPEM: String
    public var publicKeyPEM: String

    public init(privateKeyPEM: String, publicKeyPEM: String) {
        self.privateKeyPEM = privateKeyPEM
        self.publicKeyPEM = publicKeyPEM
    }

    public static func generate() throws -> TokenKeyPair {
        let key = try EdDSA.PrivateKey(curve: .ed25519)
        return TokenKeyPair(privateKeyPEM: key.pemRepresentation, publicKeyPEM: key.publicKey.pemRepresentation)
    }
}
