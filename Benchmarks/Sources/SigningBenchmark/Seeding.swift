import AuthKit
import Foundation
import GRDB
import NIOCore
import ProcessLauncher

/// What seeding made and how long each part took.
struct SeededSchool: Sendable {
    var adminToken: String
    /// Tokens of the employers that send offers in the measured phase.
    var employerTokens: [String]
    var timings: [(String, Double)]
}

/// One graduate of the roster as the benchmark drives it.
struct RosterGraduate: Sendable {
    var id: String
    var idNumber: String
    var name: String
    var department: String
}

struct SettingsInput: Encodable {
    struct SchoolInfo: Encodable {
        var schoolName = TestData.schoolName
        var employmentOffice = "学生就业指导中心"
        var contactName = "李老师"
        var contactPhone = "010-62751234"
        var address = "北京市海淀区示范路1号"
        var postcode = "100871"
        var opinion = "同意该生到贵单位就业。"
    }
    var cohort: Int
    var agreementType = "threeParty"
    var signingOpen = true
    var reviewMode = "schoolOnly"
    var maxResponseDays = 7
    var schoolInfo = SchoolInfo()
}

struct OfferInput: Encodable {
    struct Job: Encodable {
        var jobTitle = "软件开发工程师"
        var workLocation = "北京市海淀区"
        var monthlySalaryYuan = 15000
        var probationMonths = 3
        var contractTerm = "3年"
        var otherTerms = "五险一金，年度体检。"
    }
    var graduateIdNumber: String
    var graduateName: String
    var respondWithinDays = 7
    var job = Job()
}

struct Empty: Encodable {}

/// Seeds one school through the gateway as people would: the platform operator creates it,
/// its admin changes the first password, employers register (multipart, PNG licence) and
/// are approved, 网签 is opened for the cohort, and the roster arrives as one CSV import.
struct Seeder: Sendable {
    let api: GatewayAPI
    let system: LaunchedSystem
    let operatorPassword: String
    let graduates: Int
    let employers: Int
    let cohort: Int
    let propagationTimeout: Duration
    static let employerPassword = "Bench-Employer-2024a"

    func seed(log: (String) -> Void) async throws -> SeededSchool {
        let seedingStart = ContinuousClock.now
        let school = try await self.seedSchool(log: log)
        var timings = school.timings

        let csv = TestData.rosterCSV(count: self.graduates, cohort: self.cohort)
        let importStart = ContinuousClock.now
        try await self.importRoster(csv, adminToken: school.adminToken, expectedWrites: self.graduates)
        let imported = (ContinuousClock.now - importStart).seconds
        timings.append(("roster of \(self.graduates) graduates imported (one CSV, \(csv.count / 1024) KiB)", imported))
        log("  roster of \(self.graduates) graduates imported (one CSV, \(csv.count / 1024) KiB): \(fixed(imported, 2)) s")

        let propagation = try await self.awaitPropagation(probeToken: school.probeToken, lastIndex: self.graduates - 1, expected: self.graduates)
        timings.append(("event propagation: an offer to the last graduate accepted by the API", propagation.offerable))
        log("  event propagation: the last graduate could receive an offer after \(fixed(propagation.offerable, 2)) s")
        timings.append(("event propagation: all \(propagation.counted) graduates counted in esigning", propagation.all))
        log("  event propagation: \(propagation.counted) graduates in esigning's database after \(fixed(propagation.all, 2)) s (\(fixed(Double(propagation.counted) / propagation.all, 0)) graduates/s)")

        let total = (ContinuousClock.now - seedingStart).seconds
        timings.append(("seeding in all", total))
        log("  seeding in all: \(fixed(total, 2)) s")
        return SeededSchool(adminToken: school.adminToken, employerTokens: school.employerTokens, timings: timings)
    }

    /// A school without its roster: the admin, the approved employers (the last of them the
    /// probe) and 网签 open for the cohort.
    struct School {
        var adminToken: String
        var employerTokens: [String]
        var probeToken: String
        var timings: [(String, Double)]
    }

    func seedSchool(log: (String) -> Void) async throws -> School {
        var timings: [(String, Double)] = []
        func timed<T>(_ label: String, _ body: () async throws -> T) async throws -> T {
            let start = ContinuousClock.now
            let value = try await body()
            let seconds = (ContinuousClock.now - start).seconds
            timings.append((label, seconds))
            log("  \(label): \(fixed(seconds, 2)) s")
            return value
        }
        let operatorToken = try await self.api.signIn(kind: "platformOperator", "operator", self.operatorPassword)

        let (adminToken, _) = try await timed("school created, admin's first password changed") {
            struct School: Encodable { var code, name, adminUsername, adminDisplayName: String }
            let created = try await self.api.expect(201, .POST, "/api/v1/schools", json: School(
                code: TestData.schoolCode, name: TestData.schoolName, adminUsername: "admin", adminDisplayName: "张主任"
            ), token: operatorToken)
            guard let initial = created.object["initialPassword"] as? String else { throw BenchmarkFailure("no initialPassword: \(created.text)") }
            let first = try await self.api.signIn(kind: "staff", school: TestData.schoolCode, "admin", initial)
            struct Change: Encodable { var oldPassword, newPassword: String }
            let password = "Bench-Admin-2024a"
            _ = try await self.api.expect(204, .POST, "/api/v1/account/password", json: Change(oldPassword: initial, newPassword: password), token: first)
            return (try await self.api.signIn(kind: "staff", school: TestData.schoolCode, "admin", password), password)
        }

        // Employers 0..<employers send the measured offers; one more (the last) probes
        // whether the roster has reached esigning, and withdraws its probe offer.
        let employerCount = self.employers + 1
        let employerPassword = Self.employerPassword
        try await timed("\(employerCount) employers registered (multipart + PNG licence) and approved") {
            try await withThrowingTaskGroup(of: Void.self) { group in
                let workers = 4
                for worker in 0..<workers {
                    group.addTask {
                        for index in stride(from: worker, to: employerCount, by: workers) {
                            var form = Multipart()
                            let code = TestData.creditCode(index)
                            form.field("creditCode", code)
                            form.field("name", TestData.employerName(index))
                            form.field("nature", "39")
                            form.field("industry", "I")
                            form.field("regionCode", "110108")
                            form.field("address", "北京市海淀区示范路\(index + 1)号")
                            form.field("contactName", "人事部")
                            form.field("contactPhone", "1391000\(String(format: "%04d", index))")
                            form.field("email", "hr\(index + 1)@example.com")
                            form.field("password", employerPassword)
                            form.file("licence", fileName: "营业执照.png", contentType: "image/png", TestData.licencePNG(seed: index))
                            let registered = try await self.api.expect(
                                201, .POST, "/api/v1/employers", body: form.finished(), contentType: form.contentType
                            )
                            guard let id = registered.object["id"] as? String else { throw BenchmarkFailure("no employer id: \(registered.text)") }
                            _ = try await self.api.expect(200, .POST, "/api/v1/employers/\(id)/approve", token: operatorToken)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let tokens = try await timed("\(employerCount) employers signed in (scrypt)") {
            var tokens: [String] = []
            for index in 0..<employerCount {
                tokens.append(try await self.api.signIn(kind: "employer", TestData.creditCode(index), employerPassword))
            }
            return tokens
        }
        let probeToken = tokens[self.employers]

        try await timed("signing settings for \(self.cohort)届 saved (schoolOnly, 7 days; retried until the school reached esigning)") {
            _ = try await self.retryWhileSyncing("PUT /api/v1/signing-settings", timeout: self.propagationTimeout) {
                try await self.api.send(.PUT, "/api/v1/signing-settings", json: SettingsInput(cohort: self.cohort), token: adminToken)
            }
        }

        return School(adminToken: adminToken, employerTokens: Array(tokens.prefix(self.employers)), probeToken: probeToken, timings: timings)
    }

    /// One roster import as the console makes it: the preview, then the import of exactly the
    /// previewed plan. Fails unless the file had no error row and wrote `expectedWrites` graduates.
    @discardableResult
    func importRoster(
        _ csv: [UInt8], adminToken: String, expectedWrites: Int, between: () -> Void = {}
    ) async throws -> (previewSeconds: Double, applySeconds: Double) {
        let body = ByteBuffer(bytes: csv)
        let previewStart = ContinuousClock.now
        let preview = try await self.api.expect(200, .POST, "/api/v1/graduates/import-previews?createDepartments=true", body: body, contentType: "text/csv", token: adminToken)
        let previewSeconds = (ContinuousClock.now - previewStart).seconds
        guard let digest = preview.object["planDigest"] as? String, (preview.object["errorCount"] as? Int) == 0 else {
            let errors = preview.object["errors"].flatMap { try? JSONSerialization.data(withJSONObject: $0) }.map { String(decoding: $0, as: UTF8.self) }
            throw BenchmarkFailure("roster preview: \(preview.object["errorCount"] ?? "?") error rows, e.g. \(errors?.prefix(500) ?? "none")")
        }
        between()
        let applyStart = ContinuousClock.now
        let reply = try await self.api.expect(
            200, .POST, "/api/v1/graduates/imports?createDepartments=true&expectedPlanDigest=\(digest)", body: body, contentType: "text/csv", token: adminToken
        )
        let applySeconds = (ContinuousClock.now - applyStart).seconds
        let imported = reply.object["imported"] as? Int ?? -1
        guard imported == expectedWrites, (reply.object["errorCount"] as? Int) == 0 else {
            throw BenchmarkFailure("roster import: \(imported) imported (expected \(expectedWrites)), \(reply.text.prefix(500))")
        }
        return (previewSeconds, applySeconds)
    }

    /// The roster reaches esigning through the accounts outbox relay: an offer to graduate
    /// `lastIndex` is refused until that graduate is there (the probe offer is then withdrawn);
    /// then `expected` graduates are counted in esigning's database (read-only). Seconds from now.
    func awaitPropagation(probeToken: String, lastIndex: Int, expected: Int) async throws -> (offerable: Double, all: Double, counted: Int) {
        let start = ContinuousClock.now
        let probe = try await self.retryWhileSyncing("probe offer to graduate \(lastIndex)", timeout: self.propagationTimeout) {
            try await self.api.send(.POST, "/api/v1/offers", json: OfferInput(
                graduateIdNumber: TestData.idNumber(lastIndex), graduateName: TestData.name(lastIndex)
            ), token: probeToken)
        }
        let offerable = (ContinuousClock.now - start).seconds
        let counted = try await self.waitForGraduatesInESigning(expected, timeout: self.propagationTimeout)
        let all = (ContinuousClock.now - start).seconds
        let probeID = try probe.decode(AgreementSummary.self).id
        _ = try await self.api.expect(200, .POST, "/api/v1/agreements/\(probeID)/withdraw", token: probeToken)
        return (offerable, all, counted)
    }

    /// Retries a call while esigning answers "not there yet" (404 not found, 409 failed
    /// precondition), up to `timeout`; any other failure stops the benchmark.
    func retryWhileSyncing(_ what: String, timeout: Duration, _ call: () async throws -> Reply) async throws -> Reply {
        let end = ContinuousClock.now.advanced(by: timeout)
        while true {
            let reply = try await call()
            if (200..<300).contains(reply.status) { return reply }
            guard reply.status == 404 || reply.status == 409, ContinuousClock.now < end else {
                throw BenchmarkFailure("\(what): \(reply.status) \(reply.text.prefix(300))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Polls esigning's projection of the roster until it holds every graduate.
    func waitForGraduatesInESigning(_ expected: Int, timeout: Duration) async throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: self.system.esigningDataDirectory + "/esigning.sqlite", configuration: configuration)
        let end = ContinuousClock.now.advanced(by: timeout)
        while true {
            let count = try await queue.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM graduate WHERE school_code = ? AND removed = 0", arguments: [TestData.schoolCode]) ?? 0
            }
            if count >= expected { return count }
            guard ContinuousClock.now < end else { throw BenchmarkFailure("only \(count) of \(expected) graduates reached esigning within \(timeout)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// The graduates' access tokens, minted with the accounts service's private key (sign-in
/// with scrypt is deliberately not part of what is measured).
struct TokenMint {
    let issuer: TokenIssuer

    init(accountsDataDirectory: String) async throws {
        let pem = try String(contentsOfFile: accountsDataDirectory + "/accounts-token-private.pem", encoding: .utf8)
        self.issuer = try await TokenIssuer(privateKeyPEM: pem)
    }

    func graduateToken(_ graduate: RosterGraduate, lifetime: Duration) async throws -> String {
        let principal = Principal(subject: graduate.id, kind: .graduate, schoolCode: TestData.schoolCode, displayName: graduate.name)
        return try await self.issuer.issue(for: principal, lifetime: lifetime)
    }
}

/// Every graduate of the cohort, as `GET /api/v1/graduates` pages them (200 a page).
func listGraduates(api: GatewayAPI, adminToken: String, cohort: Int) async throws -> [RosterGraduate] {
    struct Page: Decodable {
        struct Item: Decodable { var id: String; var idNumber: String; var name: String; var department: String }
        var items: [Item]
        var total: Int
        var nextPageToken: String?
    }
    var graduates: [RosterGraduate] = []
    var token: String?
    repeat {
        var path = "/api/v1/graduates?cohort=\(cohort)&pageSize=200"
        if let token { path += "&pageToken=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token) }
        let page = try await api.expect(200, .GET, path, token: adminToken).decode(Page.self)
        graduates += page.items.map { RosterGraduate(id: $0.id, idNumber: $0.idNumber, name: $0.name, department: $0.department) }
        token = page.nextPageToken
    } while token != nil
    return graduates
}
