public import Foundation

/// A small layout layer for the system's printable documents (the 就业协议书, the transfer
/// report): a list of blocks laid out top to bottom on A4 portrait pages, with automatic
/// page breaks, a footer with page numbers and an optional diagonal watermark on every
/// page. `PDFRenderer` draws it with cairo + pango; the CJK font is embedded as a subset.

/// Font families (fontconfig names of the fonts-noto-cjk package).
public enum PDFFontFamily: String, Sendable, Hashable {
    case sans = "Noto Sans CJK SC"
    case serif = "Noto Serif CJK SC"
}

public struct PDFColor: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    public static let black = PDFColor(red: 0, green: 0, blue: 0)
    public static let darkGray = PDFColor(red: 0.25, green: 0.25, blue: 0.25)
    public static let gray = PDFColor(red: 0.45, green: 0.45, blue: 0.45)
    public static let red = PDFColor(red: 0.78, green: 0.08, blue: 0.08)
    public static let white = PDFColor(red: 1, green: 1, blue: 1)
}

public enum PDFAlignment: Sendable, Hashable {
    case left, center, right
}

/// How a run of text looks: family, size in points, weight, colour, alignment, line spacing.
public struct PDFTextStyle: Sendable, Hashable {
    public var family: PDFFontFamily
    public var size: Double
    public var bold: Bool
    public var color: PDFColor
    public var alignment: PDFAlignment
    /// Distance between baselines as a multiple of the font's line height.
    public var lineSpacing: Double

    public init(
        family: PDFFontFamily = .serif, size: Double = 10, bold: Bool = false, color: PDFColor = .black,
        alignment: PDFAlignment = .left, lineSpacing: Double = 1.25
    ) {
        self.family = family
        self.size = size
        self.bold = bold
        self.color = color
        self.alignment = alignment
        self.lineSpacing = lineSpacing
    }

    public static let body = PDFTextStyle()
    public static let small = PDFTextStyle(family: .sans, size: 8, color: .gray)
    public static let title = PDFTextStyle(family: .serif, size: 20, bold: true, alignment: .center, lineSpacing: 1)
    public static let subtitle = PDFTextStyle(family: .serif, size: 11, alignment: .center, lineSpacing: 1)
    public static let heading = PDFTextStyle(family: .sans, size: 11, bold: true, lineSpacing: 1)
    public static let label = PDFTextStyle(family: .sans, size: 9, color: .darkGray, lineSpacing: 1.15)
    public static let value = PDFTextStyle(family: .serif, size: 9.5, lineSpacing: 1.25)
    public static let notice = PDFTextStyle(family: .sans, size: 10, bold: true, color: .red)

    public func with(_ change: (inout PDFTextStyle) -> Void) -> PDFTextStyle {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A bordered table. Column widths are relative (they are scaled to the content width);
/// a cell may span several columns. Label cells are shaded. A row taller than what is left
/// of the page moves to the next page; a row taller than a whole page is split between lines.
public struct PDFTable: Sendable, Hashable {
    public struct Cell: Sendable, Hashable {
        public var text: String
        public var span: Int
        public var style: PDFTextStyle
        public var shaded: Bool

        public init(_ text: String, span: Int = 1, style: PDFTextStyle = .value, shaded: Bool = false) {
            self.text = text
            self.span = span
            self.style = style
            self.shaded = shaded
        }

        /// A shaded label cell ("单位名称").
        public static func label(_ text: String, span: Int = 1) -> Cell {
            Cell(text, span: span, style: .label, shaded: true)
        }

        /// A value cell.
        public static func value(_ text: String, span: Int = 1) -> Cell {
            Cell(text, span: span, style: .value)
        }
    }

    public var columns: [Double]
    public var rows: [[Cell]]
    /// Rows are at least this tall, in millimetres.
    public var minimumRowHeightMM: Double

    public init(columns: [Double], rows: [[Cell]], minimumRowHeightMM: Double = 7.5) {
        self.columns = columns
        self.rows = rows
        self.minimumRowHeightMM = minimumRowHeightMM
    }

    /// The usual form: `pairsPerRow` label/value pairs per row (labels narrower than values);
    /// a pair with `wide` set takes a whole row.
    public static func labelValue(_ pairs: [(label: String, value: String, wide: Bool)], pairsPerRow: Int = 2) -> PDFTable {
        let columns = Array(repeating: [0.19, 0.31], count: pairsPerRow).flatMap { $0 }
        var rows: [[Cell]] = []
        var current: [Cell] = []
        func flush() {
            guard !current.isEmpty else { return }
            let used = current.reduce(0) { $0 + $1.span }
            if used < columns.count, let last = current.indices.last {
                current[last].span += columns.count - used
            }
            rows.append(current)
            current = []
        }
        for pair in pairs {
            if pair.wide {
                flush()
                rows.append([.label(pair.label), .value(pair.value, span: columns.count - 1)])
            } else {
                current += [.label(pair.label), .value(pair.value)]
                if current.count == columns.count { flush() }
            }
        }
        flush()
        return PDFTable(columns: columns, rows: rows)
    }
}

/// One block of a document, laid out below the previous one.
public enum PDFBlock: Sendable, Hashable {
    /// A centred title with an optional subtitle under it.
    case title(String, subtitle: String? = nil)
    /// A section heading with a rule under it; never left alone at the bottom of a page.
    case heading(String)
    /// Wrapped text; long paragraphs continue on the next page.
    case paragraph(String, style: PDFTextStyle = .body)
    /// One line with text on the left and on the right (e.g. 协议类型 … 协议编号).
    case splitLine(left: String, right: String, style: PDFTextStyle = .body)
    case table(PDFTable)
    /// A QR code `sizeMM` wide (quiet zone included) at the right, caption lines centred
    /// under it, and an optional note filling the space to its left.
    case qrCode(QRCode, sizeMM: Double, caption: [String], note: String? = nil)
    /// Vertical space.
    case spacer(mm: Double)
}

/// Millimetre margins of every page. The footer sits inside the bottom margin.
public struct PDFMargins: Sendable, Hashable {
    public var top: Double
    public var right: Double
    public var bottom: Double
    public var left: Double

    public init(top: Double, right: Double, bottom: Double, left: Double) {
        self.top = top
        self.right = right
        self.bottom = bottom
        self.left = left
    }

    public static let standard = PDFMargins(top: 18, right: 20, bottom: 20, left: 20)
}

/// What goes into the PDF's information dictionary. The dates come from the document (e.g.
/// its issue time), never from the clock, so the same input renders to the same bytes.
public struct PDFMetadata: Sendable, Hashable {
    public var title: String
    public var author: String?
    public var subject: String?
    public var creator: String
    public var created: Date
    public var modified: Date?

    public init(title: String, author: String? = nil, subject: String? = nil, creator: String = "全国高校毕业生毕业去向登记系统", created: Date, modified: Date? = nil) {
        self.title = title
        self.author = author
        self.subject = subject
        self.creator = creator
        self.created = created
        self.modified = modified
    }
}

/// A whole document: blocks, page setup and metadata.
public struct PDFDocument: Sendable, Hashable {
    public var metadata: PDFMetadata
    public var blocks: [PDFBlock]
    public var margins: PDFMargins
    /// Drawn diagonally, large and translucent, across every page (e.g. "已作废").
    public var watermark: String?
    /// Printed at the left of every page's footer; the right side says "第 n 页 / 共 m 页".
    public var footer: String?

    public init(metadata: PDFMetadata, blocks: [PDFBlock], margins: PDFMargins = .standard, watermark: String? = nil, footer: String? = nil) {
        self.metadata = metadata
        self.blocks = blocks
        self.margins = margins
        self.watermark = watermark
        self.footer = footer
    }

    /// A4 portrait in points.
    public static let pageWidth = 595.276
    public static let pageHeight = 841.89
}

/// Failures while making a document.
public enum DocumentError: Error, Equatable, Sendable {
    case invalidInput(field: String, reason: String)
    case qrCode(QRCode.Problem)
    case renderingFailed(String)

    public var message: String {
        switch self {
        case .invalidInput(let field, let reason): "\(field)：\(reason)"
        case .qrCode(let problem): problem.message
        case .renderingFailed(let detail): "文档生成失败：\(detail)"
        }
    }
}

/// Points per millimetre.
let pointsPerMM = 72.0 / 25.4

extension Date {
    /// "2024-06-01T10:00:00+08:00" in Beijing time, the form cairo's PDF metadata takes.
    var beijingISO8601: String {
        let c = Calendar.beijing.dateComponents([.year, .month, .day, .hour, .minute, .second], from: self)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+08:00", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// "2024年06月01日 10:00" in Beijing time.
    var beijingMinutes: String {
        let c = Calendar.beijing.dateComponents([.year, .month, .day, .hour, .minute], from: self)
        return String(format: "%04d年%02d月%02d日 %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }
}

extension Calendar {
    static let beijing: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }()
}
