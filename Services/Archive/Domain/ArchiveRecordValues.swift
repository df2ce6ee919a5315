import GraduateDomain

/// A graduate's 档案/户口信息 once validated (DOMAIN.md §5): what an application proposes and
/// what a record holds in force. A field that does not apply is "" (or nil for a code).
public struct ArchiveRecordValues: Hashable, Sendable, Codable {
    // 档案
    public var transferType: ArchiveTransferType
    public var receivingUnitName: String
    /// 行政区划代码 (GB/T 2260), 6 digits.
    public var receivingUnitRegion: String
    public var receivingUnitAddress: String
    public var receivingUnitPostcode: String
    public var receivingUnitContact: String
    public var receivingUnitPhone: String
    public var transferMethod: ArchiveTransferMethod?
    public var trackingNumber: String
    /// 保留原校 only: the last day the school keeps the file, "YYYY-MM-DD".
    public var retentionDeadline: String
    public var transferNote: String
    // 户口
    public var migratesHukou: Bool
    public var hukouMigrationType: HukouMigrationType?
    /// 行政区划代码 of the place the 户口 moves to; `hukouAddress` is the rest of the address.
    public var hukouRegion: String
    public var hukouAddress: String
    public var policeStation: String

    public init(
        transferType: ArchiveTransferType,
        receivingUnitName: String = "",
        receivingUnitRegion: String = "",
        receivingUnitAddress: String = "",
        receivingUnitPostcode: String = "",
        receivingUnitContact: String = "",
        receivingUnitPhone: String = "",
        transferMethod: ArchiveTransferMethod? = nil,
        trackingNumber: String = "",
        retentionDeadline: String = "",
        transferNote: String = "",
        migratesHukou: Bool = false,
        hukouMigrationType: HukouMigrationType? = nil,
        hukouRegion: String = "",
        hukouAddress: String = "",
        policeStation: String = ""
    ) {
        self.transferType = transferType
        self.receivingUnitName = receivingUnitName
        self.receivingUnitRegion = receivingUnitRegion
        self.receivingUnitAddress = receivingUnitAddress
        self.receivingUnitPostcode = receivingUnitPostcode
        self.receivingUnitContact = receivingUnitContact
        self.receivingUnitPhone = receivingUnitPhone
        self.transferMethod = transferMethod
        self.trackingNumber = trackingNumber
        self.retentionDeadline = retentionDeadline
        self.transferNote = transferNote
        self.migratesHukou = migratesHukou
        self.hukouMigrationType = hukouMigrationType
        self.hukouRegion = hukouRegion
        self.hukouAddress = hukouAddress
        self.policeStation = policeStation
    }

    /// A field as people read it: codes by name, places by their full name, yes/no as 是/否.
    public func shown(_ field: ArchiveField) -> String {
        switch field {
        case .transferType: self.transferType.name
        case .receivingUnitName: self.receivingUnitName
        case .receivingUnitRegion: self.receivingUnitRegion.isEmpty ? "" : Regions.display(self.receivingUnitRegion)
        case .receivingUnitAddress: self.receivingUnitAddress
        case .receivingUnitPostcode: self.receivingUnitPostcode
        case .receivingUnitContact: self.receivingUnitContact
        case .receivingUnitPhone: self.receivingUnitPhone
        case .transferMethod: self.transferMethod?.name ?? ""
        case .trackingNumber: self.trackingNumber
        case .retentionDeadline: self.retentionDeadline
        case .transferNote: self.transferNote
        case .migratesHukou: HukouMigrationChoice(self.migratesHukou).name
        case .hukouMigrationType: self.hukouMigrationType?.name ?? ""
        case .hukouRegion: self.hukouRegion.isEmpty ? "" : Regions.display(self.hukouRegion)
        case .hukouAddress: self.hukouAddress
        case .policeStation: self.policeStation
        }
    }
}

/// 档案/户口信息 as a form, an API call or an import row gives it, before validation: every
/// field as typed, codes as code or name (是否迁移户口 too: 是/否 or 1/0), "" when not given.
public struct ArchiveRecordDraft: Hashable, Sendable {
    public var texts: [ArchiveField: String]

    public init(_ texts: [ArchiveField: String] = [:]) {
        self.texts = texts
    }

    public subscript(field: ArchiveField) -> String {
        get { self.texts[field] ?? "" }
        set { self.texts[field] = newValue }
    }
}

/// One field's problem: `field` for programs, `reason` a whole Chinese sentence for people.
public struct ArchiveFieldProblem: Hashable, Sendable {
    public var field: ArchiveField
    public var reason: String

    public init(_ field: ArchiveField, _ reason: String) {
        self.field = field
        self.reason = reason
    }
}

/// Every problem of a draft at once, in field order.
public struct ArchiveValidationFailure: Error, Hashable, Sendable {
    public var problems: [ArchiveFieldProblem]

    public init(_ problems: [ArchiveFieldProblem]) {
        self.problems = problems
    }
}
