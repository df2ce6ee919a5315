import Foundation
import GraduateProto

/// 其他毕业去向登记 (DOMAIN.md §4.6, §7): what clients send and a registration as the API shows it.
extension SigningJSON {
    /// `POST /destination-registrations`. `graduateId` only for staff registering for a graduate.
    struct RegistrationInput: Decodable {
        var graduateId: String?
        var category: String
        var fields: [String: String]
        var attachmentSha256: String?

        var rpc: Graduate_Esigning_V1_RegisterDestinationRequest {
            var request = Graduate_Esigning_V1_RegisterDestinationRequest()
            request.graduateID = self.graduateId ?? ""
            request.category = self.category
            request.fields = self.fields
            request.attachmentSha256 = self.attachmentSha256 ?? ""
            return request
        }
    }

    /// The optional body of `POST /destination-registrations/{id}/{action}`: `category` or
    /// `fields` present means corrected data (the graduate's resubmit, the school's amend).
    struct RegistrationActionInput: Decodable {
        var reason: String?
        var category: String?
        var fields: [String: String]?
        var attachmentSha256: String?
    }

    /// One registration (list items carry no history). Every key is always present;
    /// `effectiveAt`, `invalidatedAt` and `invalidReason` are null when absent.
    struct Registration: Encodable, Sendable {
        var id: String
        var cohort: Int32
        var category: String
        var categoryName: String
        var fields: [String: String]
        var summary: String
        var status: String
        var statusName: String
        var registeredBy: String
        var boundUnit: Bool
        var graduate: GraduateParty
        var lastReason: String
        var createdAt: String
        var updatedAt: String
        var effectiveAt: String?
        var history: [HistoryEntry]
        var attachments: [Attachment]
        var invalidatedAt: String?
        var invalidReason: String?

        init(_ registration: Graduate_Esigning_V1_DestinationRegistration) {
            self.id = registration.id
            self.cohort = registration.cohort
            self.category = registration.category
            self.categoryName = registration.categoryName
            self.fields = registration.fields
            self.summary = registration.summary
            self.status = registration.status
            self.statusName = registration.statusName
            self.registeredBy = registration.registeredBy
            self.boundUnit = registration.boundUnit
            self.graduate = GraduateParty(registration.graduate)
            self.lastReason = registration.lastReason
            self.createdAt = beijingTime(milliseconds: registration.createdAtMs)
            self.updatedAt = beijingTime(milliseconds: registration.updatedAtMs)
            self.effectiveAt = registration.effectiveAtMs == 0 ? nil : beijingTime(milliseconds: registration.effectiveAtMs)
            self.history = registration.history.map(HistoryEntry.init)
            self.attachments = registration.attachments.map(Attachment.init)
            self.invalidatedAt = registration.invalidatedAtMs == 0 ? nil : beijingTime(milliseconds: registration.invalidatedAtMs)
            self.invalidReason = registration.invalidReason.isEmpty ? nil : registration.invalidReason
        }

        enum CodingKeys: String, CodingKey {
            case id, cohort, category, categoryName, fields, summary, status, statusName, registeredBy, boundUnit, graduate
            case lastReason, createdAt, updatedAt, effectiveAt, history, attachments, invalidatedAt, invalidReason
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.id, forKey: .id)
            try container.encode(self.cohort, forKey: .cohort)
            try container.encode(self.category, forKey: .category)
            try container.encode(self.categoryName, forKey: .categoryName)
            try container.encode(self.fields, forKey: .fields)
            try container.encode(self.summary, forKey: .summary)
            try container.encode(self.status, forKey: .status)
            try container.encode(self.statusName, forKey: .statusName)
            try container.encode(self.registeredBy, forKey: .registeredBy)
            try container.encode(self.boundUnit, forKey: .boundUnit)
            try container.encode(self.graduate, forKey: .graduate)
            try container.encode(self.lastReason, forKey: .lastReason)
            try container.encode(self.createdAt, forKey: .createdAt)
            try container.encode(self.updatedAt, forKey: .updatedAt)
            try container.encode(self.effectiveAt, forKey: .effectiveAt)
            try container.encode(self.history, forKey: .history)
            try container.encode(self.attachments, forKey: .attachments)
            try container.encode(self.invalidatedAt, forKey: .invalidatedAt)
            try container.encode(self.invalidReason, forKey: .invalidReason)
        }
    }
}
