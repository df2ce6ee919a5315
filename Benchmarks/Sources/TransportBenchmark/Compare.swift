import ArgumentParser
import Foundation

/// Runs the whole comparison: for each transport a server process and a client process
/// (this same executable), first flat out, then at half that rate for latency.
struct Compare: AsyncParsableCommand {
    @Option var seconds = 10.0
    @Option var concurrency = 64
    @Option var basePort = 7190

    func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        var rows: [(TransportKind, LoadResult, LoadResult)] = []
        for (index, transport) in TransportKind.allCases.enumerated() {
            let port = self.basePort + index
            let server = Process()
            server.executableURL = URL(fileURLWithPath: executable)
            server.arguments = ["serve", "--transport", transport.rawValue, "--port", "\(port)"]
            try server.run()
            defer { server.terminate(); server.waitUntilExit() }
            try await Task.sleep(for: .milliseconds(700))

            let throughput = try self.load(executable, transport, port: port, rate: nil)
            let latency = try self.load(executable, transport, port: port, rate: throughput.callsPerSecond / 2)
            rows.append((transport, throughput, latency))
            FileHandle.standardError.write(Data("\(transport.rawValue): done\n".utf8))
        }

        print("Echo unary calls, 1 connection × \(self.concurrency) in flight, \(Int(self.seconds)) s per phase, client and server in separate processes on loopback")
        print("")
        print("| transport | calls/s (flat out) | p50 ms @ half rate | p99 ms @ half rate | errors |")
        print("|---|---:|---:|---:|---:|")
        for (transport, throughput, latency) in rows {
            print(String(
                format: "| %@ | %.0f | %.2f | %.2f | %d |",
                transport.title, throughput.callsPerSecond, latency.p50Milliseconds, latency.p99Milliseconds,
                throughput.errors + latency.errors
            ))
        }
        if rows.count == 2 {
            let ours = rows[0], theirs = rows[1]
            print("")
            print(String(format: "throughput ratio (TCP / HTTP/2): %.2f×", ours.1.callsPerSecond / theirs.1.callsPerSecond))
            print(String(format: "p99 at half rate: TCP %.2f ms vs HTTP/2 %.2f ms", ours.2.p99Milliseconds, theirs.2.p99Milliseconds))
        }
    }

    private func load(_ executable: String, _ transport: TransportKind, port: Int, rate: Double?) throws -> LoadResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = [
            "load", "--transport", transport.rawValue, "--port", "\(port)",
            "--concurrency", "\(self.concurrency)", "--seconds", "\(self.seconds)",
        ]
        if let rate { arguments += ["--rate", "\(rate)"] }
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(LoadResult.self, from: data)
    }
}
