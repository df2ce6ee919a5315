import Foundation
import GraduateDomain
import GraduateProto

// One mapping per resource between the contract's schema and the e-signing proto message.
// Statuses, flows and actions travel as their codes, with the Chinese name the service gives.

extension Components.Schemas.SchoolInfo {
    init(_ info: Graduate_Esigning_V1_SchoolInfo) {
        self.init(
            schoolName: info.schoolName, employmentOffice: info.employmentOffice, contactName: info.contactName,
            contactPhone: info.contactPhone, address: info.address, postcode: info.postcode, opinion: info.opinion
        )
    }
}

extension Components.Schemas.SchoolInfoInput {
    var rpc: Graduate_Esigning_V1_SchoolInfo {
        var info = Graduate_Esigning_V1_SchoolInfo()
        info.schoolName = self.schoolName
        info.employmentOffice = self.employmentOffice
        info.contactName = self.contactName
        info.contactPhone = self.contactPhone
        info.address = self.address
        info.postcode = self.postcode
        info.opinion = self.opinion ?? ""
        return info
    }
}

extension Components.Schemas.SigningSettings {
    init(_ settings: Graduate_Esigning_V1_SigningSettings) throws {
        self.init(
            cohort: Int(settings.cohort),
            agreementType: try APIValues.code(settings.agreementType, "agreementType"),
            signingOpen: settings.signingOpen,
            reviewMode: try APIValues.code(settings.reviewMode, "reviewMode"),
            maxResponseDays: Int(settings.maxResponseDays),
            schoolInfo: .init(settings.schoolInfo),
            agreementTypeLocked: settings.agreementTypeLocked,
            updatedAt: APIValues.time(settings.updatedAtMs)
        )
    }
}

extension Components.Schemas.SigningSettingsInput {
    var rpc: Graduate_Esigning_V1_SigningSettings {
        var settings = Graduate_Esigning_V1_SigningSettings()
        settings.cohort = self.cohort
        settings.agreementType = self.agreementType.rawValue
        settings.signingOpen = self.signingOpen
        settings.reviewMode = self.reviewMode.rawValue
        settings.maxResponseDays = self.maxResponseDays
        settings.schoolInfo = self.schoolInfo.rpc
        return settings
    }
}

extension Components.Schemas.EmployerParty {
    init(_ party: Graduate_Esigning_V1_EmployerParty) {
        self.init(
            name: party.name, creditCode: party.creditCode, nature: party.nature, industry: party.industry,
            regionCode: party.regionCode, regionName: Regions.fullName(of: party.regionCode), address: party.address, contactName: party.contactName,
            contactPhone: party.contactPhone, email: party.email,
            natureName: EmployerNature.name(ofCode: party.nature) ?? "",
            industryName: Industry.name(ofCode: party.industry) ?? ""
        )
    }
}

/// 甲方 as a client sends it (every field optional here: the service checks each one).
extension Components.Schemas.EmployerPartyInput {
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

extension Components.Schemas.JobTerms {
    init(_ job: Graduate_Esigning_V1_JobTerms) {
        self.init(
            jobTitle: job.jobTitle, workLocation: job.workLocation, monthlySalaryYuan: Int(job.monthlySalaryYuan),
            probationMonths: Int(job.probationMonths), contractTerm: job.contractTerm, otherTerms: job.otherTerms
        )
    }
}

extension Components.Schemas.JobTermsInput {
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

/// 乙方, from the roster.
extension Components.Schemas.GraduateParty {
    init(_ graduate: Graduate_Esigning_V1_GraduateParty) {
        self.init(
            graduateId: graduate.graduateID, name: graduate.name, gender: graduate.gender, idNumber: graduate.idNumber,
            schoolName: graduate.schoolName, department: graduate.department, major: graduate.major,
            educationLevel: graduate.educationLevel, educationLevelName: EducationLevel.name(ofCode: graduate.educationLevel) ?? "",
            graduationDate: graduate.graduationDate, trainingMode: graduate.trainingMode, originRegion: graduate.originRegion, originRegionName: Regions.fullName(of: graduate.originRegion),
            mobile: graduate.mobile, studentNumber: graduate.studentNumber, cohort: Int(graduate.cohort)
        )
    }
}

extension Components.Schemas.AgreementHistoryEntry {
    init(_ entry: Graduate_Esigning_V1_HistoryEntry) {
        self.init(
            at: Date(milliseconds: entry.atMs), actorKind: entry.actorKind, actorId: entry.actorID, actorName: entry.actorName,
            action: entry.action, actionName: entry.actionName, fromStatus: entry.fromStatus, toStatus: entry.toStatus,
            toStatusName: entry.toStatusName, reason: entry.reason
        )
    }
}

extension Components.Schemas.AgreementAttachment {
    init(_ attachment: Graduate_Esigning_V1_Attachment) throws {
        self.init(
            sha256: attachment.sha256, contentType: try APIValues.code(attachment.contentType, "contentType"),
            size: Int(attachment.size), kind: attachment.kind, uploadedAt: Date(milliseconds: attachment.uploadedAtMs)
        )
    }
}

extension Components.Schemas.EmployerWarning {
    /// nil unless the employer is on the school's or the national warning list.
    init?(_ agreement: Graduate_Esigning_V1_Agreement) {
        guard agreement.hasWarning, agreement.warning.listedBySchool || agreement.warning.national else { return nil }
        self.init(
            listedBySchool: agreement.warning.listedBySchool, reason: agreement.warning.reason,
            national: agreement.warning.national, schoolCount: Int(agreement.warning.schoolCount)
        )
    }
}

/// One agreement (list items carry no history). `number`, `employerId`, `respondBy` and
/// `effectiveAt` are absent until they exist; `warning` unless the employer is on a warning
/// list, `openTerminationId` unless a 解约 is under way.
extension Components.Schemas.Agreement {
    init(_ agreement: Graduate_Esigning_V1_Agreement) throws {
        self.init(
            id: agreement.id,
            cohort: Int(agreement.cohort),
            flow: try APIValues.code(agreement.flow, "flow"),
            flowName: agreement.flowName,
            initiator: agreement.initiator,
            status: try APIValues.code(agreement.status, "status"),
            statusName: agreement.statusName,
            number: APIValues.text(agreement.number),
            agreementType: agreement.agreementType,
            employerId: APIValues.text(agreement.employerID),
            employer: .init(agreement.employer),
            job: .init(agreement.job),
            graduate: .init(agreement.graduate),
            respondBy: APIValues.time(agreement.respondByMs),
            createdAt: Date(milliseconds: agreement.createdAtMs),
            updatedAt: Date(milliseconds: agreement.updatedAtMs),
            effectiveAt: APIValues.time(agreement.effectiveAtMs),
            lastReason: agreement.lastReason,
            history: agreement.history.map(Components.Schemas.AgreementHistoryEntry.init),
            attachments: try agreement.attachments.map(Components.Schemas.AgreementAttachment.init),
            invalidatedAt: APIValues.time(agreement.invalidatedAtMs),
            invalidReason: APIValues.text(agreement.invalidReason),
            warning: Components.Schemas.EmployerWarning(agreement).map { .init(value1: $0) },
            openTerminationId: APIValues.text(agreement.openTerminationID)
        )
    }
}

/// What anyone holding a copy of an agreement learns about it (no token needed).
extension Components.Schemas.AgreementVerification {
    init(_ verification: Graduate_Esigning_V1_AgreementVerification) {
        self.init(
            found: verification.found, issuedBySystem: verification.issuedBySystem,
            agreementId: APIValues.text(verification.agreementID), number: APIValues.text(verification.number),
            statusName: verification.statusName, employerName: verification.employerName,
            graduateName: verification.graduateName, schoolName: verification.schoolName,
            issuedAt: APIValues.time(verification.issuedAtMs), superseded: verification.superseded
        )
    }
}

extension Components.Schemas.Termination {
    init(_ termination: Graduate_Esigning_V1_Termination) throws {
        self.init(
            id: termination.id,
            agreementId: termination.agreementID,
            agreementNumber: termination.agreementNumber,
            agreementFlow: try APIValues.code(termination.agreementFlow, "agreementFlow"),
            cohort: Int(termination.cohort),
            kind: try APIValues.code(termination.kind, "kind"),
            kindName: termination.kindName,
            initiator: try APIValues.code(termination.initiator, "initiator"),
            initiatorName: termination.initiatorName,
            status: try APIValues.code(termination.status, "status"),
            statusName: termination.statusName,
            reason: termination.reason,
            lastReason: termination.lastReason,
            graduate: .init(termination.graduate),
            employerId: APIValues.text(termination.employerID),
            employerName: termination.employerName,
            employerCreditCode: termination.employerCreditCode,
            createdAt: Date(milliseconds: termination.createdAtMs),
            updatedAt: Date(milliseconds: termination.updatedAtMs),
            history: termination.history.map(Components.Schemas.AgreementHistoryEntry.init),
            attachments: try termination.attachments.map(Components.Schemas.AgreementAttachment.init),
            invalidatedAt: APIValues.time(termination.invalidatedAtMs),
            invalidReason: APIValues.text(termination.invalidReason)
        )
    }
}

extension Components.Schemas.DestinationRegistration {
    init(_ registration: Graduate_Esigning_V1_DestinationRegistration) throws {
        self.init(
            id: registration.id,
            cohort: Int(registration.cohort),
            category: try APIValues.code(registration.category, "category"),
            categoryName: registration.categoryName,
            fields: .init(additionalProperties: registration.fields),
            summary: registration.summary,
            status: try APIValues.code(registration.status, "status"),
            statusName: registration.statusName,
            registeredBy: try APIValues.code(registration.registeredBy, "registeredBy"),
            boundUnit: registration.boundUnit,
            graduate: .init(registration.graduate),
            lastReason: registration.lastReason,
            createdAt: Date(milliseconds: registration.createdAtMs),
            updatedAt: Date(milliseconds: registration.updatedAtMs),
            effectiveAt: APIValues.time(registration.effectiveAtMs),
            history: registration.history.map(Components.Schemas.AgreementHistoryEntry.init),
            attachments: try registration.attachments.map(Components.Schemas.AgreementAttachment.init),
            invalidatedAt: APIValues.time(registration.invalidatedAtMs),
            invalidReason: APIValues.text(registration.invalidReason)
        )
    }
}

extension Components.Schemas.InvalidRecord {
    init(_ record: Graduate_Esigning_V1_InvalidRecord) throws {
        self.init(
            kind: try APIValues.code(record.kind, "kind"), kindName: record.kindName, id: record.id,
            graduate: .init(record.graduate), status: record.status, statusName: record.statusName, summary: record.summary,
            invalidatedAt: Date(milliseconds: record.invalidatedAtMs), invalidReason: record.invalidReason
        )
    }
}

extension Components.Schemas.WarningEmployer {
    init(_ employer: Graduate_Esigning_V1_WarningEmployer) {
        self.init(
            creditCode: employer.creditCode, employerName: employer.employerName, reason: employer.reason,
            addedByName: employer.addedByName, addedAt: APIValues.time(employer.addedAtMs),
            listedBySchool: employer.listedBySchool, national: employer.national, schoolCount: Int(employer.schoolCount)
        )
    }
}

extension Components.Schemas.StatisticsRow {
    init(_ row: Graduate_Esigning_V1_StatisticsRow) {
        self.init(
            label: row.label, department: APIValues.text(row.department), educationLevel: APIValues.text(row.educationLevel),
            major: APIValues.text(row.major), total: Int(row.total), counts: row.counts.map(Int.init), placed: Int(row.placed),
            placementRate: row.placementRate
        )
    }
}

extension Components.Schemas.Statistics {
    init(_ statistics: Graduate_Esigning_V1_Statistics) throws {
        self.init(
            cohort: Int(statistics.cohort),
            columns: try statistics.columns.map { column in
                .init(
                    key: try APIValues.code(column.key, "columns.key"), name: column.name,
                    source: try APIValues.code(column.source, "columns.source"),
                    flows: try column.flows.map { try APIValues.code($0, "columns.flows") }, statuses: column.statuses
                )
            },
            rows: statistics.rows.map(Components.Schemas.StatisticsRow.init),
            total: .init(statistics.total),
            groupBy: try APIValues.code(statistics.groupBy, "groupBy"),
            placedByDay: statistics.placedByDay.map { .init(date: $0.date, placed: Int($0.placed), cumulative: Int($0.cumulative)) }
        )
    }
}

extension Components.Schemas.StatusCount {
    init(_ count: Graduate_Esigning_V1_StatusCount) {
        self.init(status: count.status, statusName: count.statusName, count: Int(count.count))
    }
}
