public import GRPCCore
public import GraduateProto
import Synchronization

/// The Echo test service (proto/graduate/testing/v1/echo.proto). It records what tests
/// need to see from the server side: handlers that observed cancellation.
public final class EchoService: Graduate_Testing_V1_Echo.ServiceProtocol, Sendable {
    public typealias Request = Graduate_Testing_V1_EchoRequest
    public typealias Response = Graduate_Testing_V1_EchoResponse

    private let startedSleeps = Atomic<Int>(0)
    private let cancelledSleeps = Atomic<Int>(0)
    private let finishedSleeps = Atomic<Int>(0)

    public init() {}

    /// Sleep handlers that began waiting.
    public var startedSleepCount: Int { self.startedSleeps.load(ordering: .relaxed) }
    /// Sleep handlers that stopped because their call was cancelled (deadline, client, shutdown).
    public var cancelledSleepCount: Int { self.cancelledSleeps.load(ordering: .relaxed) }
    /// Sleep handlers that ran to the end of their delay.
    public var finishedSleepCount: Int { self.finishedSleeps.load(ordering: .relaxed) }

    private static func reply(to message: Request, metadata: Metadata) -> Response {
        var response = Response()
        response.text = message.text
        response.payload = message.payload
        response.requestID = metadata[stringValues: "x-request-id"].first(where: { _ in true }) ?? ""
        return response
    }

    public func echo(request: ServerRequest<Request>, context: ServerContext) async throws -> ServerResponse<Response> {
        ServerResponse(message: Self.reply(to: request.message, metadata: request.metadata))
    }

    public func sleep(request: ServerRequest<Request>, context: ServerContext) async throws -> ServerResponse<Response> {
        self.startedSleeps.add(1, ordering: .relaxed)
        do {
            try await Task.sleep(for: .milliseconds(Int(request.message.delayMs)))
        } catch {
            self.cancelledSleeps.add(1, ordering: .relaxed)
            throw error
        }
        self.finishedSleeps.add(1, ordering: .relaxed)
        return ServerResponse(message: Self.reply(to: request.message, metadata: request.metadata))
    }

    /// An error GRPCCore does not know: it must reach the caller as `unknown`, with none of
    /// this text.
    struct InternalFailure: Error, CustomStringConvertible {
        var description: String { "SECRET internal detail: /var/lib/db.sqlite row 42" }
    }

    public func fail(request: ServerRequest<Request>, context: ServerContext) async throws -> ServerResponse<Response> {
        throw InternalFailure()
    }

    public func expand(
        request: ServerRequest<Request>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Response> {
        StreamingServerResponse { writer in
            for word in request.message.text.split(separator: " ") {
                var response = Response()
                response.text = String(word)
                try await writer.write(response)
            }
            return [:]
        }
    }

    public func collect(
        request: StreamingServerRequest<Request>,
        context: ServerContext
    ) async throws -> ServerResponse<Response> {
        var words: [String] = []
        for try await message in request.messages {
            words.append(message.text)
        }
        var response = Response()
        response.text = words.joined(separator: " ")
        return ServerResponse(message: response)
    }
}
