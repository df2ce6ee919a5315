import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resident memory of a process from /proc/<pid>/status, in MiB: now (VmRSS) and the peak
/// (VmHWM) — what a test bounds and a benchmark reports.
public struct Memory: Sendable {
    public var residentMiB: Double
    public var peakMiB: Double

    /// nil once the process is gone (or where there is no /proc).
    public static func of(pid: Int32) -> Memory? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kilobytes(_ key: String) -> Double? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return nil }
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
        }
        guard let rss = kilobytes("VmRSS"), let hwm = kilobytes("VmHWM") else { return nil }
        return Memory(residentMiB: rss / 1024, peakMiB: hwm / 1024)
    }
}

/// CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat;
/// nil once the process is gone.
public func cpuSeconds(pid: Int32) -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = text.lastIndex(of: ")") else { return nil }
    // After the command name: state is field 3, utime field 14, stime field 15.
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
