import Foundation
import Hummingbird

/// The reverse proxies in front of the gateway whose `X-Forwarded-For` is believed. Behind a
/// proxy every request comes from the proxy's address, so without this all users would share
/// one rate-limit bucket; with it, the client is the right-most address in the header that is
/// not itself a trusted proxy. A header from anyone else is ignored (it is trivially forged).
public struct TrustedProxies: Sendable {
    private let entries: [Entry]

    private enum Entry: Sendable {
        case exact(String)
        /// An IPv4 network: address and prefix length.
        case network(UInt32, Int)
    }

    public static let none = TrustedProxies(entries: [])

    private init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses "10.0.0.5, 10.1.0.0/16, ::1"; nil names the first bad entry.
    public static func parse(_ text: String) -> Result<TrustedProxies, ParseError> {
        var entries: [Entry] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if let slash = item.firstIndex(of: "/") {
                guard let address = Self.ipv4(String(item[..<slash])), let bits = Int(item[item.index(after: slash)...]), (0...32).contains(bits) else {
                    return .failure(ParseError(entry: item))
                }
                entries.append(.network(address, bits))
            } else {
                guard Self.isIPAddress(item) else { return .failure(ParseError(entry: item)) }
                entries.append(.exact(item.lowercased()))
            }
        }
        return .success(TrustedProxies(entries: entries))
    }

    public struct ParseError: Error, Equatable {
        public var entry: String
    }

    func contains(_ address: String) -> Bool {
        let lowered = address.lowercased()
        return self.entries.contains { entry in
            switch entry {
            case .exact(let value):
                return value == lowered
            case .network(let network, let bits):
                guard let ip = Self.ipv4(address) else { return false }
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
                return ip & mask == network & mask
            }
        }
    }

    /// The client's address: `peer` unless it is a trusted proxy, then the right-most entry
    /// of `forwardedFor` (all such headers, in order) that is not a trusted proxy. Entries that
    /// are not IP addresses end the walk, and the last trusted hop is used.
    func clientAddress(peer: String, forwardedFor: [String]) -> String {
        guard self.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard Self.isIPAddress(hop) else { break }
            client = hop
            if !self.contains(hop) { break }
        }
        return client
    }

    static func isIPAddress(_ text: String) -> Bool {
        if Self.ipv4(text) != nil { return true }
        // IPv6: hex digits and colons (and an embedded IPv4 tail), at most 45 characters.
        return text.count <= 45 && text.contains(":")
            && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}

/// Sets the request's client address from a trusted proxy's `X-Forwarded-For`.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    let proxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let forwarded = request.headers[values: .init("X-Forwarded-For")!]
        if !forwarded.isEmpty {
            context.clientAddress = self.proxies.clientAddress(peer: context.clientAddress, forwardedFor: forwarded)
        }
        return try await next(request, context)
    }
}
