import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ports handed out in this process, never handed out twice.
private let handedOutPorts = Mutex<Set<Int>>([])

/// A loopback port nobody listens on right now, for a process about to be started. Taken below
/// the kernel's ephemeral range — a port bound to 0 and released came from that range, where
/// the next outgoing connection, or the next caller asking, could get the very same number (a
/// gateway was once given the port of another test's RPC server) — and never twice in one process.
public func freePort() throws -> Int {
    let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? "32768 60999"
    let ephemeralStart = range.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
    for _ in 0..<1_000 {
        let port = Int.random(in: 10_000..<max(10_001, ephemeralStart))
        let taken = handedOutPorts.withLock { ports in
            guard !ports.contains(port), canBind(port) else { return false }
            ports.insert(port)
            return true
        }
        if taken { return port }
    }
    throw LaunchFailure("no free loopback port below \(ephemeralStart) after 1,000 tries")
}

/// `count` different free loopback ports (`freePort()` never hands out one twice).
public func freePorts(_ count: Int) throws -> [Int] {
    try (0..<count).map { _ in try freePort() }
}

/// A socket connected to the loopback port, or nil if nothing accepts there; the caller closes it.
public func connectLoopback(port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    let connected = withLoopbackAddress(port: port) { connect(fd, $0, $1) == 0 }
    if connected { return fd }
    close(fd)
    return nil
}

/// Whether something accepts TCP connections on the loopback port.
public func isListening(port: Int) -> Bool {
    guard let fd = connectLoopback(port: port) else { return false }
    close(fd)
    return true
}

/// One plain HTTP/1.1 GET on loopback (a metrics or health page, no HTTP client needed);
/// returns the whole response text, status line and headers included.
public func httpGet(port: Int, path: String) throws -> String {
    guard let fd = connectLoopback(port: port) else { throw POSIXError(.ECONNREFUSED) }
    defer { close(fd) }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        response += buffer[0..<count]
    }
    return String(decoding: response, as: UTF8.self)
}

/// Whether the loopback port can be bound now.
private func canBind(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return withLoopbackAddress(port: port) { bind(fd, $0, $1) == 0 }
}

/// 127.0.0.1:`port` as the `sockaddr` that bind and connect take.
private func withLoopbackAddress<Result>(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
}
