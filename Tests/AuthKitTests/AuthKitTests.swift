import AuthKit
import EchoService
import Foundation
import GRPCCore
import GraduateProto
import RPCTransport
import Synchronization
import Testing
import TransportTestSupport

/// Records the principal the handler saw, to prove the interceptor handed it on.
struct PrincipalRecorder: ServerInterceptor {
    let recorded: Recorded

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        self.recorded.seen.withLock { $0.append(Principal.current) }
        return try await next(request, context)
    }
}

final class Recorded: Sendable {
    let seen = Mutex<[Principal?]>([])
}

@Suite("Auth kit")
struct AuthKitTests {
    static let staff = Principal(subject: "u1", kind: .staff, role: .schoolAdmin, schoolCode: "10001", modules: ["esigning"])
    static let graduate = Principal(subject: "g1", kind: .graduate, schoolCode: "10001")

    /// Echo/Echo: any staff or graduate; Echo/Fail: school admins only; Echo/Sleep: open.
    private func withProtectedEcho(
        revokedSessions: RevokedSessions = RevokedSessions(),
        _ body: (Graduate_Testing_V1_Echo.Client<TCPClientTransport>, TokenIssuer, Recorded) async throws -> Void
    ) async throws {
        let keys = try TokenKeyPair.generate()
        let issuer = try await TokenIssuer(privateKeyPEM: keys.privateKeyPEM)
        let verifier = try await TokenVerifier(publicKeyPEM: keys.publicKeyPEM)
        let recorded = Recorded()
        let auth = AuthInterceptor(
            verifier: verifier,
            revokedSessions: revokedSessions,
            rules: [
                "graduate.testing.v1.Echo/Echo": .kinds([.staff, .graduate]),
                "graduate.testing.v1.Echo/Fail": .staffRoles([.schoolAdmin]),
                "graduate.testing.v1.Echo/Sleep": .open,
            ],
            allowedBeforePasswordChange: ["graduate.testing.v1.Echo/Echo"]
        )
        let server = GRPCServer(
            transport: TCPServerTransport(host: "127.0.0.1", port: 0),
            services: [EchoService()],
            interceptors: [auth, PrincipalRecorder(recorded: recorded)]
        )
        try await withServerAndClient(server) { client, _ in
            try await body(Graduate_Testing_V1_Echo.Client(wrapping: client), issuer, recorded)
        }
    }

    private func request() -> Graduate_Testing_V1_EchoRequest {
        var request = Graduate_Testing_V1_EchoRequest()
        request.text = "hi"
        return request
    }

    @Test("a valid token passes and its principal reaches the handler")
    func validToken() async throws {
        try await self.withProtectedEcho { echo, issuer, recorded in
            let token = try await issuer.issue(for: Self.staff, lifetime: .seconds(60))
            let response = try await echo.echo(self.request(), metadata: .bearer(token))
            #expect(response.text == "hi")
            #expect(recorded.seen.withLock { $0 } == [Self.staff])
        }
    }

    @Test("no token, a malformed header or garbage are unauthenticated, in Chinese")
    func missingOrMalformedToken() async throws {
        try await self.withProtectedEcho { echo, _, recorded in
            #expect(await rpcCode { _ = try await echo.echo(self.request()) } == .unauthenticated)
            #expect(await rpcCode { _ = try await echo.echo(self.request(), metadata: ["authorization": "Basic abc"]) } == .unauthenticated)
            #expect(await rpcCode { _ = try await echo.echo(self.request(), metadata: .bearer("not.a.jwt")) } == .unauthenticated)
            do {
                _ = try await echo.echo(self.request())
            } catch let error as RPCError {
                #expect(error.message == "未登录或登录已过期，请重新登录")
            }
            #expect(recorded.seen.withLock { $0 }.isEmpty)
        }
    }

    @Test("a token signed with another key is unauthenticated")
    func forgedToken() async throws {
        try await self.withProtectedEcho { echo, _, _ in
            let otherKeys = try TokenKeyPair.generate()
            let forger = try await TokenIssuer(privateKeyPEM: otherKeys.privateKeyPEM)
            let forged = try await forger.issue(for: Self.staff, lifetime: .seconds(60))
            #expect(await rpcCode { _ = try await echo.echo(self.request(), metadata: .bearer(forged)) } == .unauthenticated)
        }
    }

    @Test("an expired token is unauthenticated")
    func expiredToken() async throws {
        try await self.withProtectedEcho { echo, issuer, _ in
            let expired = try await issuer.issue(for: Self.staff, lifetime: .seconds(60), now: Date().addingTimeInterval(-120))
            #expect(await rpcCode { _ = try await echo.echo(self.request(), metadata: .bearer(expired)) } == .unauthenticated)
        }
    }

    @Test("a valid token without the right is permissionDenied")
    func wrongRole() async throws {
        try await self.withProtectedEcho { echo, issuer, _ in
            let graduateToken = try await issuer.issue(for: Self.graduate, lifetime: .seconds(60))
            #expect(await rpcCode { _ = try await echo.fail(self.request(), metadata: .bearer(graduateToken)) } == .permissionDenied)
            var operatorStaff = Self.staff
            operatorStaff.role = .departmentOperator
            let operatorToken = try await issuer.issue(for: operatorStaff, lifetime: .seconds(60))
            #expect(await rpcCode { _ = try await echo.fail(self.request(), metadata: .bearer(operatorToken)) } == .permissionDenied)
            // The right role reaches the handler (which then fails as it always does).
            let adminToken = try await issuer.issue(for: Self.staff, lifetime: .seconds(60))
            #expect(await rpcCode { _ = try await echo.fail(self.request(), metadata: .bearer(adminToken)) } == .unknown)
        }
    }

    @Test("an open method needs no token")
    func openMethod() async throws {
        try await self.withProtectedEcho { echo, _, recorded in
            let response = try await echo.sleep(self.request())
            #expect(response.text == "hi")
            #expect(recorded.seen.withLock { $0 } == [nil])
        }
    }

    @Test("an open method ignores a bad authorization value, and still knows a good token's principal")
    func openMethodIgnoresBadToken() async throws {
        try await self.withProtectedEcho { echo, issuer, recorded in
            let otherKeys = try TokenKeyPair.generate()
            let forged = try await TokenIssuer(privateKeyPEM: otherKeys.privateKeyPEM).issue(for: Self.staff, lifetime: .seconds(60))
            for value in ["Bearer garbage", "Basic abc", "Bearer ", "Bearer \(forged)"] {
                #expect(try await echo.sleep(self.request(), metadata: ["authorization": .string(value)]).text == "hi")
            }
            let token = try await issuer.issue(for: Self.graduate, lifetime: .seconds(60))
            #expect(try await echo.sleep(self.request(), metadata: .bearer(token)).text == "hi")
            #expect(recorded.seen.withLock { $0 } == [nil, nil, nil, nil, Self.graduate])
        }
    }

    @Test("a token that must change its initial password gets only the methods allowed for it, and open ones")
    func mustChangePassword() async throws {
        try await self.withProtectedEcho { echo, issuer, recorded in
            var first = Self.staff
            first.mustChangePassword = true
            let token = try await issuer.issue(for: first, lifetime: .seconds(60))
            do {
                _ = try await echo.fail(self.request(), metadata: .bearer(token))
                Issue.record("a school admin on an initial password reached the handler")
            } catch let error as RPCError {
                #expect(error.code == .permissionDenied)
                #expect(error.message == "请先修改初始密码，修改后才能进行其他操作")
            }
            #expect(recorded.seen.withLock { $0 }.isEmpty)
            #expect(try await echo.echo(self.request(), metadata: .bearer(token)).text == "hi")
            #expect(try await echo.sleep(self.request(), metadata: .bearer(token)).text == "hi")
            #expect(recorded.seen.withLock { $0 } == [first, first])
            // Once changed (a new token), the same account reaches every method its role allows.
            let changed = try await issuer.issue(for: Self.staff, lifetime: .seconds(60))
            #expect(await rpcCode { _ = try await echo.fail(self.request(), metadata: .bearer(changed)) } == .unknown)
        }
    }

    @Test("a principal encoded before the password-change claim existed decodes without it")
    func claimMissingFromOlderTokens() throws {
        let older = #"{"subject":"u1","kind":"staff","role":"schoolAdmin","schoolCode":"10001","modules":["esigning"]}"#
        let principal = try JSONDecoder().decode(Principal.self, from: Data(older.utf8))
        #expect(principal == Self.staff)
        #expect(!principal.mustChangePassword)
    }

    @Test("a token of a revoked session is unauthenticated everywhere, and treated as no token by an open method; other sessions go on")
    func revokedSession() async throws {
        let revoked = RevokedSessions()
        try await self.withProtectedEcho(revokedSessions: revoked) { echo, issuer, recorded in
            var signedOut = Self.staff
            signedOut.sessionID = "session-1"
            var other = Self.staff
            other.sessionID = "session-2"
            let token = try await issuer.issue(for: signedOut, lifetime: .seconds(60))
            let otherToken = try await issuer.issue(for: other, lifetime: .seconds(60))
            #expect(try await echo.echo(self.request(), metadata: .bearer(token)).text == "hi")
            revoked.revoke(["session-1"], until: Int64(Date().timeIntervalSince1970 * 1000) + 60_000)
            #expect(await rpcCode { _ = try await echo.echo(self.request(), metadata: .bearer(token)) } == .unauthenticated)
            #expect(try await echo.sleep(self.request(), metadata: .bearer(token)).text == "hi")
            #expect(try await echo.echo(self.request(), metadata: .bearer(otherToken)).text == "hi")
            #expect(recorded.seen.withLock { $0 } == [signedOut, nil, other])
        }
    }

    @Test("a revocation lasts until the time it was given, and the list forgets the expired as it grows")
    func revocationExpires() {
        let clock = Atomic<Int64>(1_000)
        let revoked = RevokedSessions(now: { clock.load(ordering: .relaxed) })
        revoked.revoke(["a"], until: 2_000)
        #expect(revoked.isRevoked("a"))
        #expect(!revoked.isRevoked("b"))
        #expect(!revoked.isRevoked(nil))
        clock.store(2_000, ordering: .relaxed)
        #expect(!revoked.isRevoked("a"))
        revoked.revoke((0..<2_000).map { "s\($0)" }, until: 3_000)
        #expect(revoked.count == 2_000)
        clock.store(3_000, ordering: .relaxed)
        // Pruned when the list doubles: the 2,000 expired go, the 2,100 live stay.
        revoked.revoke((0..<1_000).map { "t\($0)" }, until: 9_000)
        #expect(revoked.count == 3_000)
        revoked.revoke((1_000..<2_100).map { "t\($0)" }, until: 9_000)
        #expect(revoked.count == 2_100)
        #expect(revoked.isRevoked("t0"))
    }
}
