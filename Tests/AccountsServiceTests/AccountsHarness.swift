import AccountsService
import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import Logging
import RPCTransport
import ServiceKit
import StorageKit
import TransportTestSupport

typealias AccountsClient = Graduate_Accounts_V1_Accounts.Client<TCPClientTransport>
typealias EmployersClient = Graduate_Accounts_V1_Employers.Client<TCPClientTransport>

/// A real accounts service on a temporary database, over TCP, with the auth interceptor.
struct AccountsHarness {
    var client: AccountsClient
    var employers: EmployersClient
    var service: AccountsService
    var pool: DatabasePool
    var operatorPassword: String

    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func run<T: Sendable>(
        settings: AccountsService.Settings = AccountsService.Settings(),
        trustedProxies: String = "127.0.0.0/8,::1",
        _ body: (AccountsHarness) async throws -> T
    ) async throws -> T {
        let directory = NSTemporaryDirectory() + "accounts-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pool = try AccountsService.openDatabase(path: directory + "/accounts.sqlite", synchronous: .normal)
        let keys = try TokenKeyFiles.loadOrCreate(directory: directory)
        let rpc = try await AccountsServer.build(
            pool: pool, outbox: Outbox(source: "accounts", subscribers: ["test-subscriber"]), keys: keys, settings: settings,
            trustedProxies: try TrustedProxies(trustedProxies), cheapPasswordHashingForTests: true, logger: Self.silent
        )
        let service = rpc.service
        let operatorPassword = "Operator-Pass-1"
        _ = try await service.ensurePlatformOperator(username: "operator", password: operatorPassword)
        let server = GRPCServer(
            transport: TCPServerTransport(host: "127.0.0.1", port: 0),
            services: rpc.services,
            interceptors: [RequestContextInterceptor(logger: Self.silent)] + rpc.interceptors
        )
        return try await withServerAndClient(server) { client, _ in
            try await body(AccountsHarness(
                client: AccountsClient(wrapping: client), employers: EmployersClient(wrapping: client), service: service, pool: pool, operatorPassword: operatorPassword))
        }
    }

    func signIn(
        _ kind: Graduate_Accounts_V1_AccountKind,
        school: String = "",
        _ identifier: String,
        _ password: String
    ) async throws -> Graduate_Accounts_V1_SignInResponse {
        var request = Graduate_Accounts_V1_SignInRequest()
        request.kind = kind
        request.schoolCode = school
        request.identifier = identifier
        request.password = password
        return try await self.client.signIn(request)
    }

    func operatorToken() async throws -> Metadata {
        .bearer(try await self.signIn(.platformOperator, "operator", self.operatorPassword).accessToken)
    }

    /// Creates a school and returns its admin's initial password.
    func createSchool(code: String, name: String) async throws -> String {
        var request = Graduate_Accounts_V1_CreateSchoolRequest()
        request.code = code
        request.name = name
        request.adminUsername = "admin"
        return try await self.client.createSchool(request, metadata: try await self.operatorToken()).initialPassword
    }

    /// Creates a school and returns its admin's bearer metadata and password, the initial
    /// password changed (until then the admin's token is good for nothing else).
    func makeSchool(code: String, name: String) async throws -> (admin: Metadata, password: String) {
        let initial = try await self.createSchool(code: code, name: name)
        return try await self.firstSignIn(school: code, "admin", initial)
    }

    /// Signs in with an initial password, changes it, and signs in again with the new one.
    func firstSignIn(school: String, _ username: String, _ initialPassword: String) async throws -> (admin: Metadata, password: String) {
        let first = try await self.signIn(.staff, school: school, username, initialPassword)
        var change = Graduate_Accounts_V1_ChangePasswordRequest()
        change.oldPassword = initialPassword
        change.newPassword = "Changed-\(username)-2024"
        _ = try await self.client.changePassword(change, metadata: .bearer(first.accessToken))
        let session = try await self.signIn(.staff, school: school, username, change.newPassword)
        return (.bearer(session.accessToken), change.newPassword)
    }

    /// A 学校操作员 with the e-signing module, made by `admin`; its initial password is in the answer.
    func makeSchoolOperator(_ username: String, displayName: String, as admin: Metadata) async throws -> Graduate_Accounts_V1_CreateStaffAccountResponse {
        var account = Graduate_Accounts_V1_CreateStaffAccountRequest()
        account.username = username
        account.displayName = displayName
        account.role = .schoolOperator
        account.modules = [.esigning]
        return try await self.client.createStaffAccount(account, metadata: admin)
    }

    /// Imports a roster file; its 院系 are created unless a test says otherwise.
    func importRoster(
        _ data: Data, as caller: Metadata, mode: Graduate_Accounts_V1_RosterImportMode = .merge, createDepartments: Bool = true,
        confirmIdentityChanges: Bool = false, expectedPlanDigest: String = "", preview: Bool = false
    ) async throws -> Graduate_Accounts_V1_ImportRosterResponse {
        var request = Graduate_Accounts_V1_ImportRosterRequest()
        request.content = data
        request.fileName = "名单.csv"
        request.mode = mode
        request.createDepartments = createDepartments
        request.confirmIdentityChanges = confirmIdentityChanges
        request.expectedPlanDigest = expectedPlanDigest
        return preview
            ? try await self.client.previewRosterImport(request, metadata: caller)
            : try await self.client.importRoster(request, metadata: caller)
    }

    func graduates(as caller: Metadata, query: String = "") async throws -> Graduate_Accounts_V1_ListGraduatesResponse {
        var request = Graduate_Accounts_V1_ListGraduatesRequest()
        request.query = query
        request.pageSize = 200
        return try await self.client.listGraduates(request, metadata: caller)
    }
}

