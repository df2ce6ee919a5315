@testable import AccountsService
@testable import DocumentKit
import Foundation
import GRPCCore
import GraduateProto
import Testing
import TransportTestSupport
import ZIPFoundation

/// Builds a minimal .xlsx the way Excel lays one out: workbook, relationships, shared
/// strings, and a sheet whose text cells point into the shared strings (numbers stay numbers).
enum XLSXFixture {
    static func make(_ rows: [[String]], sheetPath: String = "worksheets/sheet1.xml") throws -> Data {
        var strings: [String] = []
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        var sheet = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for (rowIndex, row) in rows.enumerated() {
            sheet += #"<row r="\#(rowIndex + 1)">"#
            for (columnIndex, value) in row.enumerated() where !value.isEmpty {
                let reference = String(UnicodeScalar(65 + columnIndex)!) + String(rowIndex + 1)
                if value.count <= 6, Int(value) != nil {
                    sheet += #"<c r="\#(reference)"><v>\#(value)</v></c>"#
                } else {
                    strings.append(value)
                    sheet += #"<c r="\#(reference)" t="s"><v>\#(strings.count - 1)</v></c>"#
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        let shared = #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            + strings.map { "<si><t>\(escape($0))</t></si>" }.joined() + "</sst>"
        let workbook = #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="学生名单" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        let relationships = #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="\#(sheetPath)"/></Relationships>"#
        return try Self.archive([
            ("xl/workbook.xml", Data(workbook.utf8)), ("xl/_rels/workbook.xml.rels", Data(relationships.utf8)),
            ("xl/sharedStrings.xml", Data(shared.utf8)), ("xl/" + sheetPath, Data(sheet.utf8)),
        ])
    }

    /// A zip of these parts, as an .xlsx is.
    static func archive(_ parts: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return try #require(archive.data)
    }

    /// A workbook whose first sheet is `sheet` (and whose shared strings are `shared`, if given).
    static func workbook(sheet: Data, shared: Data? = nil) throws -> Data {
        var parts: [(path: String, data: Data)] = [
            ("xl/workbook.xml", Data(#"<workbook xmlns:r="r"><sheets><sheet r:id="rId1"/></sheets></workbook>"#.utf8)),
            ("xl/_rels/workbook.xml.rels", Data(#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8)),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        if let shared { parts.append(("xl/sharedStrings.xml", shared)) }
        return try Self.archive(parts)
    }
}

@Suite("XLSX roster files")
struct XLSXTests {
    @Test("a cell reference of 14 letters (it overflowed an Int and stopped the service) or past XFD is no trap")
    func absurdCellReferences() throws {
        // References Excel never writes.
        let sheet = #"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="ZZZZZZZZZZZZZZ1" t="inlineStr"><is><t>a</t></is></c><c r="XFE1"><v>1</v></c><c r="@1"><v>2</v></c></row></sheetData></worksheet>"#
        let data = try XLSXFixture.workbook(sheet: Data(sheet.utf8))
        // Past XFD is refused as too large; the 14 letters alone no longer overflow.
        #expect(throws: XLSXReader.Problem.tooLarge) { try XLSXReader.records(from: data) }
    }

    @Test("a shared-string index that is negative or past the list is an empty cell, not a trap")
    func badSharedStringIndexes() throws {
        let sheet = #"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>-1</v></c><c r="B1" t="s"><v>7</v></c><c r="C1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
        let records = try XLSXReader.records(from: try XLSXFixture.workbook(sheet: Data(sheet.utf8), shared: Data("<sst><si><t>甲</t></si></sst>".utf8)))
        #expect(records.first?.fields == ["", "", "甲"])
    }

    /// Parts FoundationXML trapped on, and declarations of encodings Excel never writes.
    static let nonUTF8Sheets: [[UInt8]] = {
        let bytes: (String) -> [UInt8] = { Array($0.utf8) }
        let cut: [UInt8] = [0xE4, 0xB8]
        return [
            bytes("<w") + [0xF8] + bytes("rksheet/>"),
            bytes("<worksheet><sheetData><row ") + [0xC3] + bytes(#"="1"/></sheetData></worksheet>"#),
            bytes(#"<?xml version="1.0" encoding="UTF-16"?><w"#) + [0xF8] + bytes("rk/>"),
            bytes(#"<?xml version="1.0" encoding="UTF-16"?><worksheet/>"#),
            bytes(#"<?xml version="1.0" encoding='GB18030'?><worksheet/>"#),
            bytes("<worksheet>") + cut,
        ]
    }()

    @Test("a part that is not UTF-8, or declares another encoding, is refused before the XML parser (whose names trap on such bytes)", arguments: Self.nonUTF8Sheets)
    func nonUTF8Parts(sheet: [UInt8]) throws {
        #expect(throws: XLSXReader.Problem.notXLSX) { try XLSXReader.records(from: try XLSXFixture.workbook(sheet: Data(sheet))) }
        // The workbook's own parts pass the same gate.
        let parts: [(path: String, data: Data)] = [("xl/workbook.xml", Data(sheet)), ("xl/_rels/workbook.xml.rels", Data("<Relationships/>".utf8))]
        #expect(throws: XLSXReader.Problem.notXLSX) { try XLSXReader.records(from: try XLSXFixture.archive(parts)) }
    }

    @Test("the declarations Excel writes are accepted, with or without a byte-order mark")
    func utf8Declarations() throws {
        for prefix in [#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#, "\u{FEFF}<?xml version='1.0' encoding='utf-8'?>", #"<?xml version="1.0"?>"#, ""] {
            let sheet = prefix + #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>张三</t></is></c></row></sheetData></worksheet>"#
            #expect(try XLSXReader.records(from: try XLSXFixture.workbook(sheet: Data(sheet.utf8))).first?.fields == ["张三"])
        }
    }

    @Test("the streaming UTF-8 check agrees with the standard library on random bytes, split anywhere")
    func utf8ValidatorAgrees() {
        var random = SeededGenerator(seed: 7)
        let pieces: [[UInt8]] = [[0x41], [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xF0, 0x9F, 0x98, 0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80], [0x80], [0xFF], [0xF8]]
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...8, using: &random) { bytes += pieces.randomElement(using: &random)! }
            if Bool.random(using: &random), !bytes.isEmpty { bytes.removeLast() }
            var validator = UTF8Validator()
            let fed = bytes.allSatisfy { validator.feed($0) } && validator.isComplete
            #expect(fed == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test("sheets of random and mutated cells never trap: references, types, shared-string indexes, values", arguments: [UInt64(1), 2, 3])
    func fuzzedSheets(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let shared = Data("<sst><si><t>甲</t></si><si><t>乙</t></si></sst>".utf8)
        let references = ["A1", "B2", "", "@", "1A", "ZZZZZZZZZZZZZZZZZZZZ9", "XFD1", "XFE2", "a3", "Ä1", "A-1", "A99999999999999999999"]
        let types = ["s", "b", "n", "str", "inlineStr", "e", "x", ""]
        let values = ["0", "1", "-1", "2", "99999999999999999999", "-9223372036854775808", "1e9", "", "abc", "&amp;", "&#0;", "&lt;"]
        for _ in 0..<150 {
            var sheet = "<worksheet><sheetData>"
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                sheet += Bool.random(using: &random) ? #"<row r="\#(values.randomElement(using: &random)!)">"# : "<row>"
                for _ in 0..<Int.random(in: 0...6, using: &random) {
                    let value = values.randomElement(using: &random)!
                    let reference = references.randomElement(using: &random)!
                    let type = types.randomElement(using: &random)!
                    sheet += #"<c r="\#(reference)" t="\#(type)"><v>\#(value)</v><is><t>\#(value)</t></is></c>"#
                }
                sheet += "</row>"
            }
            sheet += "</sheetData></worksheet>"
            var bytes = Array(sheet.utf8)
            // Now and then broken XML as well.
            if Bool.random(using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            _ = try? XLSXReader.records(from: try XLSXFixture.workbook(sheet: Data(bytes), shared: shared))
        }
    }

    @Test("the first sheet is read through the workbook's relationships, numbers and shared strings alike")
    func readsSheet() throws {
        let data = try XLSXFixture.make([RosterFixture.header, RosterFixture.row(idNumber: RosterFixture.idNumber(1), studentNumber: "S1")], sheetPath: "worksheets/data.xml")
        let records = try XLSXReader.records(from: data)
        #expect(records.count == 2)
        #expect(records[1].number == 2)
        #expect(records[1].fields[5] == RosterFixture.idNumber(1))
        #expect(records[1].fields[8] == "2024")
        let rows = try RosterFile.parse(xlsx: data).get()
        #expect(rows.first?.graduate.name == "张三")
    }

    @Test("bad rows in a spreadsheet are reported by their Excel row numbers")
    func badRows() throws {
        let data = try XLSXFixture.make([
            RosterFixture.header,
            RosterFixture.row(idNumber: RosterFixture.idNumber(1), studentNumber: "S1"),
            RosterFixture.row(idNumber: RosterFixture.idNumber(2), studentNumber: "S2", educationLevel: "大专"),
        ])
        guard case .failure(let rejection) = RosterFile.parse(xlsx: data) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.errors.map { "\($0.row) \($0.field)" } == ["3 学历"])
    }

    @Test("bytes that are not a spreadsheet are refused")
    func notXLSX() {
        #expect(throws: XLSXReader.Problem.notXLSX) { try XLSXReader.records(from: Data("PK\u{3}\u{4}garbage".utf8)) }
    }

    @Test("an .xlsx roster imports over RPC like a CSV one")
    func importsOverRPC() async throws {
        try await AccountsHarness.run { harness in
            let school = try await harness.makeSchool(code: "10001", name: "学校")
            let rows = (0..<20).map { RosterFixture.row(name: "学生\($0)", idNumber: RosterFixture.idNumber($0), studentNumber: "S\($0)") }
            var request = Graduate_Accounts_V1_ImportRosterRequest()
            request.content = try XLSXFixture.make([RosterFixture.header] + rows)
            request.fileName = "名单.xlsx"
            request.createDepartments = true
            #expect(try await harness.client.importRoster(request, metadata: school.admin).imported == 20)
            request.content = Data("not a zip".utf8)
            #expect(await rpcCode { _ = try await harness.client.importRoster(request, metadata: school.admin) } == .invalidArgument)
        }
    }
}

