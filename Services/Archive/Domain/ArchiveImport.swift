public import GraduateDomain

/// A column of the school's import template (下载模板), in order: the graduate by 身份证号 and
/// 姓名, then every field under its label. Code columns take the code or the name.
public enum ArchiveImportColumn: Hashable, Sendable, CaseIterable {
    case idNumber
    case name
    case field(ArchiveField)

    public static var allCases: [ArchiveImportColumn] { [.idNumber, .name] + ArchiveField.allCases.map(Self.field) }

    public var header: String {
        switch self {
        case .idNumber: "身份证号"
        case .name: "姓名"
        case .field(let field): field.label
        }
    }
}

/// What the roster says of the graduate a row names.
public struct ArchiveImportGraduate: Hashable, Sendable {
    public var name: String
    public var context: ArchiveValidationContext
    public var hasApplicationUnderReview: Bool

    public init(name: String, context: ArchiveValidationContext, hasApplicationUnderReview: Bool = false) {
        self.name = name
        self.context = context
        self.hasApplicationUnderReview = hasApplicationUnderReview
    }
}

/// A row that passed every check.
public struct ArchiveImportRow: Hashable, Sendable {
    public var row: Int
    public var idNumber: IDNumber
    public var values: ArchiveRecordValues
}

/// 行号 + 列 + 原因, as the import report shows it.
public struct ArchiveImportError: Hashable, Sendable {
    public var row: Int
    public var column: String
    public var reason: String

    public init(row: Int, column: String, reason: String) {
        self.row = row
        self.column = column
        self.reason = reason
    }
}

/// The bad rows of a file; a file with any is applied not at all.
public struct ArchiveImportRejection: Error, Hashable, Sendable {
    public var errors: [ArchiveImportError]

    public init(_ errors: [ArchiveImportError]) {
        self.errors = errors
    }
}

/// One line of 下载代码: a code list's name, a code and its name.
public struct ArchiveCodeRow: Hashable, Sendable {
    public var list: String
    public var code: String
    public var name: String

    public init(list: String, code: String, name: String) {
        self.list = list
        self.code = code
        self.name = name
    }
}

public enum ArchiveImport {
    public static var headers: [String] { ArchiveImportColumn.allCases.map(\.header) }

    /// One row's cells in template order (missing trailing cells are empty), numbered as the
    /// spreadsheet numbers it (the header is row 1). `graduate` looks a 身份证号 up on the roster.
    public static func validate(
        _ cells: [String], row: Int, today: Int = IDNumber.today(), graduate: (IDNumber) -> ArchiveImportGraduate?
    ) -> Result<ArchiveImportRow, ArchiveImportRejection> {
        var errors: [ArchiveImportError] = []
        func fail(_ column: ArchiveImportColumn, _ reason: String) {
            errors.append(ArchiveImportError(row: row, column: column.header, reason: reason))
        }
        let columns = ArchiveImportColumn.allCases
        if cells.count > columns.count {
            errors.append(ArchiveImportError(row: row, column: "文件", reason: "列数多于模板（\(columns.count)列）"))
        }
        func cell(_ column: ArchiveImportColumn) -> String {
            guard let index = columns.firstIndex(of: column), index < cells.count else { return "" }
            return cells[index].trimmingWhiteSpace()
        }

        var idNumber: IDNumber?
        var found: ArchiveImportGraduate?
        if cell(.idNumber).isEmpty {
            fail(.idNumber, "不能为空")
        } else {
            do throws(IDNumber.Problem) { idNumber = try IDNumber(cell(.idNumber), today: today) } catch { fail(.idNumber, error.message) }
        }
        if let idNumber {
            found = graduate(idNumber)
            if found == nil { fail(.idNumber, "该身份证号不在本校学生名单中") }
        }
        if let found {
            if cell(.name).isEmpty {
                fail(.name, "不能为空")
            } else if cell(.name) != found.name {
                fail(.name, "与学生名单中该身份证号的姓名不一致")
            }
            if found.hasApplicationUnderReview { fail(.idNumber, "该毕业生有审核中的档案/户口信息申请，请先审核") }
        }

        var draft = ArchiveRecordDraft()
        for field in ArchiveField.allCases { draft[field] = cell(.field(field)) }
        let validated = ArchiveValidation.validate(draft, context: found?.context ?? ArchiveValidationContext(graduationDate: nil))
        switch validated {
        case .failure(let failure):
            for problem in failure.problems { fail(.field(problem.field), problem.reason) }
        case .success(let values):
            if errors.isEmpty, let idNumber { return .success(ArchiveImportRow(row: row, idNumber: idNumber, values: values)) }
        }
        return .failure(ArchiveImportRejection(errors))
    }

    /// 下载代码: every code list the template's code columns take, and the 行政区划 codes of the
    /// two place columns with their full names.
    public static var codeRows: [ArchiveCodeRow] {
        func rows<List: CodeList>(_ list: List.Type, _ field: ArchiveField) -> [ArchiveCodeRow] {
            List.allCases.map { ArchiveCodeRow(list: field.label, code: $0.rawValue, name: $0.name) }
        }
        var regions: [ArchiveCodeRow] = []
        func addRegions(under parent: String?) {
            for region in Regions.children(of: parent) {
                regions.append(ArchiveCodeRow(list: "行政区划", code: region.code, name: Regions.display(region.code)))
                addRegions(under: region.code)
            }
        }
        addRegions(under: nil)
        return rows(ArchiveTransferType.self, .transferType) + rows(ArchiveTransferMethod.self, .transferMethod)
            + rows(HukouMigrationChoice.self, .migratesHukou) + rows(HukouMigrationType.self, .hukouMigrationType) + regions
    }
}
