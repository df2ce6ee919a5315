/// One changed field of an application, for the reviewer (申请记录: the previous values beside
/// the new ones, the changed fields highlighted, DOMAIN.md §5).
public struct ArchiveFieldChange: Hashable, Sendable {
    public var field: ArchiveField
    public var label: String
    public var old: String
    public var new: String

    public init(field: ArchiveField, label: String, old: String, new: String) {
        self.field = field
        self.label = label
        self.old = old
        self.new = new
    }
}

public enum ArchiveChanges {
    /// The fields whose shown value differs, in form order. A first application (no values in
    /// force) lists every field it fills in, beside an empty old value.
    public static func between(_ old: ArchiveRecordValues?, _ new: ArchiveRecordValues) -> [ArchiveFieldChange] {
        ArchiveField.allCases.compactMap { field in
            let before = old?.shown(field) ?? ""
            let after = new.shown(field)
            return before == after ? nil : ArchiveFieldChange(field: field, label: field.label, old: before, new: after)
        }
    }
}
