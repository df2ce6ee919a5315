import AuthKit
import ESigningService
import Foundation
import GRPCCore
import GraduateProto
import StorageKit
import SwiftProtobuf
import Testing
import TransportTestSupport

/// E-signing learns of ended sessions from the accounts service's event and refuses their
/// tokens from then on, well before the tokens expire.
@Suite("Revoked sessions in e-signing")
struct SessionRevocationTests {
    @Test("after account.sessions.revoked a session's token is refused; other sessions and a restart's list agree")
    func revokedByEvent() async throws {
        try await ESigningHarness.run { h in
            let signedOut = try await h.token(Principal(
                subject: "admin-10001", kind: .staff, role: .schoolAdmin, schoolCode: "10001", modules: ["esigning"], sessionID: "s-1"
            ))
            let other = try await h.token(Principal(
                subject: "admin-10001", kind: .staff, role: .schoolAdmin, schoolCode: "10001", modules: ["esigning"], sessionID: "s-2"
            ))
            let list: (Metadata) async -> RPCError.Code? = { token in
                await rpcCode { _ = try await h.client.listAgreements(.with { $0.cohort = 2025 }, metadata: token) }
            }
            #expect(await list(signedOut) == nil)
            var revoked = Graduate_Events_V1_SessionsRevoked()
            revoked.accountID = "admin-10001"
            revoked.sessionIds = ["s-1"]
            revoked.untilMs = Int64(Date().timeIntervalSince1970 * 1000) + 15 * 60 * 1000
            revoked.reason = "signedOut"
            try await h.deliver("account.sessions.revoked", aggregate: "account", revoked)
            #expect(await list(signedOut) == .unauthenticated)
            #expect(await list(other) == nil)
            #expect(try await SessionRevocations.load(from: h.pool).isRevoked("s-1"))
        }
    }
}
