import Foundation
import GraduateDomain
import GraduateProto

// One mapping per resource between the contract's schema and the archive proto message. Codes
// travel as codes; what people read (status and step names, the fields as shown, the labels of
// the counters) comes named from the archive service, so the gateway links no ArchiveDomain.
// A field that does not apply ("" in the proto) is an absent key.

extension Components.Schemas.ArchiveSettings {
    init(_ settings: Graduate_Archive_V1_ArchiveSettings) throws {
        self.init(
            cohort: Int(settings.cohort),
            registrationOpen: settings.registrationOpen,
            reviewMode: try APIValues.code(settings.reviewMode, "reviewMode"),
            reviewModeName: settings.reviewModeName,
            updatedAt: APIValues.time(settings.updatedAtMs)
        )
    }
}

extension Components.Schemas.ArchiveSettingsInput {
    var rpc: Graduate_Archive_V1_ArchiveSettings {
        var settings = Graduate_Archive_V1_ArchiveSettings()
        settings.cohort = self.cohort
        settings.registrationOpen = self.registrationOpen
        settings.reviewMode = self.reviewMode.rawValue
        return settings
    }
}

/// The values as typed: a field left out (or null) is "" for the service, which checks them
/// all together and names every problem at once.
extension Components.Schemas.ArchiveValuesInput {
    var rpc: Graduate_Archive_V1_ArchiveValues {
        var values = Graduate_Archive_V1_ArchiveValues()
        values.transferType = self.transferType?.rawValue ?? ""
        values.receivingUnitName = self.receivingUnitName ?? ""
        values.receivingUnitRegion = self.receivingUnitRegion ?? ""
        values.receivingUnitAddress = self.receivingUnitAddress ?? ""
        values.receivingUnitPostcode = self.receivingUnitPostcode ?? ""
        values.receivingUnitContact = self.receivingUnitContact ?? ""
        values.receivingUnitPhone = self.receivingUnitPhone ?? ""
        values.transferMethod = self.transferMethod?.rawValue ?? ""
        values.trackingNumber = self.trackingNumber ?? ""
        values.retentionDeadline = self.retentionDeadline ?? ""
        values.transferNote = self.transferNote ?? ""
        values.migratesHukou = self.migratesHukou?.rawValue ?? ""
        values.hukouMigrationType = self.hukouMigrationType?.rawValue ?? ""
        values.hukouRegion = self.hukouRegion ?? ""
        values.hukouAddress = self.hukouAddress ?? ""
        values.policeStation = self.policeStation ?? ""
        return values
    }
}

/// Validated values (in force, applied for, or in force when an application was submitted):
/// the transfer type and 是否迁移户口 are always there; places come with their names too.
extension Components.Schemas.ArchiveValues {
    init(_ values: Graduate_Archive_V1_ArchiveValues) throws {
        self.init(
            transferType: try APIValues.code(values.transferType, "values.transferType"),
            receivingUnitName: APIValues.text(values.receivingUnitName),
            receivingUnitRegion: APIValues.text(values.receivingUnitRegion),
            receivingUnitRegionName: Regions.fullName(of: values.receivingUnitRegion),
            receivingUnitAddress: APIValues.text(values.receivingUnitAddress),
            receivingUnitPostcode: APIValues.text(values.receivingUnitPostcode),
            receivingUnitContact: APIValues.text(values.receivingUnitContact),
            receivingUnitPhone: APIValues.text(values.receivingUnitPhone),
            transferMethod: try APIValues.optionalCode(values.transferMethod, "values.transferMethod"),
            trackingNumber: APIValues.text(values.trackingNumber),
            retentionDeadline: APIValues.text(values.retentionDeadline),
            transferNote: APIValues.text(values.transferNote),
            migratesHukou: try APIValues.code(values.migratesHukou, "values.migratesHukou"),
            hukouMigrationType: try APIValues.optionalCode(values.hukouMigrationType, "values.hukouMigrationType"),
            hukouRegion: APIValues.text(values.hukouRegion),
            hukouRegionName: Regions.fullName(of: values.hukouRegion),
            hukouAddress: APIValues.text(values.hukouAddress),
            policeStation: APIValues.text(values.policeStation)
        )
    }
}

extension Components.Schemas.ArchiveSuggestion {
    /// nil when the graduate's effective destination suggests no receiving unit.
    init?(_ record: Graduate_Archive_V1_ArchiveRecord) throws {
        guard record.hasSuggested, !record.suggestedFrom.isEmpty else { return nil }
        let values = record.suggested
        self.init(
            transferType: try APIValues.code(values.transferType, "suggestion.transferType"),
            receivingUnitName: values.receivingUnitName,
            receivingUnitRegion: APIValues.text(values.receivingUnitRegion),
            receivingUnitRegionName: Regions.fullName(of: values.receivingUnitRegion),
            receivingUnitAddress: APIValues.text(values.receivingUnitAddress),
            from: record.suggestedFrom
        )
    }
}

extension Components.Schemas.ArchiveFieldValue {
    init(_ shown: Graduate_Archive_V1_FieldChange) throws {
        self.init(field: try APIValues.code(shown.field, "shown.field"), label: shown.label, value: shown.newValue)
    }
}

extension Components.Schemas.ArchiveFieldChange {
    init(_ change: Graduate_Archive_V1_FieldChange) throws {
        self.init(
            field: try APIValues.code(change.field, "changes.field"), label: change.label, oldValue: change.oldValue, newValue: change.newValue
        )
    }
}

extension Components.Schemas.ArchiveGraduate {
    init(_ graduate: Graduate_Archive_V1_ArchiveGraduate) {
        self.init(
            graduateId: graduate.graduateID, name: graduate.name, idNumber: graduate.idNumber, studentNumber: graduate.studentNumber,
            department: graduate.department, major: graduate.major, educationLevel: graduate.educationLevel,
            educationLevelName: graduate.educationLevelName, cohort: Int(graduate.cohort)
        )
    }
}

extension Components.Schemas.ArchiveApplicationStep {
    init(_ step: Graduate_Archive_V1_ApplicationStep) throws {
        self.init(
            action: try APIValues.code(step.action, "history.action"), actionName: step.actionName, actorName: step.actorName,
            actorKind: try APIValues.code(step.actorKind, "history.actorKind"), reason: step.reason,
            statusAfter: try APIValues.code(step.statusAfter, "history.statusAfter"), statusAfterName: step.statusAfterName,
            at: Date(milliseconds: step.atMs)
        )
    }
}

/// 申请记录: the values applied for beside those in force when it was submitted (`previous`,
/// absent for a first registration), the changed fields, the history.
extension Components.Schemas.ArchiveApplication {
    init(_ application: Graduate_Archive_V1_ArchiveApplication) throws {
        self.init(
            id: application.id,
            graduate: .init(application.graduate),
            status: try APIValues.code(application.status, "status"),
            statusName: application.statusName,
            reviewMode: try APIValues.code(application.reviewMode, "reviewMode"),
            values: try .init(application.values),
            previous: application.hasPrevious ? try .init(application.previous) : nil,
            changes: try application.changes.map(Components.Schemas.ArchiveFieldChange.init),
            history: try application.history.map(Components.Schemas.ArchiveApplicationStep.init),
            submittedAt: Date(milliseconds: application.submittedAtMs),
            updatedAt: Date(milliseconds: application.updatedAtMs)
        )
    }
}

/// A graduate's record: `values` and `registeredAt` only once registered, the suggestion and
/// the open (under review or refused) application only when there is one.
extension Components.Schemas.ArchiveRecord {
    init(_ record: Graduate_Archive_V1_ArchiveRecord) throws {
        self.init(
            graduate: .init(record.graduate),
            status: try APIValues.code(record.status, "status"),
            statusName: record.statusName,
            values: record.hasValues ? try .init(record.values) : nil,
            shown: try record.shown.map(Components.Schemas.ArchiveFieldValue.init),
            registeredAt: APIValues.time(record.registeredAtMs),
            suggestion: try Components.Schemas.ArchiveSuggestion(record),
            openApplication: record.hasOpenApplication ? try .init(record.openApplication) : nil,
            invalid: record.invalid,
            invalidReason: APIValues.text(record.invalidReason)
        )
    }
}

/// 数据统计: 总计 first; each row's 已登记 by every 档案转递类型, in code order (the proto's map has none).
extension Components.Schemas.ArchiveStatistics {
    init(_ statistics: Graduate_Archive_V1_ArchiveStatistics) throws {
        self.init(
            cohort: Int(statistics.cohort),
            rows: try statistics.rows.map { row in
                .init(
                    label: row.label, department: APIValues.text(row.department), total: Int(row.total), registered: Int(row.registered),
                    underReview: Int(row.underReview), unregistered: Int(row.unregistered),
                    byTransferType: try row.byTransferType.sorted { $0.key < $1.key }.map { code, count in
                        .init(transferType: try APIValues.code(code, "rows.byTransferType"), count: Int(count))
                    }
                )
            }
        )
    }
}

/// The §13 counters, labelled by the service for the caller's review stage (a 院系's or the school's).
extension Components.Schemas.ArchiveCounters {
    init(_ counters: Graduate_Archive_V1_ArchiveCounters) throws {
        self.init(counters: try counters.counters.map { counter in
            .init(
                key: try APIValues.code(counter.key, "counters.key"), label: counter.label, count: Int(counter.count),
                status: try APIValues.code(counter.status, "counters.status")
            )
        })
    }
}

/// 批量导入's answer: every bad row (then no counts, no plan), or the plan with its digest.
extension Components.Schemas.ArchiveImportResult {
    init(_ response: Graduate_Archive_V1_ImportArchiveRecordsResponse) throws {
        self.init(
            applied: response.applied, rows: Int(response.rows), registeredCount: Int(response.registered),
            changedCount: Int(response.changed), unchangedCount: Int(response.unchanged),
            entries: try response.entries.map(Components.Schemas.ArchiveImportEntry.init),
            planDigest: APIValues.text(response.planDigest), errorCount: Int(response.errorCount),
            errors: response.errors.map { .init(row: Int($0.row), column: $0.column, reason: $0.reason) }
        )
    }
}

extension Components.Schemas.ArchiveImportEntry {
    init(_ entry: Graduate_Archive_V1_ArchiveImportEntry) throws {
        self.init(
            row: Int(entry.row), graduate: .init(entry.graduate), kind: try APIValues.code(entry.kind, "entries.kind"),
            changes: try entry.changes.map(Components.Schemas.ArchiveFieldChange.init)
        )
    }
}

/// The forms' code lists, code and name as the archive service has them.
extension Components.Schemas.ArchiveCodeLists {
    init(_ lists: Graduate_Archive_V1_ArchiveCodeLists) {
        func entries(_ list: [Graduate_Archive_V1_ArchiveCodeEntry]) -> [Components.Schemas.CodeEntry] {
            list.map { .init(code: $0.code, name: $0.name) }
        }
        self.init(
            transferTypes: entries(lists.transferTypes), transferMethods: entries(lists.transferMethods),
            migratesHukou: entries(lists.migratesHukou), hukouMigrationTypes: entries(lists.hukouMigrationTypes)
        )
    }
}
