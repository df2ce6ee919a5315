import Foundation
import GRPCCore
import GraduateProto
import Hummingbird
import RPCTransport

/// Sign-in, refresh, sign-out and password change (`/api/v1/sessions`, `/api/v1/account`).
struct SessionsController {
    let accounts: ClientPool
    let limiter: RateLimiter

    private var api: Graduate_Accounts_V1_Accounts.Client<TCPClientTransport> {
        .init(wrapping: self.accounts.client)
    }

    struct SignIn: Decodable {
        var kind: String
        var schoolCode: String?
        var identifier: String
        var password: String
        var captchaId: String?
        var captchaAnswer: String?
    }

    struct Session: Encodable, Sendable {
        var accessToken: String
        var accessExpiresAt: String
        var refreshToken: String
        var refreshExpiresAt: String
        var displayName: String
        var schoolName: String
        var mustChangePassword: Bool

        init(_ response: Graduate_Accounts_V1_SignInResponse) {
            self.accessToken = response.accessToken
            self.accessExpiresAt = beijingTime(milliseconds: response.accessExpiresAtMs)
            self.refreshToken = response.refreshToken
            self.refreshExpiresAt = beijingTime(milliseconds: response.refreshExpiresAtMs)
            self.displayName = response.displayName
            self.schoolName = response.schoolName
            self.mustChangePassword = response.mustChangePassword
        }
    }

    struct Activation: Decodable {
        var schoolCode: String
        var idNumber: String
        var name: String
        var candidateNumber: String
        var password: String
        var captchaId: String?
        var captchaAnswer: String?
    }

    struct RefreshToken: Decodable {
        var refreshToken: String
    }

    struct Captcha: Encodable, Sendable {
        var captchaId: String
        /// A data URL: `<img src>` shows it directly.
        var image: String
        var expiresAt: String
    }

    /// The signed-in account (`GET /api/v1/account`): the console's header and 模块选择.
    struct MyAccount: Encodable, Sendable {
        struct Module: Encodable, Sendable {
            var code: String
            var name: String
        }

        var id: String
        var kind: String
        var login: String
        var displayName: String
        var schoolCode: String?
        var schoolName: String?
        var role: String?
        var roleName: String?
        var departmentId: String?
        var departmentName: String?
        var modules: [Module]
        var mustChangePassword: Bool

        init(_ account: Graduate_Accounts_V1_MyAccount) {
            typealias Staff = SchoolAdministrationController.StaffAccount
            self.id = account.id
            self.kind = SessionsController.kinds.first { $0.value == account.kind }?.key ?? ""
            self.login = account.login
            self.displayName = account.displayName
            self.schoolCode = account.schoolCode.isEmpty ? nil : account.schoolCode
            self.schoolName = account.schoolName.isEmpty ? nil : account.schoolName
            let role = Staff.roles.first { $0.value.0 == account.role }
            self.role = role?.key
            self.roleName = role?.value.1
            self.departmentId = account.departmentID.isEmpty ? nil : account.departmentID
            self.departmentName = account.departmentName.isEmpty ? nil : account.departmentName
            // In DOMAIN.md §1's order (the proto enum's).
            self.modules = account.modules.sorted { $0.rawValue < $1.rawValue }.compactMap { module in
                Staff.modules.first { $0.value == module }.map { Module(code: $0.key, name: Staff.moduleNames[$0.key] ?? $0.key) }
            }
            self.mustChangePassword = account.mustChangePassword
        }
    }

    struct PasswordChange: Decodable {
        var oldPassword: String
        var newPassword: String
    }

    /// A sign-in or an activation: accounts is told the client's address (its per-address
    /// back-off believes it only from the gateway's connections), and a lock-out's wait goes
    /// out as `Retry-After` as well as in the message.
    private func session(
        _ request: Request,
        _ context: GatewayContext,
        _ call: (Metadata) async throws -> Graduate_Accounts_V1_SignInResponse
    ) async throws -> Response {
        var retryAfter: String?
        do {
            let response = try await forward(request, context) { metadata in
                var metadata = metadata
                metadata.addString(context.clientAddress, forKey: "x-client-address")
                do {
                    return try await call(metadata)
                } catch let error as RPCError {
                    retryAfter = error.metadata[stringValues: "retry-after"].first(where: { _ in true })
                    throw error
                }
            }
            return try JSONResponse(value: Session(response), status: .created).response(from: request, context: context)
        } catch let error as APIError {
            guard let retryAfter, error.status == .tooManyRequests else { throw error }
            var response = try error.response(from: request, context: context)
            response.headers[.retryAfter] = retryAfter
            return response
        }
    }

    static let kinds: [String: Graduate_Accounts_V1_AccountKind] = [
        "staff": .staff, "graduate": .graduate, "employer": .employer, "platformOperator": .platformOperator,
    ]

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.post("sessions") { request, context in
            try self.limiter.check(context)
            let body = try await JSONBody.decode(SignIn.self, from: request, context: context)
            guard let kind = Self.kinds[body.kind] else {
                throw APIError.badRequest(field: "kind", "登录身份应为 staff、graduate、employer 或 platformOperator")
            }
            var rpc = Graduate_Accounts_V1_SignInRequest()
            rpc.kind = kind
            rpc.schoolCode = body.schoolCode ?? ""
            rpc.identifier = body.identifier
            rpc.password = body.password
            rpc.captchaID = body.captchaId ?? ""
            rpc.captchaAnswer = body.captchaAnswer ?? ""
            return try await self.session(request, context) { try await self.api.signIn(rpc, metadata: $0) }
        }
        // A graduate on the roster sets a first password, and is signed in.
        group.post("graduate-activations") { request, context in
            try self.limiter.check(context)
            let body = try await JSONBody.decode(Activation.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_ActivateGraduateRequest()
            rpc.schoolCode = body.schoolCode
            rpc.idNumber = body.idNumber
            rpc.name = body.name
            rpc.candidateNumber = body.candidateNumber
            rpc.password = body.password
            rpc.captchaID = body.captchaId ?? ""
            rpc.captchaAnswer = body.captchaAnswer ?? ""
            return try await self.session(request, context) { try await self.api.activateGraduate(rpc, metadata: $0) }
        }
        // A captcha for the next sign-in attempt, required after repeated failures.
        group.post("captchas") { request, context in
            try self.limiter.check(context)
            let captcha = try await forward(request, context) { try await self.api.createCaptcha(.init(), metadata: $0) }
            return JSONResponse(value: Captcha(
                captchaId: captcha.captchaID,
                image: "data:image/png;base64," + captcha.png.base64EncodedString(),
                expiresAt: beijingTime(milliseconds: captcha.expiresAtMs)
            ), status: .created)
        }
        group.post("sessions/refresh") { request, context in
            let body = try await JSONBody.decode(RefreshToken.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_RefreshRequest()
            rpc.refreshToken = body.refreshToken
            let response = try await forward(request, context) { try await self.api.refresh(rpc, metadata: $0) }
            return JSONResponse(value: Session(response))
        }
        group.post("sessions/sign-out") { request, context in
            let body = try await JSONBody.decode(RefreshToken.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_SignOutRequest()
            rpc.refreshToken = body.refreshToken
            _ = try await forward(request, context) { try await self.api.signOut(rpc, metadata: $0) }
            return Response(status: .noContent)
        }
        group.get("account") { request, context in
            let account = try await forward(request, context) { try await self.api.getMyAccount(.init(), metadata: $0) }
            return JSONResponse(value: MyAccount(account))
        }
        group.post("account/password") { request, context in
            let body = try await JSONBody.decode(PasswordChange.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_ChangePasswordRequest()
            rpc.oldPassword = body.oldPassword
            rpc.newPassword = body.newPassword
            _ = try await forward(request, context) { try await self.api.changePassword(rpc, metadata: $0) }
            return Response(status: .noContent)
        }
    }
}
