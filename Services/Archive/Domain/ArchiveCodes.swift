public import GraduateDomain

/// The code lists of 档案/户口信息 (DOMAIN.md §5). The guide names the entries but not their
/// codes, so the codes are ours (inferred): two digits, in the guide's order, 其他 = 99 as in
/// the national code lists. They are stored and exchanged; never renumber one.

/// 档案转递类型
public enum ArchiveTransferType: String, CodeList, Sendable, Codable {
    case employer = "01"
    case custodian = "02"
    case origin = "03"
    case furtherStudy = "04"
    case keptBySchool = "05"
    case other = "99"

    public var name: String {
        switch self {
        case .employer: "单位接收"
        case .custodian: "托管单位接收"
        case .origin: "转回生源地"
        case .furtherStudy: "升学外校接收"
        case .keptBySchool: "保留原校"
        case .other: "其他"
        }
    }

    /// The file goes to a receiving unit, whose name, place and contact are then required.
    public var needsReceivingUnit: Bool {
        switch self {
        case .employer, .custodian, .origin, .furtherStudy: true
        case .keptBySchool, .other: false
        }
    }
}

/// 转递方式: how the file travels (档案 go by confidential mail or EMS, never by hand).
public enum ArchiveTransferMethod: String, CodeList, Sendable, Codable {
    case confidentialMail = "01"
    case ems = "02"

    public var name: String {
        switch self {
        case .confidentialMail: "机要通信"
        case .ems: "EMS"
        }
    }
}

/// 户口迁移类型
public enum HukouMigrationType: String, CodeList, Sendable, Codable {
    case origin = "01"
    case employer = "02"
    case furtherStudy = "03"
    case other = "99"

    public var name: String {
        switch self {
        case .origin: "迁回生源地"
        case .employer: "迁至就业单位所在地"
        case .furtherStudy: "迁至升学学校"
        case .other: "其他"
        }
    }
}

/// 是否迁移户口, as a code list so that the import and its 下载代码 sheet treat it like the others.
public enum HukouMigrationChoice: String, CodeList, Sendable {
    case migrates = "1"
    case stays = "0"

    public var name: String { self == .migrates ? "是" : "否" }

    public init(_ migrates: Bool) { self = migrates ? .migrates : .stays }

    public var migrates: Bool { self == .migrates }
}
