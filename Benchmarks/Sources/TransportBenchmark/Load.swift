import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GraduateProto
import RPCTransport
import Synchronization

struct LoadResult: Codable {
    var calls: Int
    var seconds: Double
    var callsPerSecond: Double
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var errors: Int
}

/// Drives one server: 1 connection, `concurrency` calls in flight. Without `--rate` it is
/// a closed loop (as fast as it goes: throughput); with `--rate` each worker sends on a
/// fixed schedule and latency counts from the scheduled time, so a stall is not hidden.
struct Load: AsyncParsableCommand {
    @Option var transport: TransportKind
    @Option var port: Int
    @Option var concurrency = 64
    @Option var seconds = 10.0
    @Option var warmupSeconds = 1.0
    @Option(help: "Calls per second in total; omit for as fast as possible.") var rate: Double?

    func run() async throws {
        let result: LoadResult
        switch self.transport {
        case .tcp:
            result = try await self.drive(GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: self.port)))
        case .http2:
            result = try await self.drive(GRPCClient(
                transport: try .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: self.port), transportSecurity: .plaintext)
            ))
        }
        let json = try JSONEncoder().encode(result)
        print(String(decoding: json, as: UTF8.self))
    }

    private func drive<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> LoadResult {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.runConnections() }
            let echo = Graduate_Testing_V1_Echo.Client(wrapping: client)
            var request = Graduate_Testing_V1_EchoRequest()
            request.text = "毕业生就业协议书 benchmark payload"
            request.payload = Data(repeating: 0x5A, count: 64)
            let message = request

            _ = try await self.phase(echo: echo, request: message, seconds: self.warmupSeconds)
            let result = try await self.phase(echo: echo, request: message, seconds: self.seconds)
            client.beginGracefulShutdown()
            try await group.waitForAll()
            return result
        }
    }

    private func phase<Transport: ClientTransport>(
        echo: Graduate_Testing_V1_Echo.Client<Transport>,
        request: Graduate_Testing_V1_EchoRequest,
        seconds: Double
    ) async throws -> LoadResult {
        let start = ContinuousClock.now
        let end = start.advanced(by: .milliseconds(Int64(seconds * 1000)))
        let interval: Duration? = self.rate.map { .nanoseconds(Int64(Double(self.concurrency) / $0 * 1e9)) }
        let perWorker = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<self.concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    latencies.reserveCapacity(200_000)
                    var errors = 0
                    // Spread the workers' schedules over one interval.
                    var scheduled = start.advanced(by: (interval ?? .zero) * Double(worker) / Double(self.concurrency))
                    while true {
                        if let interval {
                            if scheduled > ContinuousClock.now { try await Task.sleep(until: scheduled) }
                        } else {
                            scheduled = ContinuousClock.now
                        }
                        if scheduled >= end { break }
                        do {
                            _ = try await echo.echo(request)
                        } catch {
                            errors += 1
                        }
                        latencies.append((ContinuousClock.now - scheduled).seconds * 1000)
                        if let interval { scheduled = scheduled.advanced(by: interval) }
                    }
                    return (latencies, errors)
                }
            }
            var all: [([Double], Int)] = []
            for try await part in group { all.append(part) }
            return all
        }
        let elapsed = (ContinuousClock.now - start).seconds
        var latencies = perWorker.flatMap(\.0)
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        return LoadResult(
            calls: latencies.count,
            seconds: elapsed,
            callsPerSecond: Double(latencies.count) / elapsed,
            p50Milliseconds: percentile(0.50),
            p99Milliseconds: percentile(0.99),
            errors: perWorker.map(\.1).reduce(0, +)
        )
    }
}
