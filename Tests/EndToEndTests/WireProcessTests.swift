import Foundation
import GRPCCore
import GraduateProto
import ProcessLauncher
import SwiftProtobuf
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What an outside peer did to real service processes (issue 10), done again.
@Suite("The wire against real processes", .serialized)
struct WireProcessTests {
    /// Resident memory of a process, from /proc.
    private func residentMegabytes(_ pid: Int32) -> Double {
        Memory.of(pid: pid)?.residentMiB ?? 0
    }

    /// One Echo call's bytes (headers, message, end of stream), length prefixes included.
    private func echoCall(stream: UInt32) throws -> [UInt8] {
        var request = Graduate_Testing_V1_EchoRequest()
        request.text = "pipelined call \(stream)"
        var headers = Graduate_Rpc_V1_Frame()
        headers.streamID = stream
        headers.requestHeaders.method = "graduate.testing.v1.Echo/Echo"
        var message = Graduate_Rpc_V1_Frame()
        message.streamID = stream
        message.message = try request.serializedBytes()
        var end = Graduate_Rpc_V1_Frame()
        end.streamID = stream
        end.endOfStream = Graduate_Rpc_V1_EndOfStream()
        return try self.wireBytes([headers, message, end])
    }

    /// Frames with their 4-byte length prefixes.
    private func wireBytes(_ frames: [Graduate_Rpc_V1_Frame]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for frame in frames {
            let body: [UInt8] = try frame.serializedBytes()
            withUnsafeBytes(of: UInt32(body.count).bigEndian) { bytes += $0 }
            bytes += body
        }
        return bytes
    }

    @Test("a client that pipelines 300,000 calls and reads no answer leaves the server under +50 MB, and it serves others meanwhile")
    func neverReadingClient() async throws {
        let port = try freePort()
        let server = try ServiceProcess("echo-test-server", port: port)
        try await server.waitUntilListening()
        let pid = server.pid
        // Warm up so the baseline includes the runtime's first allocations.
        for _ in 0..<3 { _ = try await self.healthCheck(port: port) }
        let baseline = self.residentMegabytes(pid)

        guard let fd = connectLoopback(port: port) else { throw POSIXError(.ECONNREFUSED) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var calls: [UInt8] = []
        for index in 0..<300_000 { calls += try self.echoCall(stream: UInt32(index * 2 + 1)) }
        // Write what the server takes; stop once it has taken nothing for two seconds (it
        // stopped reading, as it should) or everything is written.
        var offset = 0
        var peak = baseline
        var lastProgress = ContinuousClock.now
        while offset < calls.count, ContinuousClock.now - lastProgress < .seconds(2) {
            let written = calls[offset...].withUnsafeBytes { write(fd, $0.baseAddress, min($0.count, 1 << 16)) }
            if written > 0 {
                offset += written
                lastProgress = .now
            } else {
                try await Task.sleep(for: .milliseconds(20))
                peak = max(peak, self.residentMegabytes(pid))
            }
        }
        peak = max(peak, self.residentMegabytes(pid))
        print("never-reading client: wrote \(offset / 1024) KiB of \(calls.count / 1024) KiB; server RSS \(Int(baseline)) MB → peak \(Int(peak)) MB")
        #expect(peak - baseline < 50, "server grew from \(baseline) MB to \(peak) MB")
        #expect(offset < calls.count, "the server read every call without the client reading an answer")
        // Another client is served while that one stalls.
        #expect(try await self.healthCheck(port: port))
        close(fd)
        try await Task.sleep(for: .seconds(1))
        let after = self.residentMegabytes(pid)
        print("after the connection closed: \(Int(after)) MB")
        #expect(after - baseline < 50)
        #expect(try await self.healthCheck(port: port))
        #expect(await server.terminate() == 0)
    }

    /// A Health/Check on a fresh raw connection; true when it says SERVING.
    private func healthCheck(port: Int) async throws -> Bool {
        guard let fd = connectLoopback(port: port) else { return false }
        defer { close(fd) }
        var headers = Graduate_Rpc_V1_Frame()
        headers.streamID = 1
        headers.requestHeaders.method = "grpc.health.v1.Health/Check"
        var message = Graduate_Rpc_V1_Frame()
        message.streamID = 1
        message.message = Data()
        var end = Graduate_Rpc_V1_Frame()
        end.streamID = 1
        end.endOfStream = Graduate_Rpc_V1_EndOfStream()
        let bytes = try self.wireBytes([headers, message, end])
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Three frames come back: headers, the SERVING message (1a 02 08 01), the status.
        while !received.contains(subsequence: [0x1a, 0x02, 0x08, 0x01]) {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { return false }
            received += buffer[0..<count]
        }
        return true
    }

    @Test("SIGTERM while 64 clients write through the gateway: esigning exits 0 and keeps every acknowledged write")
    func shutdownUnderLoad() async throws {
        let system = try await RunningSystem(esigning: true)
        let http = system.http
        let admin = try await system.makeSchool("10042", name: "关停测试大学")
        // esigning learns of the school by event: the first write waits for that.
        _ = try await eventually("esigning knows the school") {
            let reply = try await http.send("POST", "/api/v1/warning-employers", json: [
                "creditCode": testCreditCode("91110108MA9000000"), "employerName": "关停测试公司0", "reason": "测试",
            ], token: admin)
            return reply.status == 201 ? reply : nil
        }
        let acknowledged = AcknowledgedCodes()
        acknowledged.add(testCreditCode("91110108MA9000000"))
        let clients = (0..<64).map { client in
            Task {
                for round in 0..<1_000 {
                    let code = testCreditCode("91110108MA" + String(format: "%02d%05d", 10 + client, round))
                    guard let reply = try? await http.send("POST", "/api/v1/warning-employers", json: [
                        "creditCode": code, "employerName": "关停测试公司\(client)-\(round)", "reason": "测试",
                    ], token: admin) else { continue }
                    if reply.status == 201 { acknowledged.add(code) }
                    if reply.status >= 500, acknowledged.stopped { return }
                }
            }
        }
        try await Task.sleep(for: .seconds(2))
        let esigning = try #require(system.esigning)
        let status = await esigning.terminate()
        acknowledged.stop()
        for client in clients { _ = await client.value }
        #expect(status == 0, "esigning exited \(status): \(esigning.log().suffix(2000))")
        #expect(!esigning.log().contains("Fatal error"))
        let written = acknowledged.codes
        print("acknowledged before SIGTERM: \(written.count) warning employers")
        #expect(written.count > 64)

        try esigning.restart()
        try await esigning.waitUntilListening()
        let listed = try await eventually("esigning answers again") {
            let reply = try await http.send("GET", "/api/v1/warning-employers?pageSize=1", token: admin)
            return reply.status == 200 ? reply : nil
        }
        let total = listed.json["total"] as? Int ?? -1
        #expect(total >= written.count, "\(written.count) acknowledged, \(total) kept")
        await system.stop()
    }
}

/// Credit codes the gateway answered 201 for, from many tasks.
final class AcknowledgedCodes: @unchecked Sendable {
    private let lock = NSLock()
    private var set: Set<String> = []
    private var isStopped = false

    func add(_ code: String) { self.lock.withLock { _ = self.set.insert(code) } }
    func stop() { self.lock.withLock { self.isStopped = true } }
    var stopped: Bool { self.lock.withLock { self.isStopped } }
    var codes: Set<String> { self.lock.withLock { self.set } }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= self.count else { return false }
        for start in 0...(self.count - subsequence.count) where self[start..<(start + subsequence.count)].elementsEqual(subsequence) {
            return true
        }
        return false
    }
}
