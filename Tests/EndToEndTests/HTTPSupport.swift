import Foundation
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

/// The accounts service, the e-signing service (when asked for) and the gateway as real
/// processes on loopback, with a fresh data folder. Without e-signing, accounts and the
/// gateway are pointed at a port nobody listens on, never at another system's default port.
final class RunningSystem: @unchecked Sendable {
    let dataDirectory: String
    let accounts: ServiceProcess
    let esigning: ServiceProcess?
    let gateway: ServiceProcess
    let http: HTTPClient
    static let operatorPassword = "Operator-Pass-2024"

    /// `signInPerMinute` is the gateway's most by default: tests that make many sign-ins or
    /// activations in a row (answered in a few ms once a captcha is required) outrun less.
    init(
        accessTokenSeconds: Int = 900, signInPerMinute: Int = 100_000, esigning: Bool = false, esigningArguments: [String] = [],
        gatewayArguments: [String] = [], accountsArguments: [String] = []
    ) async throws {
        self.dataDirectory = NSTemporaryDirectory() + "system-" + UUID().uuidString
        let accountsPort = try freePort()
        let esigningPort = try freePort()
        let gatewayPort = try freePort()
        self.accounts = try ServiceProcess("accounts", port: accountsPort, arguments: [
            "--data-dir", self.dataDirectory, "--operator-password", Self.operatorPassword,
            "--access-token-seconds", "\(accessTokenSeconds)", "--esigning-address", "127.0.0.1:\(esigningPort)",
        ] + accountsArguments)
        try await self.accounts.waitUntilListening()
        if esigning {
            let service = try ServiceProcess("esigning", port: esigningPort, arguments: [
                "--data-dir", self.dataDirectory, "--accounts-address", "127.0.0.1:\(accountsPort)",
                "--public-url", "http://127.0.0.1:\(gatewayPort)",
            ] + esigningArguments)
            try await service.waitUntilListening()
            self.esigning = service
        } else {
            self.esigning = nil
        }
        self.gateway = try ServiceProcess("gateway", port: gatewayPort, arguments: [
            "--accounts-address", "127.0.0.1:\(accountsPort)", "--esigning-address", "127.0.0.1:\(esigningPort)",
            "--sign-in-per-minute", "\(signInPerMinute)",
        ] + gatewayArguments)
        try await self.gateway.waitUntilListening()
        self.http = HTTPClient(base: "http://127.0.0.1:\(gatewayPort)")
    }

    func stop() async {
        _ = await self.gateway.terminate()
        if let esigning = self.esigning { _ = await esigning.terminate() }
        _ = await self.accounts.terminate()
        try? FileManager.default.removeItem(atPath: self.dataDirectory)
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
