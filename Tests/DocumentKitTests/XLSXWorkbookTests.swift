import DocumentKit
import Foundation
import Testing
import ZIPFoundation

/// The XML parts of an .xlsx file, as text.
private func parts(of data: Data) throws -> [String: String] {
    let archive = try Archive(data: data, accessMode: .read)
    var parts: [String: String] = [:]
    for entry in archive where entry.type == .file {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        parts[entry.path] = String(decoding: bytes, as: UTF8.self)
    }
    return parts
}

@Suite("Excel export", .serialized)
struct XLSXWorkbookTests {
    let header = ["院系", "专业", "姓名", "协议编号", "月薪（元）", "签约人数"]
    let rows: [[XLSXWorkbook.Cell]] = [
        ["计算机学院", "软件工程", "李明轩", "2023410001318198442", 15000, 1],
        ["经济管理学院", "会计学", "张雨涵", .text("2023110001313572712"), 8500.5, 2],
        ["外国语学院", "英语（师范）", "王思远", .empty, 0, 3],
    ]

    @Test("sheets, header and cells are in the workbook's XML")
    func contents() throws {
        var workbook = XLSXWorkbook()
        workbook.addSheet(name: "签约列表", header: self.header, rows: self.rows)
        workbook.addSheet(name: "统计", header: ["院系", "总数"], rows: [["计算机学院", 120], ["总计", 120]])
        let data = try workbook.data()
        #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))  // a zip
        let xml = try parts(of: data)
        let book = try #require(xml["xl/workbook.xml"])
        #expect(book.contains("name=\"签约列表\""))
        #expect(book.contains("name=\"统计\""))
        let strings = try #require(xml["xl/sharedStrings.xml"])
        for text in self.header + ["计算机学院", "软件工程", "李明轩", "2023410001318198442", "英语（师范）", "总计"] {
            #expect(strings.contains("<t>\(text)</t>"), "missing string \(text)")
        }
        let sheet = try #require(xml["xl/worksheets/sheet1.xml"])
        for number in ["15000", "8500.5", "<v>0</v>", "<v>3</v>"] {
            #expect(sheet.contains(number), "missing number \(number)")
        }
        // Numbers are numbers, not text: the cell has no t="s".
        #expect(sheet.range(of: "<c r=\"E2\"( s=\"[0-9]+\")?><v>15000</v>", options: .regularExpression) != nil)
        // The header row is frozen and bold; the columns have widths.
        #expect(sheet.contains("ySplit=\"1\""))
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<cols>"))
        #expect(try #require(xml["xl/styles.xml"]).contains("<b/>"))
        #expect(xml["xl/worksheets/sheet2.xml"]?.contains("<v>120</v>") == true)
    }

    @Test("column widths count CJK characters double")
    func widths() throws {
        let data = try XLSXWorkbook(sheets: [.init(name: "宽度", header: ["A", "B"], rows: [
            ["北京云帆数据科技有限公司北京分公司", "abcdefghijklmnopqrstuvwxyz"],
        ])]).data()
        let sheet = try #require(parts(of: data)["xl/worksheets/sheet1.xml"])
        // 17 CJK characters → 34 + 2; 26 Latin letters → 26 + 2.
        let widths = sheet.matches(of: /width="([0-9.]+)"/).map { Double($0.output.1)! }
        #expect(widths.count == 2)
        if widths.count == 2 {
            #expect(widths[0] > widths[1])
            #expect(abs(widths[0] - 36) < 1.5)
            #expect(abs(widths[1] - 28) < 1.5)
        }
    }

    @Test("bad sheet names are refused with a clear reason", arguments: [
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", "签约[2024]", "a:b", "a*b", "a?b", "a/b", "a\\b", "", "'引号",
    ])
    func badNames(name: String) {
        #expect(throws: XLSXWorkbook.Problem.self) {
            try XLSXWorkbook(sheets: [.init(name: name, header: ["A"], rows: [])]).data()
        }
        do {
            _ = try XLSXWorkbook(sheets: [.init(name: name, header: ["A"], rows: [])]).data()
        } catch {
            guard case .badSheetName(let bad, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(bad == name)
            #expect(!reason.isEmpty)
            #expect(error.message.hasPrefix("工作表名称“\(name)”无效："))
        }
    }

    @Test("a 31-character name is fine; 32 is one too many")
    func nameLength() throws {
        let name31 = String(repeating: "表", count: 31)
        #expect(throws: Never.self) { try XLSXWorkbook(sheets: [.init(name: name31, header: ["A"], rows: [])]).data() }
        #expect(throws: XLSXWorkbook.Problem.badSheetName(name31 + "表", reason: "不能超过31个字符")) {
            try XLSXWorkbook(sheets: [.init(name: name31 + "表", header: ["A"], rows: [])]).data()
        }
    }

    @Test("no sheets, duplicate names, infinite numbers and overlong text are refused")
    func otherProblems() {
        #expect(throws: XLSXWorkbook.Problem.noSheets) { try XLSXWorkbook().data() }
        #expect(throws: XLSXWorkbook.Problem.duplicateSheetName("List")) {
            try XLSXWorkbook(sheets: [.init(name: "list", header: [], rows: []), .init(name: "List", header: [], rows: [])]).data()
        }
        #expect(throws: XLSXWorkbook.Problem.badNumber(sheet: "数", row: 2, column: 1)) {
            try XLSXWorkbook(sheets: [.init(name: "数", header: ["x"], rows: [[.number(.infinity)]])]).data()
        }
        #expect(throws: XLSXWorkbook.Problem.textTooLong(sheet: "长", row: 2, column: 2)) {
            try XLSXWorkbook(sheets: [.init(name: "长", header: ["x", "y"], rows: [["", .text(String(repeating: "字", count: 32_768))]])]).data()
        }
    }

    @Test("the same workbook with a fixed creation time gives the same bytes")
    func deterministic() throws {
        let workbook = XLSXWorkbook(sheets: [.init(name: "签约列表", header: self.header, rows: self.rows)], created: Date(timeIntervalSince1970: 1_717_207_200))
        let first = try workbook.data()
        #expect(try workbook.data() == first)
        #expect(try parts(of: first)["docProps/core.xml"]?.contains("2024-06-01T02:00:00Z") == true)
    }

    @Test("no temporary files are left behind")
    func cleansUp() throws {
        let temporary = FileManager.default.temporaryDirectory.path
        func exports() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasPrefix("export-") && $0.hasSuffix(".xlsx") })
        }
        let before = try exports()
        _ = try XLSXWorkbook(sheets: [.init(name: "表", header: ["a"], rows: [[1]])]).data()
        #expect(try exports().subtracting(before).isEmpty)
    }
}
