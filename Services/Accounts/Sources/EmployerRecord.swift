import Crypto
import DocumentKit
import Foundation
import GRDB
import GRPCCore
import GraduateDomain
import GraduateProto
import ServiceKit

/// An employer's form after validation: every field as it will be stored.
struct ValidEmployerForm {
    var name: String
    var nature: EmployerNature
    var industry: Industry
    var region: RegionCode
    var address: String
    var contactName: String
    var contactPhone: ContactPhone
    var email: EmailAddress

    /// Checks every field in form order; the first bad one is refused with its field name.
    init(_ form: Graduate_Accounts_V1_EmployerForm) throws {
        self.name = try Self.text(form.name, field: "name", label: "单位名称", limit: 100)
        guard let nature = EmployerNature(rawValue: form.nature.trimmingCharacters(in: .whitespaces)) else {
            throw RPCError.invalid(field: "nature", form.nature.isEmpty ? "请选择单位性质" : "未知的单位性质代码")
        }
        self.nature = nature
        guard let industry = Industry(rawValue: form.industry.trimmingCharacters(in: .whitespaces).uppercased()) else {
            throw RPCError.invalid(field: "industry", form.industry.isEmpty ? "请选择行业" : "未知的行业门类代码（应为A到T）")
        }
        self.industry = industry
        do throws(RegionCode.Problem) {
            self.region = try RegionCode(form.regionCode)
        } catch {
            throw RPCError.invalid(field: "regionCode", form.regionCode.isEmpty ? "请选择所在地" : error.message)
        }
        self.address = try Self.text(form.address, field: "address", label: "单位地址", limit: 200)
        self.contactName = try Self.text(form.contactName, field: "contactName", label: "联系人", limit: 50)
        guard let phone = ContactPhone(form.contactPhone) else {
            throw RPCError.invalid(field: "contactPhone", form.contactPhone.isEmpty ? "请填写联系电话" : ContactPhone.problemMessage)
        }
        self.contactPhone = phone
        guard let email = EmailAddress(form.email) else {
            throw RPCError.invalid(field: "email", form.email.isEmpty ? "请填写电子邮箱" : "电子邮箱格式不正确")
        }
        self.email = email
    }

    private static func text(_ value: String, field: String, label: String, limit: Int) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw RPCError.invalid(field: field, "请填写\(label)") }
        guard trimmed.count <= limit else { throw RPCError.invalid(field: field, "\(label)最多\(limit)字") }
        guard !trimmed.contains(where: { $0.isNewline }) else { throw RPCError.invalid(field: field, "\(label)不能换行") }
        if let problem = DisplayText.problem(in: trimmed) { throw RPCError.invalid(field: field, "\(label)\(problem)") }
        return trimmed
    }
}

/// A licence scan (营业执照) that passed the checks: ≤ 10 MiB, a PDF, JPEG or PNG that its
/// decoder reads whole (`ScanDecoder`).
struct LicenceScan {
    static let maximumBytes = 10 * 1024 * 1024

    var content: Data
    var type: ScanType
    var sha256: String

    init(_ content: Data) throws {
        guard !content.isEmpty else { throw RPCError.invalid(field: "licence", "请上传营业执照扫描件") }
        guard content.count <= Self.maximumBytes else { throw RPCError.invalid(field: "licence", "营业执照扫描件不能超过10MB") }
        let scan: ScanDecoder.Scan
        do {
            scan = try ScanDecoder.decode(content)
        } catch .unknownType {
            throw RPCError.invalid(field: "licence", "营业执照扫描件应为PDF、JPG或PNG文件")
        } catch {
            throw RPCError.invalid(field: "licence", "营业执照扫描件：\(error.message)")
        }
        self.content = content
        self.type = scan.type
        self.sha256 = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
    }

    /// Stores the file once per content.
    func store(_ db: Database, now: Int64) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO attachment (sha256, content_type, size, content, created_at_ms) VALUES (?, ?, ?, ?, ?)",
            arguments: [self.sha256, self.type.contentType, self.content.count, self.content, now]
        )
    }
}

/// The `employer` table: reading rows as messages and events.
enum EmployerRecord {
    static let selectSQL = """
        SELECT e.*, a.content_type AS licence_content_type, a.size AS licence_size, r.display_name AS reviewer_name
        FROM employer e
        JOIN attachment a ON a.sha256 = e.licence_sha256
        LEFT JOIN account r ON r.id = e.reviewer_id
        """

    static func fetch(_ db: Database, id: String) throws -> Graduate_Accounts_V1_Employer? {
        try Row.fetchOne(db, sql: Self.selectSQL + " WHERE e.id = ?", arguments: [id]).map(Self.proto)
    }

    static func proto(_ row: Row) -> Graduate_Accounts_V1_Employer {
        var employer = Graduate_Accounts_V1_Employer()
        employer.id = row["id"]
        employer.creditCode = row["credit_code"]
        employer.name = row["name"]
        employer.nature = row["nature"]
        employer.industry = row["industry"]
        employer.regionCode = row["region_code"]
        employer.address = row["address"]
        employer.contactName = row["contact_name"]
        employer.contactPhone = row["contact_phone"]
        employer.email = row["email"]
        employer.status = Self.protoStatus(EmployerStatus(rawValue: row["status"]) ?? .pending)
        employer.reason = row["reason"]
        employer.reviewedBy = row["reviewer_name"] ?? ""
        employer.registeredAtMs = row["registered_at_ms"]
        employer.reviewedAtMs = row["reviewed_at_ms"] ?? 0
        employer.updatedAtMs = row["updated_at_ms"]
        employer.licenceContentType = row["licence_content_type"]
        employer.licenceSha256 = row["licence_sha256"]
        employer.licenceSize = row["licence_size"]
        return employer
    }

    static func protoStatus(_ status: EmployerStatus) -> Graduate_Accounts_V1_EmployerStatus {
        switch status {
        case .pending: .employerPending
        case .approved: .employerApproved
        case .rejected: .employerRejected
        }
    }

    static func domainStatus(_ status: Graduate_Accounts_V1_EmployerStatus) -> EmployerStatus? {
        switch status {
        case .employerPending: .pending
        case .employerApproved: .approved
        case .employerRejected: .rejected
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    /// The payload of every employer event: what other services need to know of it.
    static func event(_ employer: Graduate_Accounts_V1_Employer) -> Graduate_Events_V1_EmployerChanged {
        var event = Graduate_Events_V1_EmployerChanged()
        event.employerID = employer.id
        event.creditCode = employer.creditCode
        event.name = employer.name
        event.nature = employer.nature
        event.industry = employer.industry
        event.regionCode = employer.regionCode
        event.address = employer.address
        event.contactName = employer.contactName
        event.contactPhone = employer.contactPhone
        event.email = employer.email
        event.status = Self.domainStatus(employer.status)?.rawValue ?? ""
        event.reason = employer.reason
        event.changedAtMs = employer.updatedAtMs
        return event
    }
}
