import Foundation
import ProcessLauncher
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small JSON-over-HTTP client for the end-to-end tests.
struct HTTPClient: Sendable {
    var base: String

    struct Reply: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String] = [:]
        var text: String { String(decoding: self.body, as: UTF8.self) }
        func header(_ name: String) -> String? { self.headers.first { $0.key.lowercased() == name.lowercased() }?.value }
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: self.body)) as? [String: Any]) ?? [:] }
        var error: [String: Any] { self.json["error"] as? [String: Any] ?? [:] }
        var errorCode: String? { self.error["code"] as? String }
        var errorField: String? { self.error["field"] as? String }
    }

    func send(
        _ method: String,
        _ path: String,
        json: Any? = nil,
        raw: Data? = nil,
        contentType: String = "application/json",
        token: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: self.base + path)!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let raw {
            request.httpBody = raw
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var replyHeaders: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] { replyHeaders["\(name)"] = "\(value)" }
        return Reply(status: http?.statusCode ?? 0, body: data, headers: replyHeaders)
    }

    func signIn(kind: String, school: String? = nil, _ identifier: String, _ password: String) async throws -> Reply {
        var body: [String: Any] = ["kind": kind, "identifier": identifier, "password": password]
        if let school { body["schoolCode"] = school }
        return try await self.send("POST", "/api/v1/sessions", json: body)
    }
}

/// A `LaunchedSystem` for one test: the executables of this build, a fresh folder under the
/// temporary directory (its databases removed by `stop`, its logs kept), e-signing only when
/// asked for, and an HTTP client to the gateway.
final class RunningSystem: Sendable {
    let launched: LaunchedSystem
    let http: HTTPClient
    static let operatorPassword = "Operator-Pass-2024"

    var dataDirectory: String { self.launched.root }
    var accounts: ServiceProcess { self.launched.accounts }
    var esigning: ServiceProcess? { self.launched.esigning }
    var gateway: ServiceProcess { self.launched.gateway }

    /// `signInPerMinute` is the gateway's most by default: tests that make many sign-ins or
    /// activations in a row (answered in a few ms once a captcha is required) outrun less.
    init(
        accessTokenSeconds: Int = 900, signInPerMinute: Int = 100_000, esigning: Bool = false, esigningArguments: [String] = [],
        gatewayArguments: [String] = [], accountsArguments: [String] = []
    ) async throws {
        self.launched = try await LaunchedSystem.start(
            binDirectory: binaryDirectory(), root: NSTemporaryDirectory() + "system-" + UUID().uuidString,
            operatorPassword: Self.operatorPassword, esigning: esigning, accessTokenSeconds: accessTokenSeconds,
            signInPerMinute: signInPerMinute, accountsArguments: accountsArguments, esigningArguments: esigningArguments,
            gatewayArguments: gatewayArguments
        )
        self.http = HTTPClient(base: self.launched.gatewayURL)
    }

    func stop() async {
        await self.launched.stop()
        for folder in [self.launched.accountsDataDirectory, self.launched.esigningDataDirectory] {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Creates a school and returns its admin's access token (after the first password change).
    func makeSchool(_ code: String, name: String) async throws -> String {
        let operatorToken = try await self.http.signIn(kind: "platformOperator", "operator", Self.operatorPassword).json["accessToken"] as! String
        let created = try await self.http.send(
            "POST", "/api/v1/schools", json: ["code": code, "name": name, "adminUsername": "admin"], token: operatorToken
        )
        precondition(created.status == 201, "school not created: \(String(decoding: created.body, as: UTF8.self))")
        return try await self.firstSignIn(school: code, "admin", created.json["initialPassword"] as! String)
    }

    /// Signs in with an initial password, sets a new one, and returns a fresh access token.
    func firstSignIn(school: String, _ username: String, _ initialPassword: String) async throws -> String {
        let first = try await self.http.signIn(kind: "staff", school: school, username, initialPassword)
        let token = first.json["accessToken"] as! String
        let changed = try await self.http.send(
            "POST", "/api/v1/account/password", json: ["oldPassword": initialPassword, "newPassword": "Changed-\(username)-2024"], token: token
        )
        precondition(changed.status == 204, "password not changed: \(String(decoding: changed.body, as: UTF8.self))")
        return try await self.http.signIn(kind: "staff", school: school, username, "Changed-\(username)-2024").json["accessToken"] as! String
    }
}

/// A roster CSV: the template's header and one row per graduate, valid unless broken on purpose.
enum DemoRoster {
    static let header = "院系,专业,学历,考生号,姓名,身份证号,学号,性别,届别,毕业时间,学制,培养方式,定向/委培单位,生源所在地,手机号"
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    /// The current 届别 (this year's graduates, next year's after August, Beijing time): the
    /// service refuses the parties' destination changes after 31 August of the graduation year.
    static let cohort: Int = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month], from: Date())
        return parts.year! + (parts.month! > 8 ? 1 : 0)
    }()

    static func idNumber(_ index: Int) -> String {
        let first17 = "1101052001" + String(format: "%02d%02d%03d", 1 + index % 12, 1 + index % 28, index % 1000)
        let sum = zip(first17.compactMap(\.wholeNumberValue), Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }

    static func csv(count: Int, departments: [String] = ["计算机学院"], breakRow: Int? = nil) -> Data {
        var lines = [Self.header]
        for index in 0..<count {
            let id = index == breakRow ? String(Self.idNumber(index).dropLast()) + "0" : Self.idNumber(index)
            let fixed = index == breakRow && id == Self.idNumber(index) ? String(id.dropLast()) + "1" : id
            lines.append("\(departments[index % departments.count]),软件工程,本科,2411010115\(String(format: "%04d", index)),学生\(index),\(fixed),S\(index),,\(Self.cohort),\(Self.cohort)06,4,非定向,,110105,")
        }
        return Data(("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
