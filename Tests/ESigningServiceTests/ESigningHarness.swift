import AuthKit
import ESigningService
import Foundation
import GRDB
import GRPCCore
import GraduateDomain
import GraduateProto
import Logging
import RPCTransport
import ServiceKit
import StorageKit
import Synchronization
import SwiftProtobuf
import TransportTestSupport

typealias ESigningClient = Graduate_Esigning_V1_ESigning.Client<TCPClientTransport>

/// The e-signing service on a temporary database behind a real TCP server, with a token
/// issuer for any principal, a clock the test moves, and the accounts side played by
/// delivering events to the service's EventSink (with a service token, as accounts does).
struct ESigningHarness: Sendable {
    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let day: Int64 = 86_400_000

    let client: ESigningClient
    let sink: Graduate_Events_V1_EventSink.Client<TCPClientTransport>
    let service: ESigningService
    let pool: DatabasePool
    let issuer: TokenIssuer
    let clock: Clock

    final class Clock: Sendable {
        private let now = Atomic<Int64>(1_750_000_000_000)
        var value: Int64 { self.now.load(ordering: .relaxed) }
        func advance(days: Int64) { self.now.add(days * ESigningHarness.day, ordering: .relaxed) }
    }

    static func run<T: Sendable>(_ body: (ESigningHarness) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "esigning-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pool = try ESigningService.openDatabase(path: directory + "/esigning.sqlite", synchronous: .normal)
        let keys = try TokenKeyPair.generate()
        let clock = Clock()
        var settings = ESigningService.Settings()
        settings.clock = { clock.value }
        let rpc = try await ESigningServer.build(
            pool: pool, outbox: Outbox(source: "esigning", subscribers: ["test-subscriber"]), settings: settings,
            tokenPublicKeyPEM: keys.publicKeyPEM, logger: Self.silent
        )
        let service = rpc.service
        let server = GRPCServer(
            transport: TCPServerTransport(host: "127.0.0.1", port: 0),
            services: rpc.services,
            interceptors: [RequestContextInterceptor(logger: Self.silent)] + rpc.interceptors
        )
        let issuer = try await TokenIssuer(privateKeyPEM: keys.privateKeyPEM)
        return try await withServerAndClient(server) { client, _ in
            try await body(ESigningHarness(
                client: ESigningClient(wrapping: client), sink: .init(wrapping: client), service: service, pool: pool,
                issuer: issuer, clock: clock
            ))
        }
    }

    func token(_ principal: Principal) async throws -> Metadata {
        .bearer(try await self.issuer.issue(for: principal, lifetime: .seconds(600)))
    }

    // Principals ------------------------------------------------------------------------

    func schoolAdmin(_ school: String = "10001") async throws -> Metadata {
        try await self.token(Principal(subject: "admin-\(school)", kind: .staff, role: .schoolAdmin, schoolCode: school, modules: ["esigning"], displayName: "张主任"))
    }

    func staff(_ id: String, role: Principal.StaffRole, school: String = "10001", department: String? = nil, modules: [String] = ["esigning"]) async throws -> Metadata {
        try await self.token(Principal(subject: id, kind: .staff, role: role, schoolCode: school, departmentID: department, modules: modules, displayName: id))
    }

    func graduate(_ id: String, school: String = "10001") async throws -> Metadata {
        try await self.token(Principal(subject: id, kind: .graduate, schoolCode: school, displayName: id))
    }

    func employer(_ id: String) async throws -> Metadata {
        try await self.token(Principal(subject: id, kind: .employer, displayName: id))
    }

    // The accounts side, as events ------------------------------------------------------------

    private static let sequence = Atomic<Int>(0)

    func deliver(_ type: String, aggregate: String, _ payload: some SwiftProtobufMessage) async throws {
        var event = Event()
        event.id = UUID().uuidString
        event.source = "accounts"
        event.type = type
        event.aggregateType = aggregate
        event.aggregateID = aggregate
        event.payload = try payload.serializedData()
        event.occurredAtMs = self.clock.value
        var request = Graduate_Events_V1_DeliverRequest()
        request.events = [event]
        let service = try await self.token(Principal(subject: "accounts", kind: .service))
        let response = try await self.sink.deliver(request, metadata: service)
        precondition(response.acknowledgedIds == [event.id], "event \(type) not applied")
    }

    func school(_ code: String = "10001", name: String = "示范大学") async throws {
        var school = Graduate_Events_V1_SchoolCreated()
        school.schoolCode = code
        school.name = name
        try await self.deliver("school.created", aggregate: "school", school)
    }

    func department(_ id: String, _ name: String, school: String = "10001", reviewer: String? = nil) async throws {
        var department = Graduate_Events_V1_DepartmentCreated()
        department.departmentID = id
        department.schoolCode = school
        department.name = name
        try await self.deliver("school.department.created", aggregate: "school", department)
        if let reviewer {
            var change = Graduate_Events_V1_DepartmentReviewerChanged()
            change.departmentID = id
            change.schoolCode = school
            change.module = "esigning"
            change.accountID = reviewer
            try await self.deliver("school.department.reviewer.changed", aggregate: "school", change)
        }
    }

    /// A graduate on the roster; returns their 身份证号.
    @discardableResult
    func rosterGraduate(
        _ id: String, name: String, index: Int, school: String = "10001", department: String = "计算机学院",
        trainingMode: String = "1", type: String = "roster.graduate.added", removedReason: String = "",
        major: String = "软件工程", educationLevel: String = "31"
    ) async throws -> String {
        var graduate = Graduate_Events_V1_RosterGraduate()
        graduate.graduateID = id
        graduate.schoolCode = school
        graduate.department = department
        graduate.major = major
        graduate.educationLevel = educationLevel
        graduate.name = name
        graduate.idNumber = IDNumber.withCheckDigit("11010520020101" + String(format: "%03d", index))
        graduate.studentNumber = "S\(index)"
        graduate.gender = "1"
        graduate.cohort = 2025
        graduate.graduationDate = "202506"
        graduate.lengthOfSchooling = "4"
        graduate.trainingMode = trainingMode
        graduate.boundUnit = trainingMode == "1" ? "" : "某市教育局"
        graduate.originRegion = "110105"
        graduate.mobile = "13800000000"
        graduate.removedReason = removedReason
        try await self.deliver(type, aggregate: "graduate", graduate)
        return graduate.idNumber
    }

    func approvedEmployer(_ id: String, name: String, creditCode: String, status: String = "approved") async throws {
        var employer = Graduate_Events_V1_EmployerChanged()
        employer.employerID = id
        employer.creditCode = creditCode
        employer.name = name
        employer.nature = "39"
        employer.industry = "I"
        employer.regionCode = "110108"
        employer.address = "北京市海淀区中关村大街1号"
        employer.contactName = "王经理"
        employer.contactPhone = "13812345678"
        employer.email = "hr@example.com"
        employer.status = status
        try await self.deliver("employer.\(status)", aggregate: "employer", employer)
    }

    func openSigning(reviewMode: String = "schoolOnly", school: String = "10001") async throws {
        var settings = Graduate_Esigning_V1_SigningSettings()
        settings.cohort = 2025
        settings.agreementType = "threeParty"
        settings.signingOpen = true
        settings.reviewMode = reviewMode
        settings.maxResponseDays = 7
        settings.schoolInfo.schoolName = "示范大学"
        settings.schoolInfo.employmentOffice = "学生就业指导中心"
        settings.schoolInfo.contactName = "李老师"
        settings.schoolInfo.contactPhone = "010-62751234"
        settings.schoolInfo.address = "北京市海淀区颐和园路5号"
        settings.schoolInfo.postcode = "100871"
        settings.schoolInfo.opinion = "同意"
        _ = try await self.client.updateSigningSettings(settings, metadata: try await self.schoolAdmin(school))
    }

    // Flows -----------------------------------------------------------------------------------

    static var job: Graduate_Esigning_V1_JobTerms {
        var job = Graduate_Esigning_V1_JobTerms()
        job.jobTitle = "软件开发工程师"
        job.workLocation = "北京市海淀区"
        job.monthlySalaryYuan = 15000
        job.probationMonths = 3
        job.contractTerm = "3年"
        return job
    }

    static func employerParty(name: String = "北京示范软件有限公司", creditCode: String) -> Graduate_Esigning_V1_EmployerParty {
        var party = Graduate_Esigning_V1_EmployerParty()
        party.name = name
        party.creditCode = creditCode
        party.nature = "39"
        party.industry = "I"
        party.regionCode = "110108"
        party.address = "北京市海淀区中关村大街1号"
        party.contactName = "王经理"
        party.contactPhone = "13812345678"
        return party
    }

    func offer(from employer: String, to idNumber: String, name: String, days: Int32 = 7) async throws -> Graduate_Esigning_V1_Agreement {
        var request = Graduate_Esigning_V1_SendOfferRequest()
        request.graduateIDNumber = idNumber
        request.graduateName = name
        request.job = Self.job
        request.respondWithinDays = days
        return try await self.client.sendOffer(request, metadata: try await self.employer(employer))
    }

    func act(_ id: String, _ action: String, as caller: Metadata, reason: String = "", attachment: String = "") async throws -> Graduate_Esigning_V1_Agreement {
        var request = Graduate_Esigning_V1_ActRequest()
        request.agreementID = id
        request.action = action
        request.reason = reason
        request.attachmentSha256 = attachment
        return try await self.client.act(request, metadata: caller)
    }

    func upload(_ content: Data, as caller: Metadata) async throws -> String {
        var request = Graduate_Esigning_V1_UploadAttachmentRequest()
        request.content = content
        request.fileName = "协议.png"
        return try await self.client.uploadAttachment(request, metadata: caller).sha256
    }

    func outboxTypes() async throws -> [String] {
        try await self.pool.read { db in try String.fetchAll(db, sql: "SELECT type FROM outbox_event ORDER BY seq") }
    }

    static let png = ScanFixture.png()
}

typealias SwiftProtobufMessage = SwiftProtobuf.Message

