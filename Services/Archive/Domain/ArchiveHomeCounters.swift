/// The counters of the archive module's home page (DOMAIN.md §13): the applications waiting
/// for a review. Each is the count of the 申请记录 list it opens, with its filter (and, for a
/// 院系 account, the list's own scope of that 院系).
public enum ArchiveHomeCounter: String, CaseIterable, Sendable {
    /// What waits for the viewer's own review.
    case pendingTotal
    case awaitingDepartment
    case awaitingSchool

    /// The staff list the counter opens.
    public var list: String { "archive-applications" }

    public func label(forDepartment department: Bool) -> String {
        switch self {
        case .pendingTotal: "档案/户口信息待\(department ? "院系" : "学校")审核总数"
        case .awaitingDepartment: "档案/户口信息审核中 等待院系审核"
        case .awaitingSchool: "档案/户口信息审核中 等待学校审核"
        }
    }

    /// The list's status filter.
    public func statuses(forDepartment department: Bool) -> [ArchiveApplicationStatus] {
        switch self {
        case .pendingTotal: [department ? .awaitingDepartment : .awaitingSchool]
        case .awaitingDepartment: [.awaitingDepartment]
        case .awaitingSchool: [.awaitingSchool]
        }
    }

    /// The counters a page shows under the 审核方式 in force: with 仅学校审核 nobody waits for
    /// a 院系 — except applications submitted before the change, which keep their mode, so a
    /// 院系 account keeps its own queue until it is empty.
    public static func shown(forDepartment department: Bool, reviewMode: ArchiveReviewMode) -> [ArchiveHomeCounter] {
        switch (reviewMode, department) {
        case (.departmentThenSchool, _): [.pendingTotal, .awaitingDepartment, .awaitingSchool]
        case (.schoolOnly, false): [.pendingTotal]
        case (.schoolOnly, true): [.pendingTotal, .awaitingSchool]
        }
    }
}
