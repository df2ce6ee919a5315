import Foundation
import GRPCCore
import GraduateProto
import RPCTransport

/// 登录: sign-in, graduates' activation, captchas, refresh, sign-out, the signed-in account and
/// its password change (`/api/v1/sessions`, `/api/v1/account`), on the generated API.
struct SessionsHandler<Transport: GRPCCore.ClientTransport> {
    let accounts: ClientPool<Transport>
    let limiter: RateLimiter

    private var api: Graduate_Accounts_V1_Accounts.Client<Transport> { .init(wrapping: self.accounts.client) }

    /// A sign-in or an activation: rate-limited per client address here, and accounts is told
    /// the address (its per-address back-off believes it only from the gateway's connections);
    /// a lock-out's wait goes out as `Retry-After` too (`APIError.retryAfter`).
    private func session(_ call: (Metadata) async throws -> Graduate_Accounts_V1_SignInResponse) async throws -> Components.Schemas.Session {
        let request = try GatewayRequest.require()
        try self.limiter.check(clientAddress: request.clientAddress)
        return .init(try await request.forward { metadata in
            var metadata = metadata
            metadata.addString(request.clientAddress, forKey: "x-client-address")
            return try await call(metadata)
        })
    }

    func signIn(_ body: Components.Schemas.SignIn) async throws -> Components.Schemas.Session {
        var rpc = Graduate_Accounts_V1_SignInRequest()
        rpc.kind = AccountKinds.byCode[body.kind] ?? .unspecified
        rpc.schoolCode = body.schoolCode ?? ""
        rpc.identifier = body.identifier
        rpc.password = body.password
        rpc.captchaID = body.captchaId ?? ""
        rpc.captchaAnswer = body.captchaAnswer ?? ""
        return try await self.session { try await self.api.signIn(rpc, metadata: $0) }
    }

    /// A graduate on the roster sets a first password, and is signed in.
    func activate(_ body: Components.Schemas.Activation) async throws -> Components.Schemas.Session {
        var rpc = Graduate_Accounts_V1_ActivateGraduateRequest()
        rpc.schoolCode = body.schoolCode
        rpc.idNumber = body.idNumber
        rpc.name = body.name
        rpc.candidateNumber = body.candidateNumber
        rpc.password = body.password
        rpc.captchaID = body.captchaId ?? ""
        rpc.captchaAnswer = body.captchaAnswer ?? ""
        return try await self.session { try await self.api.activateGraduate(rpc, metadata: $0) }
    }

    /// 忘记密码: the roster identity again, with a captcha; rate-limited like an activation.
    func resetPassword(_ body: Components.Schemas.GraduatePasswordReset) async throws -> Components.Schemas.Session {
        var rpc = Graduate_Accounts_V1_ResetGraduatePasswordRequest()
        rpc.schoolCode = body.schoolCode
        rpc.idNumber = body.idNumber
        rpc.name = body.name
        rpc.candidateNumber = body.candidateNumber
        rpc.password = body.password
        rpc.captchaID = body.captchaId
        rpc.captchaAnswer = body.captchaAnswer
        return try await self.session { try await self.api.resetGraduatePassword(rpc, metadata: $0) }
    }

    /// A captcha for the next attempt, required after repeated failures.
    func captcha() async throws -> Components.Schemas.Captcha {
        let request = try GatewayRequest.require()
        try self.limiter.check(clientAddress: request.clientAddress)
        let captcha = try await request.forward { try await self.api.createCaptcha(.init(), metadata: $0) }
        return .init(
            captchaId: captcha.captchaID,
            image: "data:image/png;base64," + captcha.png.base64EncodedString(),
            expiresAt: Date(milliseconds: captcha.expiresAtMs)
        )
    }

    func refresh(_ body: Components.Schemas.RefreshToken) async throws -> Components.Schemas.Session {
        var rpc = Graduate_Accounts_V1_RefreshRequest()
        rpc.refreshToken = body.refreshToken
        return .init(try await GatewayRequest.require().forward { try await self.api.refresh(rpc, metadata: $0) })
    }

    func signOut(_ body: Components.Schemas.RefreshToken) async throws {
        var rpc = Graduate_Accounts_V1_SignOutRequest()
        rpc.refreshToken = body.refreshToken
        _ = try await GatewayRequest.require().forward { try await self.api.signOut(rpc, metadata: $0) }
    }

    func account() async throws -> Components.Schemas.MyAccount {
        .init(try await GatewayRequest.require().forward { try await self.api.getMyAccount(.init(), metadata: $0) })
    }

    func changePassword(_ body: Components.Schemas.PasswordChange) async throws {
        var rpc = Graduate_Accounts_V1_ChangePasswordRequest()
        rpc.oldPassword = body.oldPassword
        rpc.newPassword = body.newPassword
        _ = try await GatewayRequest.require().forward { try await self.api.changePassword(rpc, metadata: $0) }
    }
}

extension Components.Schemas.Session {
    init(_ response: Graduate_Accounts_V1_SignInResponse) {
        self.init(
            accessToken: response.accessToken,
            accessExpiresAt: Date(milliseconds: response.accessExpiresAtMs),
            refreshToken: response.refreshToken,
            refreshExpiresAt: Date(milliseconds: response.refreshExpiresAtMs),
            displayName: response.displayName,
            schoolName: response.schoolName,
            mustChangePassword: response.mustChangePassword
        )
    }
}

/// The account kinds: the API's codes and the proto's values.
enum AccountKinds {
    static let byCode: [Components.Schemas.SignIn.KindPayload: Graduate_Accounts_V1_AccountKind] = [
        .staff: .staff, .graduate: .graduate, .employer: .employer, .platformOperator: .platformOperator,
    ]
}

extension Components.Schemas.MyAccount {
    /// The console's header and 模块选择.
    init(_ account: Graduate_Accounts_V1_MyAccount) {
        let kind = AccountKinds.byCode.first { $0.value == account.kind }?.key.rawValue ?? ""
        let role = StaffRoles.role(account.role)
        self.init(
            id: account.id,
            kind: KindPayload(rawValue: kind) ?? .staff,
            login: account.login,
            displayName: account.displayName,
            schoolCode: account.schoolCode.isEmpty ? nil : account.schoolCode,
            schoolName: account.schoolName.isEmpty ? nil : account.schoolName,
            role: role.flatMap { RolePayload(rawValue: $0.code) },
            roleName: role?.name,
            departmentId: account.departmentID.isEmpty ? nil : account.departmentID,
            departmentName: account.departmentName.isEmpty ? nil : account.departmentName,
            // In DOMAIN.md §1's order (the proto enum's).
            modules: account.modules.sorted { $0.rawValue < $1.rawValue }.compactMap { module in
                StaffRoles.module(module).flatMap { code in
                    ModulesPayloadPayload.CodePayload(rawValue: code).map { .init(code: $0, name: StaffRoles.moduleNames[code] ?? code) }
                }
            },
            mustChangePassword: account.mustChangePassword
        )
    }
}

/// The 登录 operations of the generated API.
extension GatewayAPI {
    func postSessions(_ input: Operations.PostSessions.Input) async throws -> Operations.PostSessions.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.sessions.signIn(body))))
    }

    func postGraduateActivations(_ input: Operations.PostGraduateActivations.Input) async throws -> Operations.PostGraduateActivations.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.sessions.activate(body))))
    }

    func postGraduatePasswordResets(_ input: Operations.PostGraduatePasswordResets.Input) async throws -> Operations.PostGraduatePasswordResets.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.sessions.resetPassword(body))))
    }

    func postCaptchas(_ input: Operations.PostCaptchas.Input) async throws -> Operations.PostCaptchas.Output {
        .created(.init(body: .json(try await self.sessions.captcha())))
    }

    func postSessionsRefresh(_ input: Operations.PostSessionsRefresh.Input) async throws -> Operations.PostSessionsRefresh.Output {
        let body = switch input.body { case .json(let body): body }
        return .ok(.init(body: .json(try await self.sessions.refresh(body))))
    }

    func postSessionsSignOut(_ input: Operations.PostSessionsSignOut.Input) async throws -> Operations.PostSessionsSignOut.Output {
        let body = switch input.body { case .json(let body): body }
        try await self.sessions.signOut(body)
        return .noContent(.init())
    }

    func getAccount(_ input: Operations.GetAccount.Input) async throws -> Operations.GetAccount.Output {
        .ok(.init(body: .json(try await self.sessions.account())))
    }

    func postAccountPassword(_ input: Operations.PostAccountPassword.Input) async throws -> Operations.PostAccountPassword.Output {
        let body = switch input.body { case .json(let body): body }
        try await self.sessions.changePassword(body)
        return .noContent(.init())
    }
}
