import CXlsxWriter
public import Foundation

/// An Excel workbook of plain lists (the `?format=xlsx` export of a filtered list): one or
/// more sheets, each with a bold, frozen header row and rows of text or number cells, column
/// widths fitted to the content (CJK characters count double). Written by libxlsxwriter.
public struct XLSXWorkbook: Sendable, Hashable {
    public enum Cell: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
        case text(String)
        case number(Double)
        case empty

        public init(stringLiteral value: String) { self = .text(value) }
        public init(integerLiteral value: Int) { self = .number(Double(value)) }
        public init(floatLiteral value: Double) { self = .number(value) }

        /// The text a person sees in the cell (for column widths).
        var displayText: String {
            switch self {
            case .text(let text): text
            case .number(let number):
                number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .empty: ""
            }
        }
    }

    public struct Sheet: Sendable, Hashable {
        public var name: String
        public var header: [String]
        public var rows: [[Cell]]

        public init(name: String, header: [String], rows: [[Cell]]) {
            self.name = name
            self.header = header
            self.rows = rows
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case noSheets
        case badSheetName(String, reason: String)
        case duplicateSheetName(String)
        case tooManyRows(sheet: String, count: Int)
        case tooManyColumns(sheet: String, count: Int)
        case textTooLong(sheet: String, row: Int, column: Int)
        case badNumber(sheet: String, row: Int, column: Int)
        case writeFailed(String)

        public var message: String {
            switch self {
            case .noSheets: "工作簿至少需要一个工作表"
            case .badSheetName(let name, let reason): "工作表名称“\(name)”无效：\(reason)"
            case .duplicateSheetName(let name): "工作表名称“\(name)”重复"
            case .tooManyRows(let sheet, let count): "工作表“\(sheet)”行数过多（\(count)行，最多1048575行）"
            case .tooManyColumns(let sheet, let count): "工作表“\(sheet)”列数过多（\(count)列，最多16384列）"
            case .textTooLong(let sheet, let row, let column): "工作表“\(sheet)”第\(row)行第\(column)列的文字超过32767个字符"
            case .badNumber(let sheet, let row, let column): "工作表“\(sheet)”第\(row)行第\(column)列不是有效数字"
            case .writeFailed(let detail): "Excel文件生成失败：\(detail)"
            }
        }
    }

    public var sheets: [Sheet]
    /// The workbook's creation time (its document properties); nil means now.
    public var created: Date?

    public init(sheets: [Sheet] = [], created: Date? = nil) {
        self.sheets = sheets
        self.created = created
    }

    public mutating func addSheet(name: String, header: [String], rows: [[Cell]]) {
        self.sheets.append(Sheet(name: name, header: header, rows: rows))
    }

    /// Checks the sheets as Excel would, then writes the .xlsx and returns its bytes.
    public func data() throws(Problem) -> Data {
        try self.validate()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        guard let workbook = workbook_new(url.path) else {
            throw .writeFailed("无法创建临时文件")
        }
        if let created = self.created {
            var properties = lxw_doc_properties()
            properties.created = time_t(created.timeIntervalSince1970)
            workbook_set_properties(workbook, &properties)
        }
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        var failure: String?
        for sheet in self.sheets where failure == nil {
            guard let worksheet = workbook_add_worksheet(workbook, sheet.name) else {
                failure = "无法添加工作表“\(sheet.name)”"
                break
            }
            for (column, title) in sheet.header.enumerated() {
                let error = worksheet_write_string(worksheet, 0, lxw_col_t(column), title, bold)
                if error != LXW_NO_ERROR { failure = String(cString: lxw_strerror(error)) }
            }
            for (index, row) in sheet.rows.enumerated() {
                for (column, cell) in row.enumerated() {
                    let r = lxw_row_t(index + 1)
                    let c = lxw_col_t(column)
                    let error: lxw_error = switch cell {
                    case .text(let text): worksheet_write_string(worksheet, r, c, text, nil)
                    case .number(let number): worksheet_write_number(worksheet, r, c, number, nil)
                    case .empty: LXW_NO_ERROR
                    }
                    if error != LXW_NO_ERROR { failure = String(cString: lxw_strerror(error)) }
                }
            }
            for (column, width) in Self.columnWidths(sheet).enumerated() {
                worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, nil)
            }
            if !sheet.header.isEmpty {
                worksheet_freeze_panes(worksheet, 1, 0)
            }
        }
        // Closing writes the file (and frees the workbook) even after a failure above.
        let closed = workbook_close(workbook)
        if let failure { throw .writeFailed(failure) }
        guard closed == LXW_NO_ERROR else { throw .writeFailed(String(cString: lxw_strerror(closed))) }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .writeFailed("无法读取生成的文件")
        }
    }

    func validate() throws(Problem) {
        guard !self.sheets.isEmpty else { throw .noSheets }
        var seen: Set<String> = []
        for sheet in self.sheets {
            try Self.validateName(sheet.name)
            guard seen.insert(sheet.name.lowercased()).inserted else { throw .duplicateSheetName(sheet.name) }
            guard sheet.rows.count < 1_048_576 else { throw .tooManyRows(sheet: sheet.name, count: sheet.rows.count) }
            let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
            guard columns <= 16_384 else { throw .tooManyColumns(sheet: sheet.name, count: columns) }
            let rows = [sheet.header.map { Cell.text($0) }] + sheet.rows
            for (rowIndex, row) in rows.enumerated() {
                for (columnIndex, cell) in row.enumerated() {
                    switch cell {
                    case .text(let text) where text.utf16.count > 32_767:
                        throw .textTooLong(sheet: sheet.name, row: rowIndex + 1, column: columnIndex + 1)
                    case .number(let number) where !number.isFinite:
                        throw .badNumber(sheet: sheet.name, row: rowIndex + 1, column: columnIndex + 1)
                    default: continue
                    }
                }
            }
        }
    }

    /// Excel's rules for worksheet names.
    static func validateName(_ name: String) throws(Problem) {
        guard !name.isEmpty else { throw .badSheetName(name, reason: "不能为空") }
        guard name.utf16.count <= 31 else { throw .badSheetName(name, reason: "不能超过31个字符") }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
            throw .badSheetName(name, reason: "不能包含字符“\(bad)”（不允许 [ ] : * ? / \\）")
        }
        guard !name.hasPrefix("'") && !name.hasSuffix("'") else {
            throw .badSheetName(name, reason: "不能以单引号开头或结尾")
        }
        guard name.lowercased() != "history" else { throw .badSheetName(name, reason: "History 是 Excel 的保留名称") }
    }

    /// Column widths in Excel's character units: the widest cell (CJK counting double) plus
    /// a little room, between 8 and 60.
    static func columnWidths(_ sheet: Sheet) -> [Double] {
        let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        var widths = Array(repeating: 0, count: columns)
        for (index, title) in sheet.header.enumerated() {
            widths[index] = max(widths[index], self.displayWidth(title) + 2)  // bold is a little wider
        }
        for row in sheet.rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], self.displayWidth(cell.displayText))
            }
        }
        return widths.map { Double(min(max($0 + 2, 8), 60)) }
    }

    /// Display columns of `text`: East Asian wide and full-width characters count 2.
    static func displayWidth(_ text: String) -> Int {
        // A multi-line cell is as wide as its widest line.
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.unicodeScalars.reduce(0) { $0 + (self.isWide($1) ? 2 : 1) }
        }.max() ?? 0
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }
}
