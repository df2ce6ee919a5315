import Foundation
@testable import Gateway
import GRPCCore

import Hummingbird
import RPCTransport
import Testing

@Suite("Gateway routes and the OpenAPI document")
struct GatewayRouteTests {
    /// The router exactly as production builds it (its clients are never started here).
    private func router() throws -> Router<GatewayContext> {
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: 1))
        return try makeGatewayRouter(downstreams: Downstreams(accounts: ClientPool(name: "accounts", clients: [client]), esigning: ClientPool(name: "esigning", clients: [client]), archive: ClientPool(name: "archive", clients: [client])))
    }

    private func document() throws -> [String: Any] {
        let data = ServedContract.documentData
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// "GET /api/v1/graduates/{id}", from the router's "/api/v1/graduates/:id".
    private func routerRoutes() throws -> Set<String> {
        Set(try self.router().routes.map { route in
            let path = "\(route.path)".split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            return "\(route.method.rawValue) /" + path.joined(separator: "/")
        })
    }

    private func documentedRoutes() throws -> Set<String> {
        let paths = try #require(try self.document()["paths"] as? [String: [String: Any]])
        return Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
    }

    @Test("every route the gateway serves is in the OpenAPI document, and the document lists no other")
    func routesMatchDocument() throws {
        let served = try self.routerRoutes()
        let documented = try self.documentedRoutes()
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(served.count == 95)
    }

    @Test("the document is OpenAPI 3 and every $ref in it resolves")
    func referencesResolve() throws {
        let document = try self.document()
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let components = try #require(document["components"] as? [String: [String: Any]])
        var references: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String { references.append(reference) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in references {
            let parts = reference.split(separator: "/").map(String.init)
            #expect(parts.count == 4 && components[parts[2]]?[parts[3]] != nil, "unresolved \(reference)")
        }
    }
}
