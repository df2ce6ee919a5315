import ArchiveDomain
import Foundation
import GRPCCore
import GraduateProto
import ServiceKit

/// The API's `ArchiveValues` beside the domain's draft and values, field by field.
extension Graduate_Archive_V1_ArchiveValues {
    static func keyPath(_ field: ArchiveField) -> WritableKeyPath<Self, String> {
        switch field {
        case .transferType: \.transferType
        case .receivingUnitName: \.receivingUnitName
        case .receivingUnitRegion: \.receivingUnitRegion
        case .receivingUnitAddress: \.receivingUnitAddress
        case .receivingUnitPostcode: \.receivingUnitPostcode
        case .receivingUnitContact: \.receivingUnitContact
        case .receivingUnitPhone: \.receivingUnitPhone
        case .transferMethod: \.transferMethod
        case .trackingNumber: \.trackingNumber
        case .retentionDeadline: \.retentionDeadline
        case .transferNote: \.transferNote
        case .migratesHukou: \.migratesHukou
        case .hukouMigrationType: \.hukouMigrationType
        case .hukouRegion: \.hukouRegion
        case .hukouAddress: \.hukouAddress
        case .policeStation: \.policeStation
        }
    }

    var draft: ArchiveRecordDraft {
        ArchiveRecordDraft(Dictionary(uniqueKeysWithValues: ArchiveField.allCases.map { ($0, self[keyPath: Self.keyPath($0)]) }))
    }

    init(_ values: ArchiveRecordValues) {
        self.init()
        self.transferType = values.transferType.rawValue
        self.receivingUnitName = values.receivingUnitName
        self.receivingUnitRegion = values.receivingUnitRegion
        self.receivingUnitAddress = values.receivingUnitAddress
        self.receivingUnitPostcode = values.receivingUnitPostcode
        self.receivingUnitContact = values.receivingUnitContact
        self.receivingUnitPhone = values.receivingUnitPhone
        self.transferMethod = values.transferMethod?.rawValue ?? ""
        self.trackingNumber = values.trackingNumber
        self.retentionDeadline = values.retentionDeadline
        self.transferNote = values.transferNote
        self.migratesHukou = values.migratesHukou ? "1" : "0"
        self.hukouMigrationType = values.hukouMigrationType?.rawValue ?? ""
        self.hukouRegion = values.hukouRegion
        self.hukouAddress = values.hukouAddress
        self.policeStation = values.policeStation
    }
}

extension ArchiveRecordValues {
    /// Stored as JSON: readable in the database, and decoded the same way in every list.
    var stored: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }

    static func stored(_ text: String?) -> ArchiveRecordValues? {
        text.flatMap { try? JSONDecoder().decode(ArchiveRecordValues.self, from: Data($0.utf8)) }
    }

    /// The values as people read them, every field that has one.
    var shown: [Graduate_Archive_V1_FieldChange] {
        ArchiveField.allCases.compactMap { field in
            let value = self.shown(field)
            guard !value.isEmpty else { return nil }
            var shown = Graduate_Archive_V1_FieldChange()
            shown.field = field.rawValue
            shown.label = field.label
            shown.newValue = value
            return shown
        }
    }
}

extension ArchiveFieldChange {
    var proto: Graduate_Archive_V1_FieldChange {
        var change = Graduate_Archive_V1_FieldChange()
        change.field = self.field.rawValue
        change.label = self.label
        change.oldValue = self.old
        change.newValue = self.new
        return change
    }
}

extension ArchiveService {
    /// The draft validated for `graduate` (保留期限 counts from their 毕业时间), or a refusal
    /// naming the first bad field with every problem in the message.
    static func validated(_ values: Graduate_Archive_V1_ArchiveValues, for graduate: ArchiveGraduateRow) throws -> ArchiveRecordValues {
        let context = ArchiveValidationContext(graduationYearMonth: graduate.graduationDate, cohortYear: graduate.cohort)
        switch ArchiveValidation.validate(values.draft, context: context) {
        case .success(let valid): return valid
        case .failure(let failure):
            let first = failure.problems.first
            throw RPCError.invalid(field: "values.\(first?.field.rawValue ?? "")", failure.problems.map(\.reason).joined(separator: "；"))
        }
    }

    /// Turns the domain's refusal into the RPC error people read.
    static func refusingInChinese<T>(_ step: () throws(ArchiveRefusal) -> T) throws -> T {
        do {
            return try step()
        } catch {
            if let field = error.field { throw RPCError.invalid(field: field, error.message) }
            throw RPCError.wrongState(error.message)
        }
    }
}
