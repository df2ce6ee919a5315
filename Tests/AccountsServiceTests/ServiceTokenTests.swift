import AccountsService
import AuthKit
import GRPCCore
import GraduateProto
import Testing

/// Services exchange the deployment's service secret for a token of their own name.
@Suite("Service tokens")
struct ServiceTokenTests {
    static let secret = "a-service-secret-of-more-than-32-characters"

    static func request(_ service: String, _ secret: String) -> Graduate_Accounts_V1_IssueServiceTokenRequest {
        var request = Graduate_Accounts_V1_IssueServiceTokenRequest()
        request.service = service
        request.secret = secret
        return request
    }

    @Test("the right secret gets a short-lived service token of that name; a wrong secret, an unknown service or no secret configured get none")
    func issue() async throws {
        var settings = AccountsService.Settings()
        settings.serviceSecret = Self.secret
        try await AccountsHarness.run(settings: settings) { harness in
            let issued = try await harness.client.issueServiceToken(Self.request("esigning", Self.secret))
            let key = try await harness.client.getTokenPublicKey(.init()).pem
            let principal = try await TokenVerifier(publicKeyPEM: key).verify(issued.token)
            #expect(principal.kind == .service && principal.subject == "esigning")
            #expect(issued.expiresAtMs > 0)
            await #expect { _ = try await harness.client.issueServiceToken(Self.request("esigning", Self.secret + "x")) } throws: {
                ($0 as? RPCError)?.code == .unauthenticated
            }
            await #expect { _ = try await harness.client.issueServiceToken(Self.request("gateway", Self.secret)) } throws: {
                ($0 as? RPCError)?.code == .invalidArgument
            }
        }
        try await AccountsHarness.run { harness in
            await #expect { _ = try await harness.client.issueServiceToken(Self.request("esigning", "")) } throws: {
                ($0 as? RPCError)?.code == .unavailable
            }
        }
    }
}
