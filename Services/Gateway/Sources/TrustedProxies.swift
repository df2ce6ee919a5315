import Foundation
import Hummingbird
import ServiceKit

extension TrustedProxies {
    /// The client's address behind the gateway's reverse proxies: `peer` unless it is a
    /// trusted proxy, then the right-most entry of `forwardedFor` (all such headers, in order)
    /// that is not a trusted proxy. Behind a proxy every request comes from the proxy's
    /// address, so without this all users would share one rate-limit bucket; a header from
    /// anyone else is ignored (it is trivially forged). Entries that are not IP addresses end
    /// the walk, and the last trusted hop is used.
    func clientAddress(peer: String, forwardedFor: [String]) -> String {
        guard self.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard IPAddress(hop) != nil else { break }
            client = hop
            if !self.contains(hop) { break }
        }
        return client
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
