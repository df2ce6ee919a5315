import Foundation
public import GRPCCore
public import ServiceKit

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
