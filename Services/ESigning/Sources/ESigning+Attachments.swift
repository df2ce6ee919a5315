import AuthKit
import Crypto
import DocumentKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit

/// Scans of agreements (signed e-agreements, paper agreements for 补登): PDF, JPG or PNG up
/// to 10 MiB, the type read from the bytes, stored once by content. A scan is downloadable
/// only by those who may see a record it belongs to (or by whoever uploaded it).
extension ESigningService {
    static let maxAttachmentBytes = 10 * 1024 * 1024

    public func uploadAttachment(
        request: Graduate_Esigning_V1_UploadAttachmentRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_Attachment {
        let principal = try self.caller()
        guard !request.content.isEmpty else { throw RPCError.invalid(field: "file", "请选择要上传的文件") }
        guard request.content.count <= Self.maxAttachmentBytes else { throw RPCError.invalid(field: "file", "文件不能超过10MB") }
        // Read whole by its decoder before it is stored: the first bytes alone prove nothing.
        let type: ScanType
        do {
            type = try ScanDecoder.decode(request.content).type
        } catch {
            throw RPCError.invalid(field: "file", error.message)
        }
        let sha256 = SHA256.hash(data: request.content).map { String(format: "%02x", $0) }.joined()
        let now = self.settings.clock()
        try await self.pool.write { db in
            // Stored once; the first uploader owns it (another uploader of the same bytes gets a row of their own).
            try db.execute(
                sql: """
                    INSERT INTO attachment (sha256, content_type, size, content, uploaded_by, uploaded_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING
                    """,
                arguments: [sha256, type.contentType, request.content.count, request.content, principal.subject, now]
            )
            if try String.fetchOne(db, sql: "SELECT uploaded_by FROM attachment WHERE sha256 = ?", arguments: [sha256]) != principal.subject {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO attachment_upload (sha256, uploaded_by, uploaded_at_ms) VALUES (?, ?, ?)",
                    arguments: [sha256, principal.subject, now]
                )
            }
        }
        var attachment = Graduate_Esigning_V1_Attachment()
        attachment.sha256 = sha256
        attachment.contentType = type.contentType
        attachment.size = Int64(request.content.count)
        attachment.uploadedAtMs = now
        return attachment
    }

    public func getAttachment(
        request: Graduate_Esigning_V1_GetAttachmentRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_AttachmentContent {
        let principal = try self.caller()
        return try await self.pool.read { db in
            // `agreement_id` names any record: an agreement, a termination or a registration.
            let linked: String
            if let record = try AgreementRecord.fetch(db, id: request.agreementID) {
                guard try self.maySee(record, principal, db) else { throw RPCError.notFound("附件不存在") }
                linked = "SELECT agreement_id AS record_id, sha256, kind, uploaded_at_ms FROM agreement_attachment"
            } else if let record = try TerminationRecord.fetch(db, id: request.agreementID) {
                guard try self.maySee(record, principal, db) else { throw RPCError.notFound("附件不存在") }
                linked = "SELECT record_id, sha256, kind, uploaded_at_ms FROM record_attachment"
            } else if let record = try RegistrationRecord.fetch(db, id: request.agreementID) {
                guard try self.maySee(record, principal, db) else { throw RPCError.notFound("附件不存在") }
                linked = "SELECT record_id, sha256, kind, uploaded_at_ms FROM record_attachment"
            } else {
                throw RPCError.notFound("附件不存在")
            }
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT a.*, l.kind, l.uploaded_at_ms AS linked_at FROM (\(linked)) l
                    JOIN attachment a ON a.sha256 = l.sha256 WHERE l.record_id = ? AND l.sha256 = ?
                    """,
                arguments: [request.agreementID, request.sha256]
            ) else { throw RPCError.notFound("附件不存在") }
            var content = Graduate_Esigning_V1_AttachmentContent()
            content.attachment.sha256 = row["sha256"]
            content.attachment.contentType = row["content_type"]
            content.attachment.size = row["size"]
            content.attachment.kind = row["kind"]
            content.attachment.uploadedAtMs = row["linked_at"]
            content.content = row["content"]
            return content
        }
    }
}
