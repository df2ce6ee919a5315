import Foundation
import GraduateProto

/// 解约 (DOMAIN.md §4.4, §4.5): what clients send and a termination as the API shows it.
extension SigningJSON {
    /// `POST /agreements/{id}/terminations`: the 解约函 is required for agreements signed offline.
    struct TerminationInput: Decodable {
        var reason: String
        var attachmentSha256: String?
    }

    /// `POST /agreements/{id}/forced-termination`: 强制解约 needs the proof and the reason.
    struct ForcedTerminationInput: Decodable {
        var reason: String
        var attachmentSha256: String
    }

    /// The optional body of `POST /terminations/{id}/{action}`.
    struct TerminationActionInput: Decodable {
        var reason: String?
        var attachmentSha256: String?
    }

    /// One termination (list items carry no history). Every key is always present;
    /// `employerId`, `invalidatedAt` and `invalidReason` are null when absent.
    struct Termination: Encodable, Sendable {
        var id: String
        var agreementId: String
        var agreementNumber: String
        var agreementFlow: String
        var cohort: Int32
        var kind: String
        var kindName: String
        var initiator: String
        var initiatorName: String
        var status: String
        var statusName: String
        var reason: String
        var lastReason: String
        var graduate: GraduateParty
        var employerId: String?
        var employerName: String
        var employerCreditCode: String
        var createdAt: String
        var updatedAt: String
        var history: [HistoryEntry]
        var attachments: [Attachment]
        var invalidatedAt: String?
        var invalidReason: String?

        init(_ termination: Graduate_Esigning_V1_Termination) {
            self.id = termination.id
            self.agreementId = termination.agreementID
            self.agreementNumber = termination.agreementNumber
            self.agreementFlow = termination.agreementFlow
            self.cohort = termination.cohort
            self.kind = termination.kind
            self.kindName = termination.kindName
            self.initiator = termination.initiator
            self.initiatorName = termination.initiatorName
            self.status = termination.status
            self.statusName = termination.statusName
            self.reason = termination.reason
            self.lastReason = termination.lastReason
            self.graduate = GraduateParty(termination.graduate)
            self.employerId = termination.employerID.isEmpty ? nil : termination.employerID
            self.employerName = termination.employerName
            self.employerCreditCode = termination.employerCreditCode
            self.createdAt = beijingTime(milliseconds: termination.createdAtMs)
            self.updatedAt = beijingTime(milliseconds: termination.updatedAtMs)
            self.history = termination.history.map(HistoryEntry.init)
            self.attachments = termination.attachments.map(Attachment.init)
            self.invalidatedAt = termination.invalidatedAtMs == 0 ? nil : beijingTime(milliseconds: termination.invalidatedAtMs)
            self.invalidReason = termination.invalidReason.isEmpty ? nil : termination.invalidReason
        }

        enum CodingKeys: String, CodingKey {
            case id, agreementId, agreementNumber, agreementFlow, cohort, kind, kindName, initiator, initiatorName, status, statusName
            case reason, lastReason, graduate, employerId, employerName, employerCreditCode, createdAt, updatedAt, history, attachments
            case invalidatedAt, invalidReason
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.id, forKey: .id)
            try container.encode(self.agreementId, forKey: .agreementId)
            try container.encode(self.agreementNumber, forKey: .agreementNumber)
            try container.encode(self.agreementFlow, forKey: .agreementFlow)
            try container.encode(self.cohort, forKey: .cohort)
            try container.encode(self.kind, forKey: .kind)
            try container.encode(self.kindName, forKey: .kindName)
            try container.encode(self.initiator, forKey: .initiator)
            try container.encode(self.initiatorName, forKey: .initiatorName)
            try container.encode(self.status, forKey: .status)
            try container.encode(self.statusName, forKey: .statusName)
            try container.encode(self.reason, forKey: .reason)
            try container.encode(self.lastReason, forKey: .lastReason)
            try container.encode(self.graduate, forKey: .graduate)
            try container.encode(self.employerId, forKey: .employerId)
            try container.encode(self.employerName, forKey: .employerName)
            try container.encode(self.employerCreditCode, forKey: .employerCreditCode)
            try container.encode(self.createdAt, forKey: .createdAt)
            try container.encode(self.updatedAt, forKey: .updatedAt)
            try container.encode(self.history, forKey: .history)
            try container.encode(self.attachments, forKey: .attachments)
            try container.encode(self.invalidatedAt, forKey: .invalidatedAt)
            try container.encode(self.invalidReason, forKey: .invalidReason)
        }
    }
}
