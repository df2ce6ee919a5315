/// The fields of a graduate's 档案/户口信息: the raw value is the API's field name (for
/// programs), `label` the name people read (forms, the reviewer's diff, the import's headers).
public enum ArchiveField: String, CaseIterable, Sendable, Codable {
    case transferType
    case receivingUnitName
    case receivingUnitRegion
    case receivingUnitAddress
    case receivingUnitPostcode
    case receivingUnitContact
    case receivingUnitPhone
    case transferMethod
    case trackingNumber
    case retentionDeadline
    case transferNote
    case migratesHukou
    case hukouMigrationType
    case hukouRegion
    case hukouAddress
    case policeStation

    public var label: String {
        switch self {
        case .transferType: "档案转递类型"
        case .receivingUnitName: "档案接收单位名称"
        case .receivingUnitRegion: "接收单位所在地"
        case .receivingUnitAddress: "接收单位地址"
        case .receivingUnitPostcode: "邮编"
        case .receivingUnitContact: "联系人"
        case .receivingUnitPhone: "联系电话"
        case .transferMethod: "转递方式"
        case .trackingNumber: "转递单号"
        case .retentionDeadline: "保留期限"
        case .transferNote: "档案转递说明"
        case .migratesHukou: "是否迁移户口"
        case .hukouMigrationType: "户口迁移类型"
        case .hukouRegion: "户口迁入地区"
        case .hukouAddress: "户口迁入详细地址"
        case .policeStation: "接收派出所"
        }
    }

    /// The receiving unit's fields: required when the file goes to a unit, empty for 保留原校.
    public static let receivingUnit: [ArchiveField] = [
        .receivingUnitName, .receivingUnitRegion, .receivingUnitAddress, .receivingUnitPostcode,
        .receivingUnitContact, .receivingUnitPhone,
    ]

    /// The fields that describe where the 户口 goes: required when it migrates, empty otherwise.
    public static let hukouDestination: [ArchiveField] = [.hukouMigrationType, .hukouRegion, .hukouAddress, .policeStation]

    /// The longest text a field takes (nil for the fields that are a code, a date or a yes/no).
    var maximumLength: Int? {
        switch self {
        case .receivingUnitName, .policeStation: 100
        case .receivingUnitAddress, .hukouAddress, .transferNote: 200
        case .receivingUnitContact: 50
        case .trackingNumber: 30
        case .transferType, .receivingUnitRegion, .receivingUnitPostcode, .receivingUnitPhone, .transferMethod,
             .retentionDeadline, .migratesHukou, .hukouMigrationType, .hukouRegion: nil
        }
    }
}
