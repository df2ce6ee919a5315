import Foundation
import GRPCCore
import GraduateProto
import ProcessLauncher
import RPCTransport
import Testing

/// archive as a real process beside accounts, esigning and the gateway: esigning delivers a
/// destination to it with a service token from accounts (issue 14).
@Suite("Archive with real processes")
struct ArchiveProcessTests {
    @Test("an agreement approved in esigning reaches archive as the graduate's default receiving unit, though archive was killed -9 meanwhile")
    func destinationBecomesTheDefault() async throws {
        let world = try await SigningWorld.start()
        do {
            let graduate = try await world.graduate(0)
            let offer = try await world.sendOffer(SigningWorld.offer(0))
            let id = try #require(offer["id"] as? String)
            // archive dies hard while the destination is on its way: esigning's outbox keeps it.
            let archive = try #require(world.system.launched.archive)
            archive.killHard()
            let accepted = try await world.act(id, "accept", token: graduate)
            #expect(accepted.status == 200, "\(accepted.text)")
            let approved = try await world.http.send(
                "POST", "/api/v1/agreements/\(id)/school-approve", token: world.admin, headers: ["Idempotency-Key": UUID().uuidString]
            )
            #expect(approved.status == 200 && approved.json["status"] as? String == "effective", "\(approved.text)")
            try archive.restart()
            try await archive.waitUntilListening()

            let record = try await withGRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: archive.port)) { client in
                let api = Graduate_Archive_V1_Archive.Client(wrapping: client)
                var metadata = Metadata()
                metadata.addString("Bearer \(graduate)", forKey: "authorization")
                let end = ContinuousClock.now.advanced(by: .seconds(20))
                // The roster (from accounts) and the destination (from esigning) arrive on their own.
                var record: Graduate_Archive_V1_ArchiveRecord?
                repeat {
                    record = try? await api.getMyArchiveRecord(.init(), metadata: metadata)
                    if record?.suggested.receivingUnitName.isEmpty == false { break }
                    try await Task.sleep(for: .milliseconds(100))
                } while ContinuousClock.now < end
                return record
            }
            let employer = try #require((offer["employer"] as? [String: Any])?["name"] as? String)
            #expect(record?.suggested.receivingUnitName == employer)
            #expect(record?.suggestedFrom == "签约单位：\(employer)")
            #expect(record?.statusName == "未登记")
            let applied = try String(contentsOfFile: world.system.launched.root + "/archive.log", encoding: .utf8)
            #expect(!applied.contains("event not applied"))
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }
}
