public import Foundation

/// RFC 4180 CSV: comma-separated, fields optionally in double quotes (a quote inside is
/// doubled; a quoted field may span lines), CRLF or LF line ends, an optional UTF-8 BOM.
/// Written here rather than taken from SwiftCSV because an import must report the
/// exact record number of every bad row, including around blank and multi-line records.
public enum CSVReader {
    public struct Record: Equatable, Sendable {
        /// 1-based record number: the row a spreadsheet shows (the header is row 1).
        public var number: Int
        public var fields: [String]

        public init(number: Int, fields: [String]) {
            self.number = number
            self.fields = fields
        }
    }

    public enum Problem: Error, Equatable {
        case notUTF8
        case unterminatedQuote(record: Int)
    }

    public static func records(from data: Data) throws(Problem) -> [Record] {
        guard var text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var number = 1
        var characters = text.makeIterator()
        var pending: Character? = nil

        func endRecord() {
            fields.append(field)
            field = ""
            // A record that is one empty field is a blank line: skipped, but counted.
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(number: number, fields: fields))
            }
            fields = []
            number += 1
        }

        while let character = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRecord()
            default:
                field.append(character)
            }
        }
        if inQuotes { throw .unterminatedQuote(record: number) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// One CSV line from fields, quoting where needed (for templates and exports).
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : field
        }.joined(separator: ",")
    }
}
