import Foundation
import Hummingbird
import Logging

/// The web console: static files (HTML, CSS, ES modules) served from `directory` for every
/// GET that no API route answered. The console calls the same `/api/v1` as everyone else.
/// Every response gets headers that keep a browser from running anything the console
/// did not ship (no inline scripts, no framing, no MIME sniffing).
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    let files: FileMiddleware<GatewayContext, LocalFileSystem>

    init(directory: String, logger: Logger) {
        // no-cache: the browser revalidates (ETag), so a new release shows at once.
        self.files = FileMiddleware(
            directory, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true, logger: logger
        )
    }

    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy",
         "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
    ]

    func handle(
        _ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response
    ) async throws -> Response {
        var response = if request.uri.path.hasPrefix("/api/") {
            try await next(request, context)
        } else {
            try await self.files.handle(request, context: context, next: next)
        }
        for header in Self.securityHeaders {
            guard let name = HTTPFields.Element.Name(header.name), response.headers[name] == nil else { continue }
            response.headers[name] = header.value
        }
        return response
    }
}

/// Where the console's files are: shipped as the gateway's resource bundle (SwiftPM copies
/// `Sources/Console` next to the executable as `GraduateDestinations_Gateway.resources`).
public enum ConsoleFiles {
    public static var bundledDirectory: String? {
        Bundle.module.url(forResource: "Console", withExtension: nil)?.path
    }
}
