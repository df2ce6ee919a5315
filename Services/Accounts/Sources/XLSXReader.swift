import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an .xlsx file (a zip of XML parts) into the same records
/// the CSV reader makes, with each row's number as Excel shows it. Shared strings, inline
/// strings, numbers and booleans are read; formulas give their cached value.
enum XLSXReader {
    enum Problem: Error, Equatable {
        case notXLSX
        case tooLarge
    }

    /// An uncompressed part larger than this is refused (a zip bomb, or not a roster).
    static let maximumPartBytes = 64 * 1024 * 1024

    static func records(from data: Data) throws(Problem) -> [CSVReader.Record] {
        do {
            let archive = try Archive(data: data, accessMode: .read)
            let strings = try Self.part("xl/sharedStrings.xml", in: archive).map(SharedStrings.parse) ?? []
            guard let sheet = try Self.part(Self.firstSheetPath(in: archive), in: archive) else { throw Problem.notXLSX }
            return SheetRows.parse(sheet, sharedStrings: strings)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw .notXLSX
        }
    }

    private static func part(_ path: String, in archive: Archive) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= Self.maximumPartBytes else { throw Problem.tooLarge }
        var data = Data()
        _ = try archive.extract(entry) { chunk in
            data.append(chunk)
            if data.count > Self.maximumPartBytes { throw Problem.tooLarge }
        }
        return data
    }

    /// The first `<sheet>` of the workbook, through the workbook's relationships.
    private static func firstSheetPath(in archive: Archive) throws -> String {
        guard let workbook = try Self.part("xl/workbook.xml", in: archive),
              let relationships = try Self.part("xl/_rels/workbook.xml.rels", in: archive)
        else { return "xl/worksheets/sheet1.xml" }
        let sheetID = Attributes.first(element: "sheet", attribute: "r:id", in: workbook)
        let targets = Attributes.all(element: "Relationship", in: relationships)
        guard let target = targets.first(where: { $0["Id"] == sheetID })?["Target"] else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
}

/// Collects the attributes of elements by name.
private final class Attributes: NSObject, XMLParserDelegate {
    private let element: String
    private var found: [[String: String]] = []

    private init(element: String) {
        self.element = element
    }

    static func all(element: String, in data: Data) -> [[String: String]] {
        let collector = Attributes(element: element)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.found
    }

    static func first(element: String, attribute: String, in data: Data) -> String? {
        Self.all(element: element, in: data).first?[attribute]
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == self.element { self.found.append(attributes) }
    }
}

/// `xl/sharedStrings.xml`: one string per `<si>`, the text of all its `<t>` runs.
private final class SharedStrings: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var current = ""
    private var inText = false

    static func parse(_ data: Data) -> [String] {
        let collector = SharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == "si" { self.current = "" }
        if name == "t" { self.inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if self.inText { self.current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { self.inText = false }
        if name == "si" { self.strings.append(self.current) }
    }
}

/// A worksheet's `<row>`s and `<c>`ells, placed by their references (B3 → column 2).
private final class SheetRows: NSObject, XMLParserDelegate {
    private let sharedStrings: [String]
    private var rows: [CSVReader.Record] = []
    private var rowNumber = 0
    private var cells: [Int: String] = [:]
    private var column = 0
    private var cellType = ""
    private var value = ""
    private var inValue = false

    private init(sharedStrings: [String]) {
        self.sharedStrings = sharedStrings
    }

    static func parse(_ data: Data, sharedStrings: [String]) -> [CSVReader.Record] {
        let collector = SheetRows(sharedStrings: sharedStrings)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.rows
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "row":
            self.rowNumber = attributes["r"].flatMap(Int.init) ?? self.rowNumber + 1
            self.cells = [:]
            self.column = 0
        case "c":
            self.column = attributes["r"].flatMap(Self.column(of:)) ?? self.column + 1
            self.cellType = attributes["t"] ?? "n"
            self.value = ""
        case "v", "t":
            self.inValue = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if self.inValue { self.value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            self.inValue = false
        case "c":
            switch self.cellType {
            case "s": self.cells[self.column] = Int(self.value).flatMap { $0 < self.sharedStrings.count ? self.sharedStrings[$0] : nil } ?? ""
            case "b": self.cells[self.column] = self.value == "1" ? "TRUE" : "FALSE"
            default: self.cells[self.column] = self.value
            }
        case "row":
            guard let last = self.cells.keys.max(), self.cells.values.contains(where: { !$0.isEmpty }) else { return }
            let fields = (1...last).map { self.cells[$0] ?? "" }
            self.rows.append(CSVReader.Record(number: self.rowNumber, fields: fields))
        default:
            break
        }
    }

    /// "AB12" → 28.
    static func column(of reference: String) -> Int? {
        let letters = reference.prefix { $0.isLetter && $0.isASCII }
        guard !letters.isEmpty else { return nil }
        return letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }
}
