import ArchiveService
import AuthKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import Logging
import RPCTransport
import ServiceKit
import StorageKit
import SwiftProtobuf
import TransportTestSupport

typealias ArchiveClient = Graduate_Archive_V1_Archive.Client<TCPClientTransport>

/// The archive service on a temporary database behind a real TCP server, with a token issuer
/// for any principal; accounts and esigning are played by delivering their events to the
/// service's EventSink with a service token, as their relays do.
struct ArchiveHarness: Sendable {
    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    let client: ArchiveClient
    let sink: Graduate_Events_V1_EventSink.Client<TCPClientTransport>
    let pool: DatabasePool
    let issuer: TokenIssuer

    static func run<T: Sendable>(_ body: (ArchiveHarness) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "archive-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pool = try ArchiveService.openDatabase(path: directory + "/archive.sqlite", synchronous: .normal)
        let keys = try TokenKeyPair.generate()
        let rpc = try await ArchiveServer.build(
            pool: pool, outbox: Outbox(source: "archive", subscribers: ["test-subscriber"]), tokenPublicKeyPEM: keys.publicKeyPEM, logger: Self.silent
        )
        let server = GRPCServer(
            transport: TCPServerTransport(host: "127.0.0.1", port: 0),
            services: rpc.services,
            interceptors: [RequestContextInterceptor(logger: Self.silent)] + rpc.interceptors
        )
        let issuer = try await TokenIssuer(privateKeyPEM: keys.privateKeyPEM)
        return try await withServerAndClient(server) { client, _ in
            try await body(ArchiveHarness(client: ArchiveClient(wrapping: client), sink: .init(wrapping: client), pool: pool, issuer: issuer))
        }
    }

    func token(_ principal: Principal) async throws -> Metadata {
        .bearer(try await self.issuer.issue(for: principal, lifetime: .seconds(600)))
    }

    func schoolAdmin(_ school: String = "10001") async throws -> Metadata {
        try await self.token(Principal(subject: "admin-\(school)", kind: .staff, role: .schoolAdmin, schoolCode: school, modules: ["archive"], displayName: "张主任"))
    }

    func staff(_ id: String, role: Principal.StaffRole, school: String = "10001", department: String? = nil, modules: [String] = ["archive"]) async throws -> Metadata {
        try await self.token(Principal(subject: id, kind: .staff, role: role, schoolCode: school, departmentID: department, modules: modules, displayName: id))
    }

    func graduate(_ id: String, school: String = "10001") async throws -> Metadata {
        try await self.token(Principal(subject: id, kind: .graduate, schoolCode: school, displayName: id))
    }

    // Other services, as events ---------------------------------------------------------------

    func deliver(_ type: String, source: String = "accounts", aggregate: String, _ payload: some SwiftProtobuf.Message) async throws {
        var event = Event()
        event.id = UUID().uuidString
        event.source = source
        event.type = type
        event.aggregateType = aggregate
        event.aggregateID = aggregate
        event.payload = try payload.serializedData()
        event.occurredAtMs = nowMilliseconds()
        var request = Graduate_Events_V1_DeliverRequest()
        request.events = [event]
        let response = try await self.sink.deliver(request, metadata: try await self.token(Principal(subject: source, kind: .service)))
        precondition(response.acknowledgedIds == [event.id], "event \(type) not applied")
    }

    func school(_ code: String = "10001") async throws {
        var school = Graduate_Events_V1_SchoolCreated()
        school.schoolCode = code
        school.name = "示范大学"
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
            change.module = "archive"
            change.accountID = reviewer
            try await self.deliver("school.department.reviewer.changed", aggregate: "school", change)
        }
    }

    func rosterGraduate(
        _ id: String, name: String, department: String = "计算机学院", school: String = "10001", removed: String? = nil,
        idNumber: String = "11010519491231002X"
    ) async throws {
        var graduate = Graduate_Events_V1_RosterGraduate()
        graduate.graduateID = id
        graduate.schoolCode = school
        graduate.department = department
        graduate.major = "软件工程"
        graduate.educationLevel = "31"
        graduate.name = name
        graduate.idNumber = idNumber
        graduate.studentNumber = "S-\(id)"
        graduate.cohort = 2027
        graduate.graduationDate = "202706"
        if let removed { graduate.removedReason = removed }
        try await self.deliver(removed == nil ? "roster.graduate.added" : "roster.graduate.removed", aggregate: id, graduate)
    }

    func destination(_ graduate: String, employer: String, region: String = "310115", address: String = "上海市浦东新区世纪大道100号", code: String = "10") async throws {
        var destination = Graduate_Events_V1_DestinationChanged()
        destination.graduateID = graduate
        destination.schoolCode = "10001"
        destination.agreementID = "agreement-\(graduate)"
        destination.destinationCode = code
        destination.employerName = employer
        destination.employerRegionCode = region
        destination.employerAddress = address
        try await self.deliver("signing.destination.effective", source: "esigning", aggregate: graduate, destination)
    }

    func settings(open: Bool = true, mode: String = "schoolOnly") async throws {
        var settings = Graduate_Archive_V1_ArchiveSettings()
        settings.cohort = 2027
        settings.registrationOpen = open
        settings.reviewMode = mode
        _ = try await self.client.updateArchiveSettings(settings, metadata: try await self.schoolAdmin())
    }

    /// A valid 身份证号 (GB 11643 check digit) born on 2004-05-01, numbered by `serial` (0–999).
    static func idNumber(_ serial: Int) -> String {
        let body = "110105200405" + "01" + String(format: "%03d", serial)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// A valid 单位接收 record with 户口 moving to the unit's city.
    static func unitValues(_ unit: String = "上海示范科技有限公司") -> Graduate_Archive_V1_ArchiveValues {
        var values = Graduate_Archive_V1_ArchiveValues()
        values.transferType = "01"
        values.receivingUnitName = unit
        values.receivingUnitRegion = "310115"
        values.receivingUnitAddress = "上海市浦东新区世纪大道100号"
        values.receivingUnitPostcode = "200120"
        values.receivingUnitContact = "李老师"
        values.receivingUnitPhone = "13800138000"
        values.transferMethod = "01"
        values.migratesHukou = "1"
        values.hukouMigrationType = "02"
        values.hukouRegion = "310115"
        values.hukouAddress = "世纪大道100号"
        values.policeStation = "浦东新区陆家嘴派出所"
        return values
    }

    func submit(_ graduate: String, _ values: Graduate_Archive_V1_ArchiveValues = Self.unitValues()) async throws -> Graduate_Archive_V1_ArchiveApplication {
        var request = Graduate_Archive_V1_SubmitArchiveApplicationRequest()
        request.values = values
        return try await self.client.submitArchiveApplication(request, metadata: try await self.graduate(graduate))
    }

    func act(_ application: String, _ action: String, reason: String = "", as caller: Metadata) async throws -> Graduate_Archive_V1_ArchiveApplication {
        var request = Graduate_Archive_V1_ArchiveActRequest()
        request.applicationID = application
        request.action = action
        request.reason = reason
        return try await self.client.actOnArchiveApplication(request, metadata: caller)
    }
}
