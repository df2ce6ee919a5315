import Foundation
public import GRPCCore
#if canImport(Glibc)
import Glibc
#endif

/// The address the person behind a call connects from, for the per-address back-off of
/// sign-in and activation. The gateway, the only door for people, sends the address of its
/// HTTP client as `x-client-address`; that is believed only on a connection from a trusted
/// proxy (`--trusted-proxies`: loopback by default, where run.sh starts the gateway). From
/// anyone else, and when the entry is missing or is not an IP address, the address is the
/// connection's own peer. So a caller that reaches the accounts port directly cannot spread
/// its failures over made-up addresses, nor charge them to someone else's.
public enum ClientAddress {
    /// The call's client address as `IPAddress.throttleKey` has it, set by the interceptor.
    @TaskLocal static var current: String?

    /// The metadata key the gateway sets.
    public static let metadataKey = "x-client-address"

    /// The IP address in a transport peer description (NIO's `[IPv4]host/1.2.3.4:5678`,
    /// `[IPv6]::1:5678`), or nil.
    static func ipAddress(ofPeer peer: String) -> String? {
        guard let close = peer.firstIndex(of: "]") else { return nil }
        var rest = peer[peer.index(after: close)...]
        if let slash = rest.lastIndex(of: "/") { rest = rest[rest.index(after: slash)...] }
        guard let colon = rest.lastIndex(of: ":") else { return nil }
        let address = String(rest[..<colon])
        return IPAddress(address) == nil ? nil : address
    }
}

/// An IPv4 or IPv6 address as its bytes (an IPv4-mapped IPv6 address counts as IPv4).
struct IPAddress: Equatable, Sendable {
    var bytes: [UInt8]

    init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
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
    var throttleKey: String {
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

    func contains(_ address: IPAddress) -> Bool {
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
}

/// Sets `ClientAddress.current` for each call (see `ClientAddress`).
public struct ClientAddressInterceptor: ServerInterceptor {
    private let trusted: TrustedProxies

    public init(trustedProxies: TrustedProxies) {
        self.trusted = trustedProxies
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let peer = ClientAddress.ipAddress(ofPeer: context.remotePeer).flatMap(IPAddress.init)
        var address = peer
        if let peer, self.trusted.contains(peer),
           let claimed = request.metadata[stringValues: ClientAddress.metadataKey].first(where: { _ in true }).flatMap(IPAddress.init) {
            address = claimed
        }
        return try await ClientAddress.$current.withValue(address?.throttleKey ?? "unknown") {
            try await next(request, context)
        }
    }
}
