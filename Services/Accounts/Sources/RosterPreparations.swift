import Foundation
import GraduateProto
import Synchronization

/// The file each school previewed last, read, with the plans made for it. The console
/// imports the very bytes it previewed a moment before: that import neither reads the file
/// nor plans again (together about a second for 20,000 rows) while the school's roster
/// version stands where the plan was made. Held in memory only, for a few schools and half
/// an hour: losing it costs time, never correctness.
final class RosterPreparations: Sendable {
    typealias Rows = [(row: Int, graduate: ValidRosterRow)]

    struct Plan: Sendable {
        var version: Int64
        var plan: RosterSyncPlan
        var digest: String
    }

    private struct Prepared: Sendable {
        var content: Data
        var rows: Rows
        /// By `key(of:)`: merge and replace, with and without new 院系, plan differently.
        var plans: [String: Plan] = [:]
        var at: ContinuousClock.Instant
    }

    static let capacity = 4
    static let lifetime: Duration = .seconds(30 * 60)
    private let state = Mutex<[String: Prepared]>([:])

    static func key(of request: Graduate_Accounts_V1_ImportRosterRequest) -> String {
        "\(request.mode.rawValue)/\(request.createDepartments)"
    }

    func rows(school: String, content: Data) -> Rows? {
        self.state.withLock { $0[school].flatMap { Self.isFresh($0) && $0.content == content ? $0.rows : nil } }
    }

    func plan(school: String, content: Data, key: String, version: Int64) -> Plan? {
        self.state.withLock { prepared in
            guard let entry = prepared[school], Self.isFresh(entry), entry.content == content,
                  let plan = entry.plans[key], plan.version == version else { return nil }
            return plan
        }
    }

    func remember(school: String, content: Data, rows: Rows) {
        self.state.withLock { prepared in
            prepared[school] = Prepared(content: content, rows: rows, at: .now)
            if prepared.count > Self.capacity, let oldest = prepared.min(by: { $0.value.at < $1.value.at })?.key {
                prepared[oldest] = nil
            }
        }
    }

    func remember(school: String, content: Data, key: String, _ plan: Plan) {
        self.state.withLock { prepared in
            guard prepared[school]?.content == content else { return }
            prepared[school]?.plans[key] = plan
        }
    }

    /// An import done: its plan is spent (the roster moved on), and so is its file.
    func forget(school: String) {
        self.state.withLock { _ = $0.removeValue(forKey: school) }
    }

    private static func isFresh(_ entry: Prepared) -> Bool {
        ContinuousClock.now - entry.at < Self.lifetime
    }
}
