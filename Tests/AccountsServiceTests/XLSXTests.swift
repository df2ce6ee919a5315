@testable import AccountsService
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
        let archive = try Archive(accessMode: .create)
        for (path, text) in [
            ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", relationships),
            ("xl/sharedStrings.xml", shared), ("xl/" + sheetPath, sheet),
        ] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return try #require(archive.data)
    }
}

@Suite("XLSX roster files")
struct XLSXTests {
    @Test("a cell reference of 14 letters (it overflowed an Int and stopped the service) or past XFD is no trap")
    func absurdCellReferences() throws {
        var data = try XLSXFixture.make([RosterFixture.header])
        // Rewrite the sheet with references Excel never writes.
        let sheet = #"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="ZZZZZZZZZZZZZZ1" t="inlineStr"><is><t>a</t></is></c><c r="XFE1"><v>1</v></c><c r="@1"><v>2</v></c></row></sheetData></worksheet>"#
        let archive = try Archive(accessMode: .create)
        for (path, text) in [
            ("xl/workbook.xml", #"<workbook xmlns:r="r"><sheets><sheet r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ("xl/worksheets/sheet1.xml", sheet),
        ] {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        data = try #require(archive.data)
        // Past XFD is refused as too large; the 14 letters alone no longer overflow.
        #expect(throws: XLSXReader.Problem.tooLarge) { try XLSXReader.records(from: data) }
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
            #expect(try await harness.client.importRoster(request, metadata: school.admin).imported == 20)
            request.content = Data("not a zip".utf8)
            #expect(await rpcCode { _ = try await harness.client.importRoster(request, metadata: school.admin) } == .invalidArgument)
        }
    }
}
