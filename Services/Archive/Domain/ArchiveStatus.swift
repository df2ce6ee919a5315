/// A graduate's 档案/户口信息 status (DOMAIN.md §5), exactly as the lists show it. It is not
/// stored beside the values but follows from them: see `init(registered:underReview:)`.
public enum ArchiveRecordStatus: String, CaseIterable, Sendable, Codable {
    case unregistered
    case underReview
    case registered

    public var name: String {
        switch self {
        case .unregistered: "未登记"
        case .underReview: "审核中"
        case .registered: "已登记"
        }
    }

    /// Values in force (approved, edited by the school or imported) make a record 已登记, and
    /// it stays so while a change is reviewed: the old values still hold until the change is
    /// approved. Without values in force, an application under review makes it 审核中. So a
    /// withdrawn or refused application returns the record to what it was, with nothing to undo.
    public init(registered: Bool, underReview: Bool) {
        self = registered ? .registered : underReview ? .underReview : .unregistered
    }

    /// The status as a list shows it: a 已登记 record with a change under review says so
    /// beside the status (the statistics still count it 已登记).
    public static func shown(registered: Bool, underReview: Bool) -> String {
        let status = Self(registered: registered, underReview: underReview)
        return status == .registered && underReview ? "已登记（变更审核中）" : status.name
    }
}

/// 审核方式 of 登记设置 (§5): the archive module's own, set apart from the signing module's.
public enum ArchiveReviewMode: String, CaseIterable, Sendable, Codable {
    case schoolOnly
    case departmentThenSchool

    public var name: String {
        switch self {
        case .schoolOnly: "仅学校审核"
        case .departmentThenSchool: "院系审核+学校审核"
        }
    }
}
