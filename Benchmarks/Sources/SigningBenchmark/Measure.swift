import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The three requests of one agreement, in order.
enum Step: Int, CaseIterable, Sendable {
    case offer, accept, approve

    var title: String {
        switch self {
        case .offer: "POST /offers (employer)"
        case .accept: "POST /agreements/{id}/accept (graduate)"
        case .approve: "POST /agreements/{id}/school-approve (admin)"
        }
    }
}

/// Percentiles of a set of latencies in milliseconds.
struct Percentiles: Sendable {
    var count: Int
    var p50, p90, p99, maximum, mean: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        /// Nearest rank: the smallest value with at least p of all values at or below it.
        func at(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
        }
        self.count = sorted.count
        self.p50 = at(0.50)
        self.p90 = at(0.90)
        self.p99 = at(0.99)
        self.maximum = sorted.last ?? 0
        self.mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
    }
}

struct MeasuredRun: Sendable {
    var wallSeconds: Double
    var approved: Int
    var attempted: Int
    var errors: [Step: Int]
    var firstErrors: [String]
    var latencies: [Step: Percentiles]
    var overall: Percentiles
}

/// The first errors of a concurrent phase, kept to print (at most 10).
final class ErrorLog: Sendable {
    private let lines = Mutex<[String]>([])

    func add(_ line: String) { self.lines.withLock { if $0.count < 10 { $0.append(line) } } }
    var first: [String] { self.lines.withLock { $0 } }
}

/// The queue position and how many items are done, shared by the clients of `runClients`.
final class ClientQueue: Sendable {
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
}

/// `clients` concurrent clients take the items `0..<count` from one shared queue, each with
/// its own `State` (its latencies, its counts) that `work` updates; reports progress every
/// 5 s. Returns every client's state and the wall time.
func runClients<State: Sendable>(
    count: Int,
    clients: Int,
    initial: @escaping @Sendable () -> State,
    progress: @escaping @Sendable (Int, Double) -> Void,
    work: @escaping @Sendable (Int, inout State) async -> Void
) async throws -> (states: [State], wallSeconds: Double) {
    let queue = ClientQueue()
    let start = ContinuousClock.now
    let states = try await withThrowingTaskGroup(of: State?.self) { group in
        group.addTask {
            // Progress every 5 s until every item has been taken and finished.
            while queue.done.load(ordering: .relaxed) < count {
                try? await Task.sleep(for: .seconds(5))
                if Task.isCancelled { break }
                progress(queue.done.load(ordering: .relaxed), (ContinuousClock.now - start).seconds)
            }
            return nil
        }
        for _ in 0..<clients {
            group.addTask {
                var state = initial()
                while true {
                    let index = queue.next.add(1, ordering: .relaxed).oldValue
                    guard index < count else { break }
                    await work(index, &state)
                    queue.done.add(1, ordering: .relaxed)
                }
                return state
            }
        }
        var all: [State] = []
        for try await state in group {
            if let state { all.append(state) }
            if all.count == clients { group.cancelAll() }
        }
        return all
    }
    return (states, (ContinuousClock.now - start).seconds)
}

/// One request, timed: the answer when it is `expected`, else the line that says what came back.
func timedCall(
    _ api: GatewayAPI, _ method: HTTPMethod, _ path: String, body: ByteBuffer, contentType: String = "application/json",
    token: String, expected: Int
) async -> (reply: Reply?, milliseconds: Double, error: String?) {
    let sent = ContinuousClock.now
    do {
        let reply = try await api.send(method, path, body: body, contentType: contentType, token: token)
        let elapsed = (ContinuousClock.now - sent).milliseconds
        guard reply.status == expected else { return (nil, elapsed, reply.summary(method, path)) }
        return (reply, elapsed, nil)
    } catch {
        return (nil, (ContinuousClock.now - sent).milliseconds, "\(method.rawValue) \(path) → \(error)")
    }
}

/// The measured phase: `clients` concurrent clients take graduates from one shared queue;
/// for each, an employer (round-robin) sends an offer, the graduate accepts it, and the
/// school admin approves it. Every request's latency is recorded.
struct SigningLoad {
    let api: GatewayAPI
    let clients: Int
    let employerTokens: [String]
    let adminToken: String
    let graduates: [RosterGraduate]
    let graduateTokens: [String]

    func run(progress: @escaping @Sendable (Int, Double) -> Void) async throws -> MeasuredRun {
        let log = ErrorLog()
        let accept = ByteBuffer(string: "{}")

        struct ClientResult: Sendable {
            var latencies: [[Double]] = Array(repeating: [], count: Step.allCases.count)
            var errors: [Int] = Array(repeating: 0, count: Step.allCases.count)
            var approved = 0
            var attempted = 0
        }

        let perClient = self.graduates.count / max(1, self.clients) + 1
        let (results, wall) = try await runClients(
            count: self.graduates.count, clients: self.clients,
            initial: {
                var result = ClientResult()
                for step in Step.allCases { result.latencies[step.rawValue].reserveCapacity(perClient) }
                return result
            },
            progress: progress
        ) { index, result in
            func fail(_ step: Step, _ message: String) {
                result.errors[step.rawValue] += 1
                log.add(message)
            }
            /// One request, timed; nil (and an error counted) unless it answers `expected`.
            func call(_ step: Step, _ method: HTTPMethod, _ path: String, body: ByteBuffer, token: String, expected: Int) async -> Reply? {
                let (reply, milliseconds, error) = await timedCall(self.api, method, path, body: body, token: token, expected: expected)
                result.latencies[step.rawValue].append(milliseconds)
                if let error { fail(step, error) }
                return reply
            }
            result.attempted += 1
            let graduate = self.graduates[index]
            let offer = OfferInput(graduateIdNumber: graduate.idNumber, graduateName: graduate.name)
            let body: ByteBuffer
            do { body = ByteBuffer(bytes: try JSONEncoder().encode(offer)) } catch { fail(.offer, "encoding: \(error)"); return }
            let employer = self.employerTokens[index % self.employerTokens.count]
            guard let offered = await call(.offer, .POST, "/api/v1/offers", body: body, token: employer, expected: 201) else { return }
            guard let id = try? offered.decode(AgreementSummary.self).id else {
                fail(.offer, "no agreement id in " + offered.text.prefix(200))
                return
            }
            guard let accepted = await call(
                .accept, .POST, "/api/v1/agreements/\(id)/accept", body: accept, token: self.graduateTokens[index], expected: 200
            ) else { return }
            if let status = try? accepted.decode(AgreementSummary.self).status, status != "acceptedAwaitingSchool" {
                fail(.accept, "accept left the agreement \(status)")
                return
            }
            guard let approved = await call(
                .approve, .POST, "/api/v1/agreements/\(id)/school-approve", body: accept, token: self.adminToken, expected: 200
            ) else { return }
            guard (try? approved.decode(AgreementSummary.self).status) == "effective" else {
                fail(.approve, "approval did not make the agreement effective: " + approved.text.prefix(200))
                return
            }
            result.approved += 1
        }
        var latencies: [Step: Percentiles] = [:]
        var errors: [Step: Int] = [:]
        var everything: [Double] = []
        for step in Step.allCases {
            let values = results.flatMap { $0.latencies[step.rawValue] }
            everything += values
            latencies[step] = Percentiles(values)
            errors[step] = results.map { $0.errors[step.rawValue] }.reduce(0, +)
        }
        return MeasuredRun(
            wallSeconds: wall,
            approved: results.map(\.approved).reduce(0, +),
            attempted: results.map(\.attempted).reduce(0, +),
            errors: errors,
            firstErrors: log.first,
            latencies: latencies,
            overall: Percentiles(everything)
        )
    }
}

/// Times one read-only request `calls` times in a row after the run (sequential: the
/// latency one staff member sees on a quiet system).
func timeQuery(api: GatewayAPI, path: String, token: String, calls: Int) async throws -> (Percentiles, bytes: Int) {
    var values: [Double] = []
    var bytes = 0
    // One call first, not counted, so the connection and SQLite's page cache are warm.
    _ = try await api.expect(200, .GET, path, token: token)
    for _ in 0..<calls {
        let sent = ContinuousClock.now
        let reply = try await api.expect(200, .GET, path, token: token)
        values.append((ContinuousClock.now - sent).milliseconds)
        bytes = reply.body.readableBytes
    }
    return (Percentiles(values), bytes)
}
