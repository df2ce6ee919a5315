import Foundation
import Hummingbird
import Logging

/// The web console: static files (HTML, CSS, ES modules) served from `directory` for every
/// GET that no API route answered. The console calls the same `/api/v1` as everyone else.
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    let files: FileMiddleware<GatewayContext, LocalFileSystem>

    init(directory: String, logger: Logger) {
        // no-cache: the browser revalidates (ETag), so a new release shows at once.
        self.files = FileMiddleware(
            directory, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true, logger: logger
        )
    }

    func handle(
        _ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response
    ) async throws -> Response {
        // The security headers are added to every response by `ResponseHeadersMiddleware`.
        if request.uri.path.hasPrefix("/api/") {
            return try await next(request, context)
        }
        // Browsers and tools ask for /favicon.ico whatever the page links: the console's one
        // icon is favicon.svg (image/svg+xml, which browsers take as an icon at any path).
        if request.uri.path == "/favicon.ico" {
            var head = request.head
            head.path = "/favicon.svg"
            return try await self.files.handle(Request(head: head, body: request.body), context: context, next: next)
        }
        return try await self.files.handle(request, context: context, next: next)
    }
}

/// Where the console's files are: shipped as the gateway's resource bundle (SwiftPM copies
/// `Sources/Console` next to the executable as `GraduateDestinations_Gateway.resources`).
public enum ConsoleFiles {
    public static var bundledDirectory: String? {
        Bundle.module.url(forResource: "Console", withExtension: nil)?.path
    }
}
