import AccountsService
import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateDomain
import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf
import Testing
import TransportTestSupport

/// Test data for employers: valid unless changed on purpose.
enum EmployerSamples {
    static let png = ScanFixture.png()
    static let pdf = ScanFixture.pdf("licence")

    /// A valid 统一社会信用代码, different for each `index`.
    static func creditCode(_ index: Int) -> String {
        CreditCode.withCheckCharacter(String(format: "91110108MA%07d", index))
    }

    static func form(name: String = "北京示范科技有限公司") -> Graduate_Accounts_V1_EmployerForm {
        var form = Graduate_Accounts_V1_EmployerForm()
        form.name = name
        form.nature = "39"
        form.industry = "I"
        form.regionCode = "110108"
        form.address = "北京市海淀区中关村大街1号"
        form.contactName = "张经理"
        form.contactPhone = "010-62345678"
        form.email = "hr@example.com"
        return form
    }

    static func registration(_ index: Int = 1) -> Graduate_Accounts_V1_RegisterEmployerRequest {
        var request = Graduate_Accounts_V1_RegisterEmployerRequest()
        request.creditCode = Self.creditCode(index)
        request.form = Self.form()
        request.password = "Employer2024"
        request.licence = Self.pdf
        return request
    }
}

extension AccountsHarness {
    func register(_ request: Graduate_Accounts_V1_RegisterEmployerRequest) async throws -> Graduate_Accounts_V1_Employer {
        try await self.employers.register(request)
    }

    func employerToken(_ creditCode: String, _ password: String = "Employer2024") async throws -> Metadata {
        .bearer(try await self.signIn(.employer, creditCode, password).accessToken)
    }

    func eventTypes() async throws -> [String] {
        try await self.pool.read { db in
            try String.fetchAll(db, sql: "SELECT type FROM outbox_event WHERE aggregate_type = 'employer' ORDER BY seq")
        }
    }

    func employerCount() async throws -> (employers: Int, accounts: Int, attachments: Int) {
        try await self.pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM employer") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM account WHERE kind = 'employer'") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM attachment") ?? -1
            )
        }
    }
}

/// The field an RPC refusal names, with its code.
func rpcRefusal(_ call: () async throws -> Void) async -> (RPCError.Code, String?)? {
    do {
        try await call()
        return nil
    } catch let error as RPCError {
        return (error.code, error.field)
    } catch {
        return (.unknown, nil)
    }
}

@Suite("Employers: registration, review, sign-in")
struct EmployerTests {
    @Test("a valid registration is stored 待审核 with its licence, and its event is appended")
    func registerValid() async throws {
        try await AccountsHarness.run { harness in
            var request = EmployerSamples.registration()
            request.creditCode = request.creditCode.lowercased()
            request.form.contactPhone = "138 1234 5678"
            let employer = try await harness.register(request)
            #expect(employer.creditCode == EmployerSamples.creditCode(1))
            #expect(employer.status == .employerPending)
            #expect(employer.name == "北京示范科技有限公司")
            #expect(employer.contactPhone == "13812345678")
            #expect(employer.licenceContentType == "application/pdf")
            #expect(employer.licenceSize == Int64(EmployerSamples.pdf.count))
            #expect(employer.registeredAtMs > 0 && employer.reviewedAtMs == 0)
            #expect(employer.id.count >= 32)

            var get = Graduate_Accounts_V1_GetEmployerRequest()
            get.employerID = employer.id
            let licence = try await harness.employers.getLicence(get, metadata: try await harness.operatorToken())
            #expect(licence.content == EmployerSamples.pdf)
            #expect(licence.contentType == "application/pdf")
            #expect(licence.sha256 == employer.licenceSha256)

            #expect(try await harness.eventTypes() == ["employer.registered"])
            let payload = try await harness.pool.read { db in
                try Data.fetchOne(db, sql: "SELECT payload FROM outbox_event WHERE aggregate_type = 'employer'")
            }
            let event = try Graduate_Events_V1_EmployerChanged(serializedBytes: try #require(payload))
            #expect(event.creditCode == employer.creditCode && event.status == "pending" && event.name == employer.name)
            #expect(event.nature == "39" && event.industry == "I" && event.regionCode == "110108" && event.contactName == "张经理")
        }
    }

    typealias Change = @Sendable (inout Graduate_Accounts_V1_RegisterEmployerRequest) -> Void

    static let badRegistrations: [(String, String, Change)] = [
        ("creditCode", "bad check character", { $0.creditCode = String(EmployerSamples.creditCode(1).dropLast()) + "0" }),
        ("creditCode", "wrong length", { $0.creditCode = "91110108MA0000001" }),
        ("creditCode", "empty", { $0.creditCode = "" }),
        ("name", "empty name", { $0.form.name = "  " }),
        ("nature", "unknown nature", { $0.form.nature = "30" }),
        ("industry", "unknown industry", { $0.form.industry = "Z" }),
        ("regionCode", "bad province", { $0.form.regionCode = "990101" }),
        ("regionCode", "not six digits", { $0.form.regionCode = "1101" }),
        ("address", "empty address", { $0.form.address = "" }),
        ("contactName", "empty contact", { $0.form.contactName = "" }),
        ("contactPhone", "bad phone", { $0.form.contactPhone = "12345" }),
        ("email", "bad email", { $0.form.email = "hr@example" }),
        ("password", "weak password", { $0.password = "short" }),
        ("licence", "wrong magic bytes", { $0.licence = Data("PK\u{3}\u{4}not really a scan.pdf".utf8) }),
        ("licence", "too big", { $0.licence = EmployerSamples.png + Data(count: 10 * 1024 * 1024) }),
        ("licence", "empty", { $0.licence = Data() }),
        // The first bytes of a scan, then something else (issue 11 found both stored).
        ("licence", "%PDF- then HTML", { $0.licence = Data("%PDF-1.7\n<html><script>alert(1)</script></html>".utf8) }),
        ("licence", "a PNG signature then noise", { $0.licence = EmployerSamples.png.prefix(8) + Data((0..<500).map { UInt8($0 % 251) }) }),
    ]

    @Test("each bad field is refused with its name and a Chinese message, and nothing is stored", arguments: 0..<18)
    func invalidField(index: Int) async throws {
        let (field, _, change) = Self.badRegistrations[index]
        try await AccountsHarness.run { harness in
            var request = EmployerSamples.registration()
            change(&request)
            do {
                _ = try await harness.register(request)
                Issue.record("registered with a bad \(field)")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.field == field)
                #expect(error.message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
            }
            let counts = try await harness.employerCount()
            #expect(counts.employers == 0 && counts.accounts == 0 && counts.attachments == 0)
            #expect(try await harness.eventTypes().isEmpty)
        }
    }

    @Test("one account per credit code, whatever its case")
    func duplicateCreditCode() async throws {
        try await AccountsHarness.run { harness in
            _ = try await harness.register(EmployerSamples.registration())
            var again = EmployerSamples.registration()
            again.creditCode = again.creditCode.lowercased()
            again.form.name = "另一家公司"
            do {
                _ = try await harness.register(again)
                Issue.record("registered a credit code twice")
            } catch let error as RPCError {
                #expect(error.code == .alreadyExists)
                #expect(error.field == "creditCode")
                #expect(error.message == "该统一社会信用代码已注册")
            }
            #expect(try await harness.employerCount().employers == 1)
        }
    }

    @Test("the operator approves or rejects only from 待审核; a rejection needs a reason; others may not review or list")
    func reviewRules() async throws {
        try await AccountsHarness.run { harness in
            let operatorToken = try await harness.operatorToken()
            let first = try await harness.register(EmployerSamples.registration(1))
            let second = try await harness.register(EmployerSamples.registration(2))
            let employer = try await harness.employerToken(first.creditCode)
            let school = try await harness.makeSchool(code: "10001", name: "示范大学")

            var reject = Graduate_Accounts_V1_RejectEmployerRequest()
            reject.employerID = first.id
            reject.reason = "  "
            let missingReason = await rpcRefusal { _ = try await harness.employers.reject(reject, metadata: operatorToken) }
            #expect(missingReason?.0 == .invalidArgument && missingReason?.1 == "reason")

            var approve = Graduate_Accounts_V1_ApproveEmployerRequest()
            approve.employerID = first.id
            #expect(await rpcCode { _ = try await harness.employers.approve(approve, metadata: employer) } == .permissionDenied)
            #expect(await rpcCode { _ = try await harness.employers.approve(approve, metadata: school.admin) } == .permissionDenied)
            #expect(await rpcCode { _ = try await harness.employers.list(.init(), metadata: school.admin) } == .permissionDenied)
            #expect(await rpcCode { _ = try await harness.employers.list(.init(), metadata: employer) } == .permissionDenied)
            #expect(await rpcCode { _ = try await harness.employers.list(.init()) } == .unauthenticated)

            let approved = try await harness.employers.approve(approve, metadata: operatorToken)
            #expect(approved.status == .employerApproved && approved.reviewedAtMs > 0 && approved.reviewedBy == "平台运维")
            #expect(await rpcCode { _ = try await harness.employers.approve(approve, metadata: operatorToken) } == .failedPrecondition)
            reject.reason = "营业执照不清晰"
            #expect(await rpcCode { _ = try await harness.employers.reject(reject, metadata: operatorToken) } == .failedPrecondition)
            var get = Graduate_Accounts_V1_GetEmployerRequest()
            get.employerID = first.id
            let unchanged = try await harness.employers.get(get, metadata: operatorToken)
            #expect(unchanged == approved)

            reject.employerID = second.id
            let rejected = try await harness.employers.reject(reject, metadata: operatorToken)
            #expect(rejected.status == .employerRejected && rejected.reason == "营业执照不清晰")

            var pending = Graduate_Accounts_V1_ListEmployersRequest()
            pending.status = .employerPending
            #expect(try await harness.employers.list(pending, metadata: operatorToken).total == 0)
            var search = Graduate_Accounts_V1_ListEmployersRequest()
            search.query = String(second.creditCode.suffix(6)).lowercased()
            let found = try await harness.employers.list(search, metadata: operatorToken)
            #expect(found.total == 1 && found.employers.first?.id == second.id)
            // LIKE's wildcards are searched as text: "%" or "_" alone lists nobody.
            for wildcard in ["%", "_", "%%", "_%_"] {
                search.query = wildcard
                #expect(try await harness.employers.list(search, metadata: operatorToken).total == 0, "\(wildcard)")
            }
            var paged = Graduate_Accounts_V1_ListEmployersRequest()
            paged.pageSize = 1
            let page = try await harness.employers.list(paged, metadata: operatorToken)
            #expect(page.total == 2 && page.employers.count == 1 && !page.nextPageToken.isEmpty)

            // An employer sees itself, never another.
            get.employerID = second.id
            #expect(await rpcCode { _ = try await harness.employers.get(get, metadata: employer) } == .permissionDenied)
            #expect(await rpcCode { _ = try await harness.employers.getLicence(get, metadata: employer) } == .permissionDenied)
            get.employerID = first.id
            #expect(try await harness.employers.get(get, metadata: employer).id == first.id)
            get.employerID = "no-such-employer"
            #expect(await rpcCode { _ = try await harness.employers.get(get, metadata: operatorToken) } == .notFound)
            #expect(try await harness.eventTypes() == ["employer.registered", "employer.registered", "employer.approved", "employer.rejected"])
        }
    }

    @Test("resubmission only when 未通过: corrected fields and a new licence, back to 待审核")
    func resubmission() async throws {
        try await AccountsHarness.run { harness in
            let operatorToken = try await harness.operatorToken()
            let registered = try await harness.register(EmployerSamples.registration())
            let employer = try await harness.employerToken(registered.creditCode)
            var resubmit = Graduate_Accounts_V1_ResubmitEmployerRequest()
            resubmit.form = EmployerSamples.form(name: "北京示范科技股份有限公司")
            #expect(await rpcCode { _ = try await harness.employers.resubmit(resubmit, metadata: employer) } == .failedPrecondition)

            var reject = Graduate_Accounts_V1_RejectEmployerRequest()
            reject.employerID = registered.id
            reject.reason = "单位名称与营业执照不一致"
            _ = try await harness.employers.reject(reject, metadata: operatorToken)
            let mine = try await harness.employers.getMine(.init(), metadata: employer)
            #expect(mine.status == .employerRejected && mine.reason == "单位名称与营业执照不一致")
            #expect(await rpcCode { _ = try await harness.employers.resubmit(resubmit, metadata: operatorToken) } == .permissionDenied)

            var bad = resubmit
            bad.licence = Data("GIF89a".utf8)
            let refused = await rpcRefusal { _ = try await harness.employers.resubmit(bad, metadata: employer) }
            #expect(refused?.0 == .invalidArgument && refused?.1 == "licence")

            resubmit.licence = EmployerSamples.png
            let again = try await harness.employers.resubmit(resubmit, metadata: employer)
            #expect(again.status == .employerPending && again.reason.isEmpty && again.reviewedAtMs == 0)
            #expect(again.name == "北京示范科技股份有限公司" && again.licenceContentType == "image/png")
            #expect(again.creditCode == registered.creditCode)
            let session = try await harness.signIn(.employer, registered.creditCode, "Employer2024")
            #expect(session.displayName == "北京示范科技股份有限公司")
            #expect(await rpcCode { _ = try await harness.employers.resubmit(resubmit, metadata: employer) } == .failedPrecondition)
            #expect(try await harness.eventTypes() == ["employer.registered", "employer.rejected", "employer.resubmitted"])
        }
    }

    @Test("employers sign in by credit code in any case and status; wrong passwords count toward the captcha")
    func signIn() async throws {
        var settings = AccountsService.Settings()
        settings.makeCaptchaAnswer = { "ACE34" }
        try await AccountsHarness.run(settings: settings) { harness in
            let registered = try await harness.register(EmployerSamples.registration())
            let session = try await harness.signIn(.employer, registered.creditCode.lowercased(), "Employer2024")
            #expect(session.displayName == "北京示范科技有限公司")
            #expect(!session.mustChangePassword)
            let mine = try await harness.employers.getMine(.init(), metadata: .bearer(session.accessToken))
            #expect(mine.id == registered.id && mine.status == .employerPending)
            // An employer token is no staff token.
            #expect(await rpcCode { _ = try await harness.graduates(as: .bearer(session.accessToken)) } == .permissionDenied)

            #expect(await rpcCode { _ = try await harness.signIn(.employer, EmployerSamples.creditCode(9), "Employer2024") } == .unauthenticated)
            for _ in 0..<3 {
                #expect(await rpcCode { _ = try await harness.signIn(.employer, registered.creditCode, "Wrong-2024") } == .unauthenticated)
            }
            #expect(await rpcCode { _ = try await harness.signIn(.employer, registered.creditCode, "Employer2024") } == .failedPrecondition)
            var request = Graduate_Accounts_V1_SignInRequest()
            request.kind = .employer
            request.identifier = registered.creditCode.lowercased()
            request.password = "Employer2024"
            request.captchaID = try await harness.client.createCaptcha(.init()).captchaID
            request.captchaAnswer = "ACE34"
            let signedIn = try await harness.client.signIn(request)
            #expect(!signedIn.accessToken.isEmpty)
        }
    }
}
