import Crypto
import Foundation
import GraduateDomain

/// A graduate's roster values as plain text, the file's row and the stored row alike, so the
/// two compare field by field (a stored row is never re-validated: rules may have tightened
/// since it was written).
struct RosterValues: Equatable, Sendable {
    var department: String
    var major: String
    var educationLevel: String
    var candidateNumber: String
    var name: String
    var idNumber: String
    var studentNumber: String
    var gender: String
    var cohort: Int
    var graduationDate: String
    var lengthOfSchooling: String
    var trainingMode: String
    var boundUnit: String
    var originRegion: String
    var mobile: String

    /// Each column's value as stored (codes as codes).
    func stored(_ column: RosterColumn) -> String {
        switch column {
        case .educationLevel: self.educationLevel
        case .gender: self.gender
        case .trainingMode: self.trainingMode
        default: self.shown(column)
        }
    }

    /// Each column's value as people read it: codes of 学历, 性别 and 培养方式 by name.
    func shown(_ column: RosterColumn) -> String {
        switch column {
        case .department: self.department
        case .major: self.major
        case .educationLevel: EducationLevel(rawValue: self.educationLevel)?.name ?? self.educationLevel
        case .candidateNumber: self.candidateNumber
        case .name: self.name
        case .idNumber: self.idNumber
        case .studentNumber: self.studentNumber
        case .gender: Gender(rawValue: self.gender)?.name ?? self.gender
        case .cohort: String(self.cohort)
        case .graduationDate: self.graduationDate
        case .lengthOfSchooling: self.lengthOfSchooling
        case .trainingMode: TrainingMode(rawValue: self.trainingMode)?.name ?? self.trainingMode
        case .boundUnit: self.boundUnit
        case .originRegion: self.originRegion
        case .mobile: self.mobile
        }
    }
}

/// A file's valid row as plain values (the memberwise init above serves the stored rows).
extension RosterValues {
    init(_ row: ValidRosterRow) {
        self.department = row.department
        self.major = row.major
        self.educationLevel = row.educationLevel.rawValue
        self.candidateNumber = row.candidateNumber
        self.name = row.name
        self.idNumber = row.idNumber.value
        self.studentNumber = row.studentNumber
        self.gender = row.gender.rawValue
        self.cohort = row.cohort.year
        self.graduationDate = row.graduationDate
        self.lengthOfSchooling = row.lengthOfSchooling
        self.trainingMode = row.trainingMode.rawValue
        self.boundUnit = row.boundUnit
        self.originRegion = row.originRegion
        self.mobile = row.mobile
    }
}

/// A graduate the school's roster holds now (removed ones too: a file may bring them back).
struct RosterMember: Sendable {
    var id: String
    var removed: Bool
    var values: RosterValues
}

/// What importing a roster file would do, computed purely from the file's valid rows and the
/// roster as it is: every row matched by 身份证号 to an addition, a change (field by field, old
/// and new), a restoration or nothing; in replace mode, the removals; the 院系 the school lacks;
/// and the rows that cannot be imported. The digest names the plan exactly, so a confirmed
/// preview is applied only while applying it would still do the same.
struct RosterSyncPlan: Sendable {
    enum Mode: Sendable { case merge, replace }

    struct FieldChange: Equatable, Sendable {
        var column: RosterColumn
        var old: String
        var new: String
    }

    struct Entry: Sendable {
        var row: Int                // the file's 行号; 0 for a removal
        var graduateID: String?     // nil for an addition
        var values: RosterValues
        /// The roster's values before (changed, restored and removed graduates).
        var previous: RosterValues?
        var changes: [FieldChange] = []
        /// 姓名 or 考生号 differ from the roster's: accounts and signing records are matched by them.
        var identityChanged: Bool { self.changes.contains { $0.column == .name || $0.column == .candidateNumber } }
    }

    static let identityColumns: Set<RosterColumn> = [.name, .candidateNumber]
    static let replaceRemovalReason = "名单同步（替换导入）：新名单中没有该学生"

    var added: [Entry] = []
    var changed: [Entry] = []
    var restored: [Entry] = []
    var removed: [Entry] = []
    var unchanged = 0
    var newDepartments: [String] = []
    var errors: [RosterRowError] = []

    var identityChanges: Int { (self.changed + self.restored).count { $0.identityChanged } }
    var writes: Int { self.added.count + self.changed.count + self.restored.count + self.removed.count }

    static func make(
        rows: [(row: Int, graduate: ValidRosterRow)],
        roster: [RosterMember],
        departments: Set<String>,
        mode: Mode,
        createDepartments: Bool
    ) -> RosterSyncPlan {
        var plan = RosterSyncPlan()
        let byIDNumber = Dictionary(roster.map { ($0.values.idNumber, $0) }, uniquingKeysWith: { first, _ in first })
        // 学号 is unique in a school, removed graduates included (their rows stay).
        let studentNumberHolder = Dictionary(roster.map { ($0.values.studentNumber, $0.values.idNumber) }, uniquingKeysWith: { first, _ in first })
        var unknownDepartments: [String] = []
        for (number, graduate) in rows {
            let values = RosterValues(graduate)
            if !departments.contains(values.department), !unknownDepartments.contains(values.department) {
                unknownDepartments.append(values.department)
            }
            if !departments.contains(values.department), !createDepartments {
                plan.errors.append(RosterRowError(
                    row: number, field: RosterColumn.department.rawValue,
                    reason: "院系“\(values.department)”不存在：请先在账号管理中添加，或在导入时选择同时创建新院系"
                ))
            }
            if let holder = studentNumberHolder[values.studentNumber], holder != values.idNumber {
                plan.errors.append(RosterRowError(row: number, field: RosterColumn.studentNumber.rawValue, reason: "该学号已被其他学生使用"))
            }
            guard let member = byIDNumber[values.idNumber] else {
                plan.added.append(Entry(row: number, graduateID: nil, values: values, previous: nil))
                continue
            }
            let changes = RosterColumn.allCases.compactMap { column -> FieldChange? in
                let (old, new) = (member.values.shown(column), values.shown(column))
                return old == new ? nil : FieldChange(column: column, old: old, new: new)
            }
            let entry = Entry(row: number, graduateID: member.id, values: values, previous: member.values, changes: changes)
            if member.removed {
                plan.restored.append(entry)
            } else if changes.isEmpty {
                plan.unchanged += 1
            } else {
                plan.changed.append(entry)
            }
        }
        plan.newDepartments = unknownDepartments
        if mode == .replace {
            let cohorts = Set(rows.map(\.graduate.cohort.year))
            let listed = Set(rows.map(\.graduate.idNumber.value))
            plan.removed = roster
                .filter { !$0.removed && cohorts.contains($0.values.cohort) && !listed.contains($0.values.idNumber) }
                .sorted { ($0.values.department, $0.values.studentNumber) < ($1.values.department, $1.values.studentNumber) }
                .map { Entry(row: 0, graduateID: $0.id, values: $0.values, previous: $0.values) }
        }
        return plan
    }

    /// SHA-256 over every entry, change, removal and new 院系, in order: two plans with the
    /// same digest write the same thing. (Each value is written out field by field: a
    /// struct's `\(…)` goes through reflection, and took a fifth of a 20,000-row preview.)
    var digest: String {
        var hasher = SHA256()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(512)
        func add(_ text: String) {
            buffer.append(contentsOf: text.utf8)
            buffer.append(0x1F)
        }
        func flush() {
            hasher.update(data: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        for (kind, entries) in [("A", self.added), ("C", self.changed), ("R", self.restored), ("D", self.removed)] {
            for entry in entries {
                add(kind)
                add(String(entry.row))
                add(entry.graduateID ?? "")
                for column in RosterColumn.allCases { add(entry.values.stored(column)) }
                for change in entry.changes {
                    add(change.column.rawValue)
                    add(change.old)
                    add(change.new)
                }
                flush()
            }
        }
        for department in self.newDepartments { add("N|\(department)") }
        add("U|\(self.unchanged)")
        flush()
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
