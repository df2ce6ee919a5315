public import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an .xlsx file (a zip of XML parts) into the same records
/// the CSV reader makes, with each row's number as Excel shows it. Shared strings, inline
/// strings, numbers and booleans are read; formulas give their cached value.
///
/// Memory stays bounded whatever the file inflates to: the big parts (shared strings, the
/// sheet) are extracted to a temporary file chunk by chunk and parsed from it as a stream,
/// rows, columns and cells have limits, and one file is read at a time per process.
public enum XLSXReader {
    public enum Problem: Error, Equatable {
        case notXLSX
        case tooLarge
    }

    /// An uncompressed part larger than this is refused (a zip bomb, or not a roster). Excel
    /// writes a 50,000-row roster (the most one import takes) as about 25 MB of sheet XML.
    static let maximumPartBytes = 32 * 1024 * 1024
    /// Rows of a roster sheet (a whole university's graduates fit many times over).
    static let maximumRows = 100_000
    /// Excel's rows; a row's `r` outside them is not believed.
    static let rowNumbers = 1...1_048_576
    /// Excel's last column is XFD.
    static let maximumColumns = 16_384
    /// A cell's text is kept up to this many characters; the roster's checks refuse longer.
    static let maximumCellCharacters = 1_000
    static let maximumSharedStrings = 1_000_000

    /// Whether the bytes are a zip, as every .xlsx is (they start with "PK\u{3}\u{4}"): an
    /// upload's bytes decide how it is read, not only its name.
    public static func isZip(_ data: Data) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    public static func records(from data: Data) throws(Problem) -> [CSVReader.Record] {
        do {
            let archive = try Archive(data: data, accessMode: .read)
            let strings = try Self.streamed("xl/sharedStrings.xml", in: archive) { SharedStrings.parse($0) } ?? .success([])
            guard let sheet = try Self.streamed(Self.firstSheetPath(in: archive), in: archive, { url in
                SheetRows.parse(url, sharedStrings: try strings.get())
            }) else { throw Problem.notXLSX }
            return try sheet.get()
        } catch let problem as Problem {
            throw problem
        } catch {
            throw .notXLSX
        }
    }

    /// Extracts the part to a temporary file (never whole in memory) and parses it from there.
    private static func streamed<T>(
        _ path: String,
        in archive: Archive,
        _ parse: (URL) throws -> Result<T, Problem>
    ) throws -> Result<T, Problem>? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= Self.maximumPartBytes else { throw Problem.tooLarge }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-part-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw Problem.notXLSX }
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        var written = 0
        var check = XMLPartCheck()
        do {
            _ = try archive.extract(entry) { chunk in
                written += chunk.count
                if written > Self.maximumPartBytes { throw Problem.tooLarge }
                guard check.feed(chunk) else { throw Problem.notXLSX }
                try handle.write(contentsOf: chunk)
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        guard check.accepts() else { throw Problem.notXLSX }
        return try parse(url)
    }

    private static func part(_ path: String, in archive: Archive) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= Self.maximumPartBytes else { throw Problem.tooLarge }
        var data = Data()
        _ = try archive.extract(entry) { chunk in
            data.append(chunk)
            if data.count > Self.maximumPartBytes { throw Problem.tooLarge }
        }
        guard XMLPartCheck.accepts(data) else { throw Problem.notXLSX }
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

    private var tooLarge = false

    static func parse(_ url: URL) -> Result<[String], XLSXReader.Problem> {
        let collector = SharedStrings()
        guard let stream = InputStream(url: url) else { return .failure(.notXLSX) }
        let parser = XMLParser(stream: stream)
        parser.delegate = collector
        parser.parse()
        return collector.tooLarge ? .failure(.tooLarge) : .success(collector.strings)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        guard !self.tooLarge else { return }
        if name == "si" { self.current = "" }
        if name == "t" { self.inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !self.tooLarge, self.inText, self.current.count < XLSXReader.maximumCellCharacters { self.current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard !self.tooLarge else { return }
        if name == "t" { self.inText = false }
        if name == "si" {
            self.strings.append(self.current)
            if self.strings.count > XLSXReader.maximumSharedStrings { self.tooLarge = true }
        }
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
    private var tooLarge = false

    private init(sharedStrings: [String]) {
        self.sharedStrings = sharedStrings
    }

    static func parse(_ url: URL, sharedStrings: [String]) -> Result<[CSVReader.Record], XLSXReader.Problem> {
        let collector = SheetRows(sharedStrings: sharedStrings)
        guard let stream = InputStream(url: url) else { return .failure(.notXLSX) }
        let parser = XMLParser(stream: stream)
        parser.delegate = collector
        parser.parse()
        return collector.tooLarge ? .failure(.tooLarge) : .success(collector.rows)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        guard !self.tooLarge else { return }
        switch name {
        case "row":
            // A number outside Excel's rows is the file's mistake: count on instead of trusting it.
            self.rowNumber = attributes["r"].flatMap(Int.init).flatMap { XLSXReader.rowNumbers.contains($0) ? $0 : nil } ?? self.rowNumber + 1
            self.cells = [:]
            self.column = 0
        case "c":
            self.column = attributes["r"].flatMap(Self.column(of:)) ?? self.column + 1
            if self.column > XLSXReader.maximumColumns { self.tooLarge = true }
            self.cellType = attributes["t"] ?? "n"
            self.value = ""
        case "v", "t":
            self.inValue = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !self.tooLarge, self.inValue, self.value.count < XLSXReader.maximumCellCharacters { self.value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard !self.tooLarge else { return }
        switch name {
        case "v", "t":
            self.inValue = false
        case "c":
            switch self.cellType {
            case "s":
                // The index is the file's: a negative or too large one is an empty cell, not a trap.
                self.cells[self.column] = Int(self.value).flatMap { self.sharedStrings.indices.contains($0) ? self.sharedStrings[$0] : nil } ?? ""
            case "b": self.cells[self.column] = self.value == "1" ? "TRUE" : "FALSE"
            default: self.cells[self.column] = self.value
            }
        case "row":
            guard let last = self.cells.keys.max(), last >= 1, self.cells.values.contains(where: { !$0.isEmpty }) else { return }
            let fields = (1...last).map { self.cells[$0] ?? "" }
            self.rows.append(CSVReader.Record(number: self.rowNumber, fields: fields))
            if self.rows.count > XLSXReader.maximumRows { self.tooLarge = true }
        default:
            break
        }
    }

    /// "AB12" → 28; nil for more than three letters (past XFD, and 14 letters overflowed).
    static func column(of reference: String) -> Int? {
        let letters = reference.prefix { $0.isLetter && $0.isASCII }
        guard (1...3).contains(letters.count) else { return nil }
        return letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }
}
