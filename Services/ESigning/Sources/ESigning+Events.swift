import ESigningDomain
import Foundation
import GRDB
import GraduateDomain
import GraduateProto
import StorageKit
import SwiftProtobuf

/// What e-signing tells other services, in the same transaction as the change: a graduate's
/// destination took effect or ended (confirmation, archive), and who should be reminded of
/// what (messaging, DOMAIN.md §12).
extension ESigningService {
    enum Recipient {
        case graduate
        case employer
        case department
        case school
    }

    func announce(_ db: Database, _ record: AgreementRecord, transition: SigningTransition) throws {
        if transition.takesEffect || (transition.action == .amend && record.status.isEffective) {
            try self.destination(db, record, type: "signing.destination.effective")
        }
        if transition.endsEffect {
            try self.destination(db, record, type: "signing.destination.ended")
        }
        let employer = record.content.employer.name
        switch transition.to {
        case _ where transition.to.awaitsDepartment || transition.to.awaitsSchool:
            try self.remindReviewers(db, record)
        case .refusedByGraduate:
            try self.remind(db, record, to: .employer, kind: "offerAnswered", text: "\(record.graduateName)拒绝了您发起的签约")
        case .expired:
            try self.remind(db, record, to: .employer, kind: "offerAnswered", text: "\(record.graduateName)逾期未回应，签约失败")
        case .withdrawnByEmployer:
            try self.remind(db, record, to: .graduate, kind: "offerAnswered", text: "\(employer)撤回了发给您的签约")
        default:
            break
        }
        // Review results go to both parties (§4.1 step 4: the reason is sent to both).
        if [.departmentApprove, .departmentReject, .schoolApprove, .schoolReject, .void].contains(transition.action),
           !transition.to.awaitsSchool {
            let text = "您与\(employer)的签约：\(transition.to.name)" + (record.lastReason.isEmpty ? "" : "（\(record.lastReason)）")
            try self.remind(db, record, to: .graduate, kind: "reviewResult", text: text)
            if record.employerID != nil {
                try self.remind(db, record, to: .employer, kind: "reviewResult", text: "与\(record.graduateName)的签约：\(transition.to.name)")
            }
        }
    }

    /// The reviewers a record now waits for: the 院系 or the school.
    func remindReviewers(_ db: Database, _ record: AgreementRecord) throws {
        try self.remindReviewers(db, record, department: record.status.awaitsDepartment, text: "\(record.graduateName)的签约“\(record.status.name)”，请审核")
    }

    /// The 院系's reviewer or the school, whichever the record now waits for.
    func remindReviewers(_ db: Database, _ record: some ScopedRecord, department: Bool, text: String) throws {
        try self.remind(db, record, to: department ? .department : .school, kind: "reviewNeeded", text: text)
    }

    func remind(_ db: Database, _ record: some ScopedRecord, to recipient: Recipient, kind: String, text: String) throws {
        var reminder = Graduate_Events_V1_ReminderRequested()
        reminder.schoolCode = record.schoolCode
        reminder.kind = kind
        reminder.agreementID = record.id
        reminder.recordKind = type(of: record).recordKind
        reminder.text = text
        switch recipient {
        case .graduate:
            reminder.recipientKind = "graduate"
            reminder.recipientID = record.graduateID
        case .employer:
            guard let employer = record.employerID else { return }
            reminder.recipientKind = "employer"
            reminder.recipientID = employer
        case .department:
            reminder.recipientKind = "department"
            reminder.recipientID = record.department
        case .school:
            reminder.recipientKind = "school"
            reminder.recipientID = record.schoolCode
        }
        _ = try self.outbox.append(
            type: "reminder.requested", aggregateType: type(of: record).recordKind, aggregateID: record.id,
            payload: try reminder.serializedBytes(), in: db
        )
    }

    /// A destination event about an agreement; `terminationID` names the termination that ended it.
    func destination(_ db: Database, _ record: AgreementRecord, type: String, terminationID: String = "") throws {
        var event = Graduate_Events_V1_DestinationChanged()
        event.graduateID = record.graduateID
        event.schoolCode = record.schoolCode
        event.agreementID = record.id
        event.number = record.number ?? ""
        event.destinationCode = DestinationCategory.agreement.rawValue   // 签就业协议形式就业 (DOMAIN.md §7)
        event.destinationName = DestinationCategory.agreement.name
        event.terminationID = terminationID
        event.employerName = record.content.employer.name
        event.employerCreditCode = record.content.employer.creditCode
        event.employerRegionCode = record.content.employer.regionCode
        event.employerAddress = record.content.employer.address
        event.atMs = record.updatedAt
        // Aggregate: the graduate, so every service sees their destinations in order.
        _ = try self.outbox.append(
            type: type, aggregateType: "graduate", aggregateID: record.graduateID, payload: try event.serializedBytes(), in: db
        )
    }
}
