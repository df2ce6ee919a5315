import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Addresses of the people behind a call, as the gateway and the accounts service both need
// them: the gateway to believe a proxy's X-Forwarded-For, accounts to believe the gateway's
// x-client-address and to count failed sign-ins per address.

/// An IPv4 or IPv6 address as its bytes (an IPv4-mapped IPv6 address counts as IPv4).
public struct IPAddress: Equatable, Sendable {
    public var bytes: [UInt8]

    public init?(_ text: String) {
        // A NUL would end the C string early: "1.2.3.4\0junk" must not read as 1.2.3.4.
        guard !text.isEmpty, text.utf8.count <= 45, !text.utf8.contains(0) else { return nil }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            self.bytes = bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] ? Array(bytes.suffix(4)) : bytes
        } else {
            return nil
        }
    }

    /// The key its failures are counted under: an IPv4 address itself, an IPv6 address by
    /// its /64 (one subscriber's usual share, which would otherwise be 2^64 fresh addresses).
    public var throttleKey: String {
        if self.bytes.count == 4 { return self.bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(self.bytes[$0]) << 8 | UInt16(self.bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}

/// Address ranges (`127.0.0.0/8`, `::1`, `10.0.0.0/8`) whose connections may say which
/// address they forward a call for.
public struct TrustedProxies: Sendable {
    private var ranges: [(network: IPAddress, prefix: Int)]

    public struct BadRange: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "'\(self.text)' is not an IP address or CIDR range" }
    }

    /// A comma-separated list of addresses and CIDR ranges; empty trusts no one.
    public init(_ list: String) throws {
        self.ranges = []
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let network = IPAddress(String(parts[0])) else { throw BadRange(text: item) }
            let bits = network.bytes.count * 8
            let prefix: Int
            if parts.count == 2 {
                guard let given = Int(parts[1]), (0...bits).contains(given) else { throw BadRange(text: item) }
                prefix = given
            } else {
                prefix = bits
            }
            self.ranges.append((network, prefix))
        }
    }

    /// Trusts no one.
    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [(network: IPAddress, prefix: Int)]) {
        self.ranges = ranges
    }

    public func contains(_ address: IPAddress) -> Bool {
        self.ranges.contains { range in
            guard range.network.bytes.count == address.bytes.count else { return false }
            var remaining = range.prefix
            for (a, b) in zip(range.network.bytes, address.bytes) where remaining > 0 {
                let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
                if a & mask != b & mask { return false }
                remaining -= 8
            }
            return true
        }
    }

    /// Whether the address in `text` is a trusted proxy's; false for anything not an address.
    public func contains(_ text: String) -> Bool {
        IPAddress(text).map(self.contains) ?? false
    }
}
