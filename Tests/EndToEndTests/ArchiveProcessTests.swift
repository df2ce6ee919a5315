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

    /// 档案/户口信息 as a graduate's form sends it.
    static let values: [String: String] = [
        "transferType": "01", "receivingUnitName": "上海示范科技有限公司", "receivingUnitRegion": "310115",
        "receivingUnitAddress": "上海市浦东新区世纪大道100号", "receivingUnitPostcode": "200120", "receivingUnitContact": "李老师",
        "receivingUnitPhone": "13800138000", "transferMethod": "02", "migratesHukou": "1", "hukouMigrationType": "02",
        "hukouRegion": "310115", "hukouAddress": "世纪大道100号", "policeStation": "浦东新区陆家嘴派出所",
    ]

    @Test("through the gateway: an application refused, resubmitted and approved, archive killed -9 between the steps; nothing lost, no event applied twice")
    func refusedResubmittedApproved() async throws {
        let world = try await SigningWorld.start()
        do {
            let http = world.http
            let graduate = try await world.graduate(0)
            let archive = try #require(world.system.launched.archive)
            let opened = try await http.send("PUT", "/api/v1/archive-settings", json: [
                "cohort": 2027, "registrationOpen": true, "reviewMode": "schoolOnly",
            ], token: world.admin)
            #expect(opened.status == 200, "\(opened.text)")
            // The graduate reaches archive through accounts' events: retried until it has.
            var submitted = try await http.send("POST", "/api/v1/archive-applications", json: ["values": Self.values], token: graduate)
            let end = ContinuousClock.now.advanced(by: .seconds(20))
            while submitted.status == 404, ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(200))
                submitted = try await http.send("POST", "/api/v1/archive-applications", json: ["values": Self.values], token: graduate)
            }
            #expect(submitted.status == 201, "\(submitted.text)")
            let id = try #require(submitted.json["id"] as? String)

            // A step answered before the crash is kept: killed right after the refusal.
            let refused = try await http.send(
                "POST", "/api/v1/archive-applications/\(id)/school-reject", json: ["reason": "接收单位地址与来函不一致"], token: world.admin
            )
            #expect(refused.status == 200 && refused.json["statusName"] as? String == "审核不通过", "\(refused.text)")
            archive.killHard()
            try archive.restart()
            try await archive.waitUntilListening()

            var corrected = Self.values
            corrected["receivingUnitAddress"] = "上海市浦东新区世纪大道200号"
            let again = try await http.send("POST", "/api/v1/archive-applications", json: ["values": corrected], token: graduate)
            #expect(again.status == 201, "\(again.text)")
            // The refused application is the one resubmitted, back under review.
            let second = try #require(again.json["id"] as? String)
            #expect(second == id)
            archive.killHard()
            try archive.restart()
            try await archive.waitUntilListening()
            let approved = try await http.send("POST", "/api/v1/archive-applications/\(second)/school-approve", json: [:], token: world.admin)
            #expect(approved.status == 200 && approved.json["statusName"] as? String == "审核通过", "\(approved.text)")

            let record = try await http.send("GET", "/api/v1/archive-record", token: graduate)
            #expect(record.json["statusName"] as? String == "已登记", "\(record.text)")
            let application = try await http.send("GET", "/api/v1/archive-applications/\(id)", token: world.admin)
            let steps = (application.json["history"] as? [[String: Any]] ?? []).compactMap { $0["actionName"] as? String }
            #expect(steps == ["提交申请", "学校审核不通过", "修改后重新提交", "学校审核通过"], "\(application.text)")
            // One graduate, one roster event applied once, whatever the relay redelivered.
            let applied = try String(contentsOfFile: world.system.launched.root + "/archive.log", encoding: .utf8)
            #expect(!applied.contains("event not applied"))
            let statistics = try await http.send("GET", "/api/v1/archive-statistics?cohort=2027", token: world.admin)
            let total = try #require((statistics.json["rows"] as? [[String: Any]])?.first)
            #expect(total["registered"] as? Int == 1 && total["underReview"] as? Int == 0, "\(statistics.text)")
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }
}
