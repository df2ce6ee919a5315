@testable import AccountsService
import DocumentKit
import Foundation
import GraduateDomain
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("a BOM, CRLF, quotes, doubled quotes and a multi-line field are read as written")
    func rfc4180() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",z\r\n"
        let records = try CSVReader.records(from: Data(text.utf8))
        #expect(records == [
            .init(number: 1, fields: ["a", "b", "c"]),
            .init(number: 2, fields: ["1", "x, y", "say \"hi\""]),
            .init(number: 3, fields: ["2", "two\nlines", "z"]),
        ])
    }

    @Test("blank lines are skipped but still counted, so row numbers match the file")
    func blankLines() throws {
        let records = try CSVReader.records(from: Data("h\n\nx\n\ny".utf8))
        #expect(records.map(\.number) == [1, 3, 5])
    }

    @Test("an unterminated quote and non-UTF-8 bytes are refused")
    func refused() {
        #expect(throws: CSVReader.Problem.unterminatedQuote(record: 2)) { try CSVReader.records(from: Data("a\n\"open".utf8)) }
        #expect(throws: CSVReader.Problem.notUTF8) { try CSVReader.records(from: Data([0xC4, 0xE3, 0xBA, 0xC3, 0xFF])) }
    }
}

/// Roster files for tests: the template's header and rows built from a valid base row.
enum RosterFixture {
    static let header = RosterColumn.allCases.map(\.rawValue)

    static func row(
        name: String = "张三",
        idNumber: String,
        studentNumber: String,
        department: String = "计算机学院",
        educationLevel: String = "本科",
        trainingMode: String = "非定向",
        boundUnit: String = "",
        gender: String = "",
        cohort: String = "2024",
        mobile: String = "13800138000"
    ) -> [String] {
        [department, "软件工程", educationLevel, "24110101150001", name, idNumber, studentNumber, gender, cohort,
         "202406", "4", trainingMode, boundUnit, "110105", mobile]
    }

    static func csv(_ rows: [[String]], bom: Bool = true) -> Data {
        let lines = ([Self.header] + rows).map(CSVReader.line)
        return Data(((bom ? "\u{FEFF}" : "") + lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A valid 身份证号 for index `n` (born 2002-01-01 + n days, in 110105).
    static func idNumber(_ n: Int) -> String {
        let day = 1 + n % 28
        let sequence = String(format: "%03d", n % 1000)
        return IDNumber.withCheckDigit("1101052002" + String(format: "%02d%02d", 1 + (n / 28) % 12, day) + sequence)
    }
}

@Suite("Roster file validation")
struct RosterFileTests {
    @Test("a good file yields every row, normalised to codes")
    func goodFile() throws {
        let data = RosterFixture.csv([
            RosterFixture.row(idNumber: RosterFixture.idNumber(1), studentNumber: "S1"),
            RosterFixture.row(idNumber: RosterFixture.idNumber(2), studentNumber: "S2", educationLevel: "11", trainingMode: "定向", boundUnit: "某单位"),
        ])
        let rows = try RosterFile.parse(csv: data).get()
        #expect(rows.map(\.row) == [2, 3])
        #expect(rows[1].graduate.educationLevel == .master)
        #expect(rows[1].graduate.trainingMode == .directed)
        #expect(rows[1].graduate.boundUnit == "某单位")
    }

    @Test("every bad row is reported with 行号, 字段 and 原因, and nothing is returned")
    func badRows() {
        let good = RosterFixture.idNumber(3)
        let data = RosterFixture.csv([
            RosterFixture.row(idNumber: good, studentNumber: "S3"),
            RosterFixture.row(idNumber: "110105200201010011", studentNumber: "S4"),
            RosterFixture.row(idNumber: RosterFixture.idNumber(5), studentNumber: "S5", educationLevel: "大专"),
            RosterFixture.row(idNumber: RosterFixture.idNumber(6), studentNumber: "S6", trainingMode: "委培"),
            RosterFixture.row(name: "", idNumber: RosterFixture.idNumber(7), studentNumber: "S7"),
            RosterFixture.row(idNumber: good, studentNumber: "S8"),
            RosterFixture.row(idNumber: RosterFixture.idNumber(9), studentNumber: "S9", mobile: "12345"),
        ])
        guard case .failure(let rejection) = RosterFile.parse(csv: data) else {
            Issue.record("a file with bad rows was accepted")
            return
        }
        let summary = rejection.errors.map { "\($0.row) \($0.field)" }
        #expect(summary == ["3 身份证号", "4 学历", "5 定向/委培单位", "6 姓名", "7 身份证号", "8 手机号"])
        #expect(rejection.errors[0].reason.hasPrefix("身份证号校验位不正确"))
        #expect(rejection.errors[4].reason == "与第2行重复")
    }

    @Test("a missing required column is reported on the header row")
    func missingColumn() {
        let data = Data("院系,专业,姓名\r\n计算机学院,软件工程,张三\r\n".utf8)
        guard case .failure(let rejection) = RosterFile.parse(csv: data) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.errors.allSatisfy { $0.row == 1 && $0.reason.hasPrefix("缺少此列") })
        #expect(Set(rejection.errors.map(\.field)) == ["学历", "考生号", "身份证号", "学号", "届别", "培养方式"])
    }

    @Test("a 性别 that contradicts the 身份证号 is refused")
    func genderMismatch() {
        // idNumber(1)'s 17th digit is odd: male.
        let data = RosterFixture.csv([RosterFixture.row(idNumber: RosterFixture.idNumber(1), studentNumber: "S1", gender: "女")])
        guard case .failure(let rejection) = RosterFile.parse(csv: data) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.errors.map(\.field) == ["性别"])
    }

    @Test("the template parses as a valid file, its example of the 届 being worked on")
    func template() throws {
        let rows = try RosterFile.parse(csv: RosterFile.templateCSV()).get()
        #expect(rows.count == 1)
        #expect(rows.first?.graduate.cohort.year == Cohort.current())
        #expect(try RosterFile.parse(csv: RosterFile.templateCSV(cohort: 2027)).get().first?.graduate.graduationDate == "202706")
        #expect(Cohort.current(today: 20260831) == 2026 && Cohort.current(today: 20260901) == 2027)
    }
}
