/// What the benchmark has of its own around the processes it starts (ProcessLauncher starts,
/// stops and measures them): its failures, and durations as the numbers it prints.

/// A benchmark step that did not go as it must (a refused request, a count that is off).
struct BenchmarkFailure: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { self.message }
}

extension Duration {
    var seconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
    var milliseconds: Double { self.seconds * 1000 }
}
