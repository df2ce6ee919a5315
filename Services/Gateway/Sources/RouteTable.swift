import Foundation
import Hummingbird

/// The gateway's routes as its OpenAPI document lists them (a test keeps the document and the
/// router equal): which methods a path has, and whether an operation needs a token. Used to
/// answer 405 for a known path with the wrong method, and 401 before a body is read.
struct RouteTable: Sendable {
    struct Operation: Sendable {
        var method: String
        var needsToken: Bool
        /// Its path and query parameters, checked before the generated layer sees them.
        var parameters: [ParameterCheck] = []
        /// It takes a JSON body that may be left out (an action's reason, say).
        var bodyOptional = false
        /// Its body may be a file or a form rather than JSON (a content type other than JSON).
        var takesUploads = false
    }

    struct Path: Sendable {
        /// A literal segment, or nil for a `{parameter}` (named in `parameterNames`).
        var components: [String?]
        var parameterNames: [Int: String]
        var operations: [Operation]
    }

    private let paths: [Path]

    static let fromDocument: RouteTable = {
        guard let document = try? JSONSerialization.jsonObject(with: ServedContract.documentData) as? [String: Any],
              let paths = document["paths"] as? [String: [String: Any]]
        else { return RouteTable(paths: []) }
        let globalSecurity = !((document["security"] as? [Any]) ?? []).isEmpty
        return RouteTable(paths: paths.map { path, operations in
            let shared = (operations["parameters"] as? [[String: Any]] ?? []).compactMap(ParameterCheck.init)
            let components = Self.components(of: path)
            var names: [Int: String] = [:]
            for (index, component) in components.enumerated() where component.hasPrefix("{") {
                names[index] = String(component.dropFirst().dropLast())
            }
            return Path(
                components: components.map { $0.hasPrefix("{") ? nil : $0 },
                parameterNames: names,
                operations: operations.compactMap { method, operation in
                    guard let operation = operation as? [String: Any] else { return nil }
                    let security = operation["security"] as? [Any]
                    let parameters = (operation["parameters"] as? [[String: Any]] ?? []).compactMap(ParameterCheck.init)
                    let body = operation["requestBody"] as? [String: Any]
                    let contentTypes = (body?["content"] as? [String: Any])?.keys ?? [:].keys
                    return Operation(
                        method: method.uppercased(), needsToken: security.map { !$0.isEmpty } ?? globalSecurity,
                        parameters: shared + parameters, bodyOptional: body.map { !($0["required"] as? Bool ?? false) } ?? false,
                        takesUploads: contentTypes.contains { $0 != "application/json" }
                    )
                }
            )
        })
    }()

    private static func components(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// The route the router would pick for `path`, and the values of its `{parameter}`s. Like
    /// the router, each segment prefers a literal over a parameter and never falls back:
    /// `/graduates/template` is the template's route only, never `/graduates/{id}`.
    func route(for path: String) -> (path: Path, values: [String: String])? {
        let components = Self.components(of: path)
        var candidates = self.paths.filter { $0.components.count == components.count }
        for (index, actual) in components.enumerated() {
            let literal = candidates.filter { $0.components[index] == actual }
            candidates = literal.isEmpty ? candidates.filter { $0.components[index] == nil } : literal
        }
        guard let route = candidates.first else { return nil }
        var values: [String: String] = [:]
        for (index, name) in route.parameterNames {
            values[name] = components[index].removingPercentEncoding ?? components[index]
        }
        return (route, values)
    }
}

/// Before a route runs: a known path asked with a method it does not have is 405 (with
/// `Allow`), an operation that needs a token is 401 without one, before its body is read, and
/// its parameters are checked against the contract; the operation rides on in the context.
struct RouteGuardMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let route = self.routes.route(for: request.uri.path) else { return try await next(request, context) }
        let operations = route.path.operations
        let method = request.method == .head ? "GET" : request.method.rawValue
        guard let operation = operations.first(where: { $0.method == method }) else {
            var error = APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "不支持该请求方法", requestID: context.requestID)
            error.allow = operations.map(\.method).sorted().joined(separator: ", ")
            throw error
        }
        if operation.needsToken {
            let authorization = request.headers[.authorization] ?? ""
            guard authorization.hasPrefix("Bearer "), authorization.count > "Bearer ".count else {
                throw APIError(
                    status: .unauthorized, code: "unauthenticated", message: "未登录或登录已过期，请重新登录", requestID: context.requestID
                )
            }
        }
        try Self.checkParameters(of: operation, pathValues: route.values, query: request.uri.queryParameters, context: context)
        // The generated routes' middleware reads the operation from here rather than look it up again.
        var context = context
        context.operation = operation
        return try await next(request, context)
    }

    /// Every declared parameter's value against the contract (an empty query value is no value).
    static func checkParameters(of operation: RouteTable.Operation, pathValues: [String: String], query: Parameters, context: Context) throws {
        for parameter in operation.parameters {
            let value: String? = if parameter.inPath {
                pathValues[parameter.name]
            } else {
                query.getAll(parameter.name).filter { !$0.isEmpty }.joined(separator: ",").nilIfEmpty
            }
            if var refusal = parameter.refusal(of: value) {
                refusal.requestID = context.requestID
                throw refusal
            }
        }
    }
}

extension String {
    var nilIfEmpty: String? { self.isEmpty ? nil : self }
}

/// The outermost middleware: every response — errors too — carries the security headers,
/// and every API response `Cache-Control: no-store` (tokens, rosters with 身份证号, PDFs,
/// exports and scans must not stay in a browser's or a proxy's cache).
struct ResponseHeadersMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy",
         "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        for header in Self.securityHeaders {
            guard let name = HTTPFields.Element.Name(header.name), response.headers[name] == nil else { continue }
            response.headers[name] = header.value
        }
        let path = request.uri.path
        if path.hasPrefix("/api/") || path == "/health" || path == "/alive" {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
