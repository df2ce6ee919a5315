import AccountsService
import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import ServiceKit
import StorageKit
import Testing
import TransportTestSupport

@Suite("Accounts service over TCP")
struct AccountsServiceTests {
    @Test("the operator creates a school; its admin signs in, must change the password, and does")
    func schoolAndFirstSignIn() async throws {
        try await AccountsHarness.run { harness in
            let initial = try await harness.createSchool(code: "10001", name: "北京某大学")
            let session = try await harness.signIn(.staff, school: "10001", "admin", initial)
            #expect(session.mustChangePassword)
            #expect(session.schoolName == "北京某大学")
            let admin = Metadata.bearer(session.accessToken)
            var change = Graduate_Accounts_V1_ChangePasswordRequest()
            change.oldPassword = initial
            change.newPassword = "short"
            let weak = await rpcCode { _ = try await harness.client.changePassword(change, metadata: admin) }
            #expect(weak == .invalidArgument)
            change.newPassword = "NewPassword2024"
            _ = try await harness.client.changePassword(change, metadata: admin)
            let again = try await harness.signIn(.staff, school: "10001", "admin", "NewPassword2024")
            #expect(!again.mustChangePassword)
            let old = await rpcCode { _ = try await harness.signIn(.staff, school: "10001", "admin", initial) }
            #expect(old == .unauthenticated)
        }
    }

    @Test("until the initial password is changed, its token reads the account and changes the password, nothing else")
    func initialPasswordOnlyChangesThePassword() async throws {
        try await AccountsHarness.run { harness in
            let initial = try await harness.createSchool(code: "10001", name: "学校")
            let session = try await harness.signIn(.staff, school: "10001", "admin", initial)
            let first = Metadata.bearer(session.accessToken)
            var department = Graduate_Accounts_V1_CreateDepartmentRequest()
            department.name = "计算机学院"
            do {
                _ = try await harness.client.createDepartment(department, metadata: first)
                Issue.record("a 院系 was made before the initial password was changed")
            } catch let error as RPCError {
                #expect(error.code == .permissionDenied)
                #expect(error.message == AuthInterceptor.passwordChangeRequiredMessage)
            }
            #expect(await rpcCode { _ = try await harness.graduates(as: first) } == .permissionDenied)
            #expect(await rpcCode { _ = try await harness.client.listStaffAccounts(.init(), metadata: first) } == .permissionDenied)
            #expect(try await harness.client.getMyAccount(.init(), metadata: first).mustChangePassword)

            var change = Graduate_Accounts_V1_ChangePasswordRequest()
            change.oldPassword = initial
            change.newPassword = "NewPassword2024"
            _ = try await harness.client.changePassword(change, metadata: first)
            // The old token still carries the claim; a refresh reads the account again.
            #expect(await rpcCode { _ = try await harness.client.createDepartment(department, metadata: first) } == .permissionDenied)
            var refresh = Graduate_Accounts_V1_RefreshRequest()
            refresh.refreshToken = session.refreshToken
            let renewed = try await harness.client.refresh(refresh)
            #expect(!renewed.mustChangePassword)
            _ = try await harness.client.createDepartment(department, metadata: .bearer(renewed.accessToken))

            // A password reset by the admin puts the account back under the rule.
            let made = try await harness.makeSchoolOperator("operator1", displayName: "操作员", as: .bearer(renewed.accessToken))
            let (operatorToken, _) = try await harness.firstSignIn(school: "10001", "operator1", made.initialPassword)
            #expect(try await harness.graduates(as: operatorToken).total == 0)
            var reset = Graduate_Accounts_V1_ResetStaffPasswordRequest()
            reset.accountID = made.account.id
            let again = try await harness.client.resetStaffPassword(reset, metadata: .bearer(renewed.accessToken)).initialPassword
            let afterReset = try await harness.signIn(.staff, school: "10001", "operator1", again)
            #expect(await rpcCode { _ = try await harness.graduates(as: .bearer(afterReset.accessToken)) } == .permissionDenied)
        }
    }

    @Test("a school code is 5 digits and unique; only the operator creates schools")
    func schoolRules() async throws {
        try await AccountsHarness.run { harness in
            let operatorToken = try await harness.operatorToken()
            var request = Graduate_Accounts_V1_CreateSchoolRequest()
            request.code = "1234"
            request.name = "学校"
            request.adminUsername = "admin"
            do {
                _ = try await harness.client.createSchool(request, metadata: operatorToken)
                Issue.record("a 4-digit code was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.field == "code")
            }
            let admin = try await harness.makeSchool(code: "10002", name: "学校")
            request.code = "10002"
            #expect(await rpcCode { _ = try await harness.client.createSchool(request, metadata: operatorToken) } == .alreadyExists)
            request.code = "10003"
            #expect(await rpcCode { _ = try await harness.client.createSchool(request, metadata: admin.admin) } == .permissionDenied)
            #expect(await rpcCode { _ = try await harness.client.createSchool(request) } == .unauthenticated)
        }
    }

    @Test("three wrong passwords: then only a right, unused, unexpired captcha lets the right password in")
    func failuresRequireCaptcha() async throws {
        var settings = AccountsService.Settings()
        settings.makeCaptchaAnswer = { "ACE34" }
        try await AccountsHarness.run(settings: settings) { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            for _ in 0..<3 {
                #expect(await rpcCode { _ = try await harness.signIn(.staff, school: "10001", "admin", "wrong-password") } == .unauthenticated)
            }
            do {
                _ = try await harness.signIn(.staff, school: "10001", "admin", school.password)
                Issue.record("signed in without a captcha after 3 failures")
            } catch let error as RPCError {
                #expect(error.code == .failedPrecondition)
                #expect(error.metadata[stringValues: "captcha-required"].first(where: { _ in true }) == "true")
            }
            func attempt(answer: String, captcha: String? = nil) async throws -> (RPCError.Code?, String) {
                let id: String
                if let captcha {
                    id = captcha
                } else {
                    id = try await harness.client.createCaptcha(Graduate_Accounts_V1_CreateCaptchaRequest()).captchaID
                }
                var request = Graduate_Accounts_V1_SignInRequest()
                request.kind = .staff
                request.schoolCode = "10001"
                request.identifier = "admin"
                request.password = school.password
                request.captchaID = id
                request.captchaAnswer = answer
                return (await rpcCode { _ = try await harness.client.signIn(request) }, id)
            }
            #expect(try await attempt(answer: "WRONG").0 == .failedPrecondition)
            let (code, used) = try await attempt(answer: "ace34")
            #expect(code == nil)
            // Signed in, the failures are cleared; a used captcha is gone all the same.
            #expect(try await attempt(answer: "ACE34", captcha: used).0 == nil)
            let image = try await harness.client.createCaptcha(Graduate_Accounts_V1_CreateCaptchaRequest()).png
            #expect(image.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        }
    }

    @Test("refresh rotates the refresh token; sign-out revokes it; a revoked one cannot be used")
    func refreshAndSignOut() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let session = try await harness.signIn(.staff, school: "10001", "admin", school.password)
            var refresh = Graduate_Accounts_V1_RefreshRequest()
            refresh.refreshToken = session.refreshToken
            let rotated = try await harness.client.refresh(refresh)
            #expect(rotated.refreshToken != session.refreshToken)
            // The first token was used up by the refresh: a thief replaying it gets nothing.
            #expect(await rpcCode { _ = try await harness.client.refresh(refresh) } == .unauthenticated)
            var signOut = Graduate_Accounts_V1_SignOutRequest()
            signOut.refreshToken = rotated.refreshToken
            _ = try await harness.client.signOut(signOut)
            refresh.refreshToken = rotated.refreshToken
            #expect(await rpcCode { _ = try await harness.client.refresh(refresh) } == .unauthenticated)
        }
    }

    @Test("the admin makes a department and its admin; a disabled account cannot sign in; a reset password works")
    func staffAccounts() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            var department = Graduate_Accounts_V1_CreateDepartmentRequest()
            department.name = "计算机学院"
            let created = try await harness.client.createDepartment(department, metadata: school.admin)
            #expect(await rpcCode { _ = try await harness.client.createDepartment(department, metadata: school.admin) } == .alreadyExists)

            var account = Graduate_Accounts_V1_CreateStaffAccountRequest()
            account.username = "cs-admin"
            account.displayName = "李老师"
            account.role = .departmentAdmin
            account.modules = [.esigning]
            #expect(await rpcCode { _ = try await harness.client.createStaffAccount(account, metadata: school.admin) } == .invalidArgument)
            account.departmentID = created.id
            let made = try await harness.client.createStaffAccount(account, metadata: school.admin)
            #expect(made.account.modules == [.esigning])
            let session = try await harness.signIn(.staff, school: "10001", "cs-admin", made.initialPassword)
            // "Who am I" for the console's header and 模块选择.
            let me = try await harness.client.getMyAccount(.init(), metadata: .bearer(session.accessToken))
            #expect(me.kind == .staff && me.login == "cs-admin" && me.displayName == "李老师")
            #expect(me.schoolCode == "10001" && me.schoolName == "学校")
            #expect(me.role == .departmentAdmin && me.departmentID == created.id && me.departmentName == "计算机学院")
            #expect(me.modules == [.esigning] && me.mustChangePassword)
            #expect(await rpcCode { _ = try await harness.client.getMyAccount(.init()) } == .unauthenticated)
            // A department admin may not manage accounts.
            #expect(await rpcCode {
                _ = try await harness.client.listStaffAccounts(Graduate_Accounts_V1_ListStaffAccountsRequest(), metadata: .bearer(session.accessToken))
            } == .permissionDenied)

            var disable = Graduate_Accounts_V1_SetStaffAccountEnabledRequest()
            disable.accountID = made.account.id
            disable.enabled = false
            #expect(try await harness.client.setStaffAccountEnabled(disable, metadata: school.admin).enabled == false)
            #expect(await rpcCode { _ = try await harness.signIn(.staff, school: "10001", "cs-admin", made.initialPassword) } == .permissionDenied)
            // A disabled account's still-valid access token no longer says who it is.
            #expect(await rpcCode { _ = try await harness.client.getMyAccount(.init(), metadata: .bearer(session.accessToken)) } == .unauthenticated)
            var refresh = Graduate_Accounts_V1_RefreshRequest()
            refresh.refreshToken = session.refreshToken
            #expect(await rpcCode { _ = try await harness.client.refresh(refresh) } == .unauthenticated)

            disable.enabled = true
            _ = try await harness.client.setStaffAccountEnabled(disable, metadata: school.admin)
            var reset = Graduate_Accounts_V1_ResetStaffPasswordRequest()
            reset.accountID = made.account.id
            let newPassword = try await harness.client.resetStaffPassword(reset, metadata: school.admin).initialPassword
            #expect(try await harness.signIn(.staff, school: "10001", "cs-admin", newPassword).mustChangePassword)
        }
    }

    @Test("a roster file with a bad row imports nothing; the fixed file imports every row, each with its event")
    func rosterImport() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            // The school's own event (school.created) is queued already.
            let before = try await OutboxQueue.pendingCount(for: "test-subscriber", in: harness.pool)
            var rows = (0..<30).map { RosterFixture.row(name: "学生\($0)", idNumber: RosterFixture.idNumber($0), studentNumber: "S\($0)") }
            rows[17][5] = "110105200201010011"
            let rejected = try await harness.importRoster(RosterFixture.csv(rows), as: school.admin)
            #expect(rejected.imported == 0)
            #expect(rejected.errors.map { "\($0.row) \($0.field)" } == ["19 身份证号"])
            #expect(rejected.errorCount == 1)
            #expect(try await harness.graduates(as: school.admin).total == 0)
            #expect(try await OutboxQueue.pendingCount(for: "test-subscriber", in: harness.pool) == before)

            rows[17][5] = RosterFixture.idNumber(17)
            let accepted = try await harness.importRoster(RosterFixture.csv(rows), as: school.admin)
            #expect(accepted.errors.isEmpty)
            #expect(accepted.imported == 30)
            #expect(try await harness.graduates(as: school.admin).total == 30)
            // 30 graduates and the 院系 the import created.
            #expect(try await OutboxQueue.pendingCount(for: "test-subscriber", in: harness.pool) == before + 31)

            // The same people again change nothing and emit nothing (RosterSyncTests has the rest).
            let again = try await harness.importRoster(RosterFixture.csv(Array(rows.prefix(2))), as: school.admin)
            #expect(again.errors.isEmpty && again.applied)
            #expect(again.unchangedCount == 2 && again.imported == 0)
            #expect(try await harness.graduates(as: school.admin).total == 30)
            #expect(try await OutboxQueue.pendingCount(for: "test-subscriber", in: harness.pool) == before + 31)
        }
    }

    @Test("a file with 50,000 bad rows is answered with the first 1,000 and the total, in one frame")
    func manyBadRows() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            // Every row has a bad 身份证号: the answer used to be larger than a frame, which
            // dropped the caller's connection with every other call on it.
            let rows = (0..<50_000).map { RosterFixture.row(name: "学生\($0)", idNumber: "11010520020101001\($0 % 10)", studentNumber: "S\($0)") }
            let rejected = try await harness.importRoster(RosterFixture.csv(rows), as: school.admin)
            #expect(rejected.imported == 0)
            // One in ten of those numbers happens to be valid; the rest are reported.
            #expect(rejected.errorCount >= 40_000)
            #expect(rejected.errors.count == 1_000)
            #expect(rejected.errors.first.map { $0.row <= 3 } == true)
            #expect(rejected.errors.map(\.row) == rejected.errors.map(\.row).sorted())
            #expect(try await harness.graduates(as: school.admin).total == 0)
        }
    }

    @Test("a department account sees only its 院系; another school sees nothing; filters and paging work")
    func rosterScope() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let other = try await harness.makeSchool(code: "10002", name: "另一所学校")
            let rows = (0..<25).map { index in
                RosterFixture.row(
                    name: "学生\(index)", idNumber: RosterFixture.idNumber(index), studentNumber: "S\(index)",
                    department: index % 5 == 0 ? "外国语学院" : "计算机学院"
                )
            }
            var department = Graduate_Accounts_V1_CreateDepartmentRequest()
            department.name = "外国语学院"
            let languages = try await harness.client.createDepartment(department, metadata: school.admin)
            _ = try await harness.importRoster(RosterFixture.csv(rows), as: school.admin)
            var account = Graduate_Accounts_V1_CreateStaffAccountRequest()
            account.username = "fl-operator"
            account.displayName = "王老师"
            account.role = .departmentOperator
            account.modules = [.esigning]
            account.departmentID = languages.id
            let made = try await harness.client.createStaffAccount(account, metadata: school.admin)
            let (departmentToken, _) = try await harness.firstSignIn(school: "10001", "fl-operator", made.initialPassword)

            let seen = try await harness.graduates(as: departmentToken)
            #expect(seen.total == 5)
            #expect(seen.graduates.allSatisfy { $0.department == "外国语学院" })
            #expect(try await harness.graduates(as: other.admin).total == 0)
            #expect(try await harness.graduates(as: school.admin, query: "学生1").total == 11)

            var page = Graduate_Accounts_V1_ListGraduatesRequest()
            page.pageSize = 10
            var ids: [String] = []
            repeat {
                let response = try await harness.client.listGraduates(page, metadata: school.admin)
                ids += response.graduates.map(\.id)
                page.pageToken = response.nextPageToken
            } while !page.pageToken.isEmpty
            #expect(ids.count == 25 && Set(ids).count == 25)

            page.pageToken = "not-a-token"
            #expect(await rpcCode { _ = try await harness.client.listGraduates(page, metadata: school.admin) } == .invalidArgument)
            // A department operator cannot import.
            #expect(await rpcCode {
                _ = try await harness.importRoster(RosterFixture.csv(Array(rows.prefix(1))), as: departmentToken)
            } == .permissionDenied)
        }
    }
}
