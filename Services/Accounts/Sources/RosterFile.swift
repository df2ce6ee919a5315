import DocumentKit
import Foundation
import GraduateDomain

/// Reads a roster file into valid rows, or reports every bad row (行号 + 字段 + 原因).
/// A file with any error yields no rows at all: nothing of it is imported.
enum RosterFile {
    static let maximumRows = 50_000

    static func parse(csv data: Data) -> Result<[(row: Int, graduate: ValidRosterRow)], RosterRejection> {
        do throws(CSVReader.Problem) {
            return Self.parse(records: try CSVReader.records(from: data))
        } catch {
            switch error {
            case .notUTF8:
                return .failure(RosterRejection([RosterRowError(row: 0, field: "文件", reason: "文件不是UTF-8编码的CSV文件")]))
            case .unterminatedQuote(let record):
                return .failure(RosterRejection([RosterRowError(row: record, field: "文件", reason: "引号没有闭合")]))
            }
        }
    }

    /// The first worksheet of an Excel (.xlsx) file, read like a CSV file.
    static func parse(xlsx data: Data) -> Result<[(row: Int, graduate: ValidRosterRow)], RosterRejection> {
        do throws(XLSXReader.Problem) {
            return Self.parse(records: try XLSXReader.records(from: data))
        } catch {
            let reason = error == .tooLarge ? "Excel文件内容过大" : "文件不是有效的Excel（.xlsx）文件"
            return .failure(RosterRejection([RosterRowError(row: 0, field: "文件", reason: reason)]))
        }
    }

    static func parse(records: [CSVReader.Record]) -> Result<[(row: Int, graduate: ValidRosterRow)], RosterRejection> {
        guard let header = records.first else {
            return .failure(RosterRejection([RosterRowError(row: 1, field: "文件", reason: "文件是空的，应以表头行开始")]))
        }
        var columns: [Int: RosterColumn] = [:]
        var errors: [RosterRowError] = []
        for (index, name) in header.fields.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let column = RosterColumn(rawValue: trimmed) else { continue }
            if columns.values.contains(column) {
                errors.append(RosterRowError(row: header.number, field: trimmed, reason: "表头中重复出现"))
            }
            columns[index] = column
        }
        for column in RosterColumn.allCases where column.isRequired && !columns.values.contains(column) {
            errors.append(RosterRowError(row: header.number, field: column.rawValue, reason: "缺少此列（请使用模板）"))
        }
        if !errors.isEmpty { return .failure(RosterRejection(errors)) }
        let body = records.dropFirst()
        if body.isEmpty {
            return .failure(RosterRejection([RosterRowError(row: 2, field: "文件", reason: "文件中没有学生数据")]))
        }
        if body.count > Self.maximumRows {
            return .failure(RosterRejection([RosterRowError(row: 0, field: "文件", reason: "一次最多导入\(Self.maximumRows)行")]))
        }

        var valid: [(row: Int, graduate: ValidRosterRow)] = []
        var firstRowOfID: [String: Int] = [:]
        var firstRowOfStudentNumber: [String: Int] = [:]
        let today = IDNumber.today()
        for record in body {
            if record.fields.count > header.fields.count {
                errors.append(RosterRowError(row: record.number, field: "文件", reason: "列数多于表头"))
                continue
            }
            var row = RosterRow()
            for (index, value) in record.fields.enumerated() {
                if let column = columns[index] { row[keyPath: column.keyPath] = value }
            }
            switch RosterValidation.validate(row, number: record.number, today: today) {
            case .failure(let rejection):
                errors += rejection.errors
            case .success(let graduate):
                if let first = firstRowOfID[graduate.idNumber.value] {
                    errors.append(RosterRowError(row: record.number, field: RosterColumn.idNumber.rawValue, reason: "与第\(first)行重复"))
                } else if let first = firstRowOfStudentNumber[graduate.studentNumber] {
                    errors.append(RosterRowError(row: record.number, field: RosterColumn.studentNumber.rawValue, reason: "与第\(first)行重复"))
                } else {
                    firstRowOfID[graduate.idNumber.value] = record.number
                    firstRowOfStudentNumber[graduate.studentNumber] = record.number
                    valid.append((record.number, graduate))
                }
            }
        }
        return errors.isEmpty ? .success(valid) : .failure(RosterRejection(errors))
    }

    /// The downloadable template: the header and one example row.
    /// The header and one example row, of the 届 being worked on (a 2024届 example in 2026
    /// would be copied as is by someone).
    static func templateCSV(cohort: Int = Cohort.current()) -> Data {
        let header = CSVReader.line(RosterColumn.allCases.map(\.rawValue))
        let example = CSVReader.line([
            "计算机学院", "软件工程", "本科", "\(cohort % 100)110101150001", "张三", "11010519491231002X", "\(cohort - 4)010001",
            "女", "\(cohort)", "\(cohort)06", "4", "非定向", "", "110105", "13800138000",
        ])
        return Data(("\u{FEFF}" + header + "\r\n" + example + "\r\n").utf8)
    }
}
