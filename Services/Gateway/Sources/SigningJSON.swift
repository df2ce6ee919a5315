import Foundation
import ESigningDomain
import GraduateDomain
import GraduateProto

/// The JSON shapes of the e-signing API (`SigningController`): what clients send, and the
/// agreements, settings, counters and verifications as the API shows them. Statuses, flows
/// and actions travel as their codes, with the Chinese name the service gives beside them.
enum SigningJSON {
    // Input -------------------------------------------------------------------------------------

    /// 学校信息 (§3); absent fields are empty (the service says which one it needs).
    struct SchoolInfo: Codable, Sendable {
        var schoolName: String?
        var employmentOffice: String?
        var contactName: String?
        var contactPhone: String?
        var address: String?
        var postcode: String?
        var opinion: String?

        init(_ info: Graduate_Esigning_V1_SchoolInfo) {
            self.schoolName = info.schoolName
            self.employmentOffice = info.employmentOffice
            self.contactName = info.contactName
            self.contactPhone = info.contactPhone
            self.address = info.address
            self.postcode = info.postcode
            self.opinion = info.opinion
        }

        var rpc: Graduate_Esigning_V1_SchoolInfo {
            var info = Graduate_Esigning_V1_SchoolInfo()
            info.schoolName = self.schoolName ?? ""
            info.employmentOffice = self.employmentOffice ?? ""
            info.contactName = self.contactName ?? ""
            info.contactPhone = self.contactPhone ?? ""
            info.address = self.address ?? ""
            info.postcode = self.postcode ?? ""
            info.opinion = self.opinion ?? ""
            return info
        }
    }

    /// `PUT /signing-settings`.
    struct SettingsInput: Decodable {
        var cohort: Int32
        var agreementType: String
        var signingOpen: Bool
        var reviewMode: String
        var maxResponseDays: Int32
        var schoolInfo: SchoolInfo

        var rpc: Graduate_Esigning_V1_SigningSettings {
            var settings = Graduate_Esigning_V1_SigningSettings()
            settings.cohort = self.cohort
            settings.agreementType = self.agreementType
            settings.signingOpen = self.signingOpen
            settings.reviewMode = self.reviewMode
            settings.maxResponseDays = self.maxResponseDays
            settings.schoolInfo = self.schoolInfo.rpc
            return settings
        }
    }

    /// 甲方 as a client sends it (every field optional here: the service checks each one).
    struct EmployerInput: Decodable {
        var name: String?
        var creditCode: String?
        var nature: String?
        var industry: String?
        var regionCode: String?
        var address: String?
        var contactName: String?
        var contactPhone: String?
        var email: String?

        var rpc: Graduate_Esigning_V1_EmployerParty {
            var party = Graduate_Esigning_V1_EmployerParty()
            party.name = self.name ?? ""
            party.creditCode = self.creditCode ?? ""
            party.nature = self.nature ?? ""
            party.industry = self.industry ?? ""
            party.regionCode = self.regionCode ?? ""
            party.address = self.address ?? ""
            party.contactName = self.contactName ?? ""
            party.contactPhone = self.contactPhone ?? ""
            party.email = self.email ?? ""
            return party
        }
    }

    /// The job (§6).
    struct Job: Codable, Sendable {
        var jobTitle: String?
        var workLocation: String?
        var monthlySalaryYuan: Int32?
        var probationMonths: Int32?
        var contractTerm: String?
        var otherTerms: String?

        init(_ job: Graduate_Esigning_V1_JobTerms) {
            self.jobTitle = job.jobTitle
            self.workLocation = job.workLocation
            self.monthlySalaryYuan = job.monthlySalaryYuan
            self.probationMonths = job.probationMonths
            self.contractTerm = job.contractTerm
            self.otherTerms = job.otherTerms
        }

        var rpc: Graduate_Esigning_V1_JobTerms {
            var job = Graduate_Esigning_V1_JobTerms()
            job.jobTitle = self.jobTitle ?? ""
            job.workLocation = self.workLocation ?? ""
            job.monthlySalaryYuan = self.monthlySalaryYuan ?? 0
            job.probationMonths = self.probationMonths ?? 0
            job.contractTerm = self.contractTerm ?? ""
            job.otherTerms = self.otherTerms ?? ""
            return job
        }
    }

    /// `POST /offers`.
    struct OfferInput: Decodable {
        var graduateIdNumber: String
        var graduateName: String
        var cohort: Int32?
        var respondWithinDays: Int32
        var job: Job
        var contact: EmployerInput?

        var rpc: Graduate_Esigning_V1_SendOfferRequest {
            var offer = Graduate_Esigning_V1_SendOfferRequest()
            offer.graduateIDNumber = self.graduateIdNumber
            offer.graduateName = self.graduateName
            offer.cohort = self.cohort ?? 0
            offer.respondWithinDays = self.respondWithinDays
            offer.job = self.job.rpc
            if let contact = self.contact { offer.contact = contact.rpc }
            return offer
        }
    }

    /// `POST /agreement-applications` and `POST /back-registrations`.
    struct ApplicationInput: Decodable {
        var employer: EmployerInput
        var job: Job
        var attachmentSha256: String?

        var rpc: Graduate_Esigning_V1_ApplyRequest {
            var apply = Graduate_Esigning_V1_ApplyRequest()
            apply.employer = self.employer.rpc
            apply.job = self.job.rpc
            apply.attachmentSha256 = self.attachmentSha256 ?? ""
            return apply
        }
    }

    /// The optional body of `POST /agreements/{id}/{action}`.
    struct ActionInput: Decodable {
        var reason: String?
        var employer: EmployerInput?
        var job: Job?
        var attachmentSha256: String?
    }

    // Output ------------------------------------------------------------------------------------

    struct Settings: Encodable, Sendable {
        var cohort: Int32
        var agreementType: String
        var signingOpen: Bool
        var reviewMode: String
        var maxResponseDays: Int32
        var schoolInfo: SchoolInfo
        var agreementTypeLocked: Bool
        var updatedAt: String?

        init(_ settings: Graduate_Esigning_V1_SigningSettings) {
            self.cohort = settings.cohort
            self.agreementType = settings.agreementType
            self.signingOpen = settings.signingOpen
            self.reviewMode = settings.reviewMode
            self.maxResponseDays = settings.maxResponseDays
            self.schoolInfo = SchoolInfo(settings.schoolInfo)
            self.agreementTypeLocked = settings.agreementTypeLocked
            self.updatedAt = settings.updatedAtMs == 0 ? nil : beijingTime(milliseconds: settings.updatedAtMs)
        }

        enum CodingKeys: String, CodingKey {
            case cohort, agreementType, signingOpen, reviewMode, maxResponseDays, schoolInfo, agreementTypeLocked, updatedAt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.cohort, forKey: .cohort)
            try container.encode(self.agreementType, forKey: .agreementType)
            try container.encode(self.signingOpen, forKey: .signingOpen)
            try container.encode(self.reviewMode, forKey: .reviewMode)
            try container.encode(self.maxResponseDays, forKey: .maxResponseDays)
            try container.encode(self.schoolInfo, forKey: .schoolInfo)
            try container.encode(self.agreementTypeLocked, forKey: .agreementTypeLocked)
            try container.encode(self.updatedAt, forKey: .updatedAt)
        }
    }

    /// 甲方 as the API shows it: codes with their names.
    struct EmployerParty: Encodable, Sendable {
        var name: String
        var creditCode: String
        var nature: String
        var natureName: String
        var industry: String
        var industryName: String
        var regionCode: String
        var address: String
        var contactName: String
        var contactPhone: String
        var email: String

        init(_ party: Graduate_Esigning_V1_EmployerParty) {
            self.name = party.name
            self.creditCode = party.creditCode
            self.nature = party.nature
            self.natureName = EmployerNature.name(ofCode: party.nature) ?? ""
            self.industry = party.industry
            self.industryName = Industry.name(ofCode: party.industry) ?? ""
            self.regionCode = party.regionCode
            self.address = party.address
            self.contactName = party.contactName
            self.contactPhone = party.contactPhone
            self.email = party.email
        }
    }

    /// 乙方, from the roster.
    struct GraduateParty: Encodable, Sendable {
        var graduateId: String
        var name: String
        var gender: String
        var idNumber: String
        var schoolName: String
        var department: String
        var major: String
        var educationLevel: String
        var educationLevelName: String
        var graduationDate: String
        var trainingMode: String
        var originRegion: String
        var mobile: String
        var studentNumber: String
        var cohort: Int32

        init(_ graduate: Graduate_Esigning_V1_GraduateParty) {
            self.graduateId = graduate.graduateID
            self.name = graduate.name
            self.gender = graduate.gender
            self.idNumber = graduate.idNumber
            self.schoolName = graduate.schoolName
            self.department = graduate.department
            self.major = graduate.major
            self.educationLevel = graduate.educationLevel
            self.educationLevelName = EducationLevel.name(ofCode: graduate.educationLevel) ?? ""
            self.graduationDate = graduate.graduationDate
            self.trainingMode = graduate.trainingMode
            self.originRegion = graduate.originRegion
            self.mobile = graduate.mobile
            self.studentNumber = graduate.studentNumber
            self.cohort = graduate.cohort
        }
    }

    struct HistoryEntry: Encodable, Sendable {
        var at: String
        var actorKind: String
        var actorId: String
        var actorName: String
        var action: String
        var actionName: String
        var fromStatus: String
        var toStatus: String
        var toStatusName: String
        var reason: String

        init(_ entry: Graduate_Esigning_V1_HistoryEntry) {
            self.at = beijingTime(milliseconds: entry.atMs)
            self.actorKind = entry.actorKind
            self.actorId = entry.actorID
            self.actorName = entry.actorName
            self.action = entry.action
            self.actionName = entry.actionName
            self.fromStatus = entry.fromStatus
            self.toStatus = entry.toStatus
            self.toStatusName = entry.toStatusName
            self.reason = entry.reason
        }
    }

    struct Attachment: Encodable, Sendable {
        var sha256: String
        var contentType: String
        var size: Int64
        var kind: String
        var uploadedAt: String

        init(_ attachment: Graduate_Esigning_V1_Attachment) {
            self.sha256 = attachment.sha256
            self.contentType = attachment.contentType
            self.size = attachment.size
            self.kind = attachment.kind
            self.uploadedAt = beijingTime(milliseconds: attachment.uploadedAtMs)
        }
    }

    /// `POST /attachments`: what the later request refers to.
    struct UploadedAttachment: Encodable, Sendable {
        var sha256: String
        var contentType: String
        var size: Int64
    }

    /// One agreement (list items carry no history). Every key is always present; `number`,
    /// `employerId`, `respondBy` and `effectiveAt` are null until they exist; `warning` is null
    /// unless the employer is on a warning list, `openTerminationId` unless a 解约 is under way.
    struct Agreement: Encodable, Sendable {
        var id: String
        var cohort: Int32
        var flow: String
        var flowName: String
        var initiator: String
        var status: String
        var statusName: String
        var number: String?
        var agreementType: String
        var employerId: String?
        var employer: EmployerParty
        var job: Job
        var graduate: GraduateParty
        var respondBy: String?
        var createdAt: String
        var updatedAt: String
        var effectiveAt: String?
        var lastReason: String
        var history: [HistoryEntry]
        var attachments: [Attachment]
        /// 失效: when the graduate left the roster, and why (null while valid).
        var invalidatedAt: String?
        var invalidReason: String?
        var warning: EmployerWarning?
        var openTerminationId: String?

        init(_ agreement: Graduate_Esigning_V1_Agreement) {
            self.id = agreement.id
            self.cohort = agreement.cohort
            self.flow = agreement.flow
            self.flowName = agreement.flowName
            self.initiator = agreement.initiator
            self.status = agreement.status
            self.statusName = agreement.statusName
            self.number = agreement.number.isEmpty ? nil : agreement.number
            self.agreementType = agreement.agreementType
            self.employerId = agreement.employerID.isEmpty ? nil : agreement.employerID
            self.employer = EmployerParty(agreement.employer)
            self.job = Job(agreement.job)
            self.graduate = GraduateParty(agreement.graduate)
            self.respondBy = agreement.respondByMs == 0 ? nil : beijingTime(milliseconds: agreement.respondByMs)
            self.createdAt = beijingTime(milliseconds: agreement.createdAtMs)
            self.updatedAt = beijingTime(milliseconds: agreement.updatedAtMs)
            self.effectiveAt = agreement.effectiveAtMs == 0 ? nil : beijingTime(milliseconds: agreement.effectiveAtMs)
            self.lastReason = agreement.lastReason
            self.history = agreement.history.map(HistoryEntry.init)
            self.attachments = agreement.attachments.map(Attachment.init)
            self.invalidatedAt = agreement.invalidatedAtMs == 0 ? nil : beijingTime(milliseconds: agreement.invalidatedAtMs)
            self.invalidReason = agreement.invalidReason.isEmpty ? nil : agreement.invalidReason
            self.warning = EmployerWarning(agreement)
            self.openTerminationId = agreement.openTerminationID.isEmpty ? nil : agreement.openTerminationID
        }

        enum CodingKeys: String, CodingKey {
            case id, cohort, flow, flowName, initiator, status, statusName, number, agreementType, employerId, employer, job
            case graduate, respondBy, createdAt, updatedAt, effectiveAt, lastReason, history, attachments, invalidatedAt, invalidReason
            case warning, openTerminationId
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.id, forKey: .id)
            try container.encode(self.cohort, forKey: .cohort)
            try container.encode(self.flow, forKey: .flow)
            try container.encode(self.flowName, forKey: .flowName)
            try container.encode(self.initiator, forKey: .initiator)
            try container.encode(self.status, forKey: .status)
            try container.encode(self.statusName, forKey: .statusName)
            try container.encode(self.number, forKey: .number)
            try container.encode(self.agreementType, forKey: .agreementType)
            try container.encode(self.employerId, forKey: .employerId)
            try container.encode(self.employer, forKey: .employer)
            try container.encode(self.job, forKey: .job)
            try container.encode(self.graduate, forKey: .graduate)
            try container.encode(self.respondBy, forKey: .respondBy)
            try container.encode(self.createdAt, forKey: .createdAt)
            try container.encode(self.updatedAt, forKey: .updatedAt)
            try container.encode(self.effectiveAt, forKey: .effectiveAt)
            try container.encode(self.lastReason, forKey: .lastReason)
            try container.encode(self.history, forKey: .history)
            try container.encode(self.attachments, forKey: .attachments)
            try container.encode(self.invalidatedAt, forKey: .invalidatedAt)
            try container.encode(self.invalidReason, forKey: .invalidReason)
            try container.encode(self.warning, forKey: .warning)
            try container.encode(self.openTerminationId, forKey: .openTerminationId)
        }
    }

    struct StatusCount: Encodable, Sendable {
        var status: String
        var statusName: String
        var count: Int32
    }

    struct LabelledCount: Encodable, Sendable {
        var label: String
        var count: Int32
    }

    /// `GET /signing-counters`: counts by status (agreements, terminations, registrations), what
    /// waits for the caller, and the home page's labelled counters (§13).
    struct Counters: Encodable, Sendable {
        var counts: [StatusCount]
        var terminationCounts: [StatusCount]
        var registrationCounts: [StatusCount]
        var pendingTotal: Int32
        var labelled: [LabelledCount]

        init(_ counters: Graduate_Esigning_V1_Counters, departmentScoped: Bool) {
            func statusCounts(_ counts: [Graduate_Esigning_V1_StatusCount]) -> [StatusCount] {
                counts.map { StatusCount(status: $0.status, statusName: $0.statusName, count: $0.count) }
            }
            self.counts = statusCounts(counters.counts)
            self.terminationCounts = statusCounts(counters.terminationCounts)
            self.registrationCounts = statusCounts(counters.registrationCounts)
            self.pendingTotal = counters.pendingTotal
            // The labels and what each adds up are the domain's (§13), for the caller's review stage.
            func sum(_ statuses: [some RawRepresentable<String>], in counts: [Graduate_Esigning_V1_StatusCount]) -> Int32 {
                let codes = Set(statuses.map(\.rawValue))
                return counts.filter { codes.contains($0.status) }.reduce(0) { $0 + $1.count }
            }
            self.labelled = HomeCounter.allCases.map { counter in
                let (agreements, terminations, registrations) = counter.statuses(forDepartment: departmentScoped)
                let count = sum(agreements, in: counters.counts) + sum(terminations, in: counters.terminationCounts)
                    + sum(registrations, in: counters.registrationCounts)
                return LabelledCount(label: counter.label(forDepartment: departmentScoped), count: count)
            }
        }
    }

    /// What anyone holding a copy of an agreement learns about it (no token needed).
    struct Verification: Encodable, Sendable {
        var found: Bool
        var issuedBySystem: Bool
        var agreementId: String?
        var number: String?
        var statusName: String
        var employerName: String
        var graduateName: String
        var schoolName: String
        var issuedAt: String?
        var superseded: Bool

        init(_ verification: Graduate_Esigning_V1_AgreementVerification) {
            self.found = verification.found
            self.issuedBySystem = verification.issuedBySystem
            self.agreementId = verification.agreementID.isEmpty ? nil : verification.agreementID
            self.number = verification.number.isEmpty ? nil : verification.number
            self.statusName = verification.statusName
            self.employerName = verification.employerName
            self.graduateName = verification.graduateName
            self.schoolName = verification.schoolName
            self.issuedAt = verification.issuedAtMs == 0 ? nil : beijingTime(milliseconds: verification.issuedAtMs)
            self.superseded = verification.superseded
        }

        enum CodingKeys: String, CodingKey {
            case found, issuedBySystem, agreementId, number, statusName, employerName, graduateName, schoolName, issuedAt, superseded
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.found, forKey: .found)
            try container.encode(self.issuedBySystem, forKey: .issuedBySystem)
            try container.encode(self.agreementId, forKey: .agreementId)
            try container.encode(self.number, forKey: .number)
            try container.encode(self.statusName, forKey: .statusName)
            try container.encode(self.employerName, forKey: .employerName)
            try container.encode(self.graduateName, forKey: .graduateName)
            try container.encode(self.schoolName, forKey: .schoolName)
            try container.encode(self.issuedAt, forKey: .issuedAt)
            try container.encode(self.superseded, forKey: .superseded)
        }
    }
}
