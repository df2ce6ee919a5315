import CCairo
import CPango
public import Foundation

/// Draws a `PDFDocument` with cairo's PDF surface and pango's text layout.
public enum PDFRenderer {
    /// The PDF's bytes. The same document always gives the same bytes.
    public static func render(_ document: PDFDocument) throws(DocumentError) -> Data {
        try CairoText.withPDFFontMap { fontMap throws(DocumentError) -> Data in
            let composer = try Composer(document: document, fontMap: fontMap)
            // First pass counts the pages (for "共 m 页"), the second draws; layout is
            // deterministic, so both passes break pages at the same places.
            composer.run(drawing: false)
            composer.run(drawing: true)
            return try composer.finish()
        }
    }
}

/// Collects what cairo writes.
private final class ByteSink {
    var data = Data()
}

/// A layout of wrapped text with the positions of its lines (points, from the layout's top).
private final class TextBox {
    struct Line {
        let pointer: UnsafeMutablePointer<PangoLayoutLine>
        let x: Double
        let top: Double
        let bottom: Double
        let baseline: Double
    }

    let layout: OpaquePointer
    let lines: [Line]
    let style: PDFTextStyle

    init(context: OpaquePointer, text: String, style: PDFTextStyle, width: Double?, wrapAnywhere: Bool = false) {
        self.style = style
        self.layout = pango_layout_new(context)
        let font = pango_font_description_new()
        pango_font_description_set_family(font, style.family.rawValue)
        pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_size(font, Int32((style.size * Double(PANGO_SCALE)).rounded()))
        pango_layout_set_font_description(self.layout, font)
        pango_font_description_free(font)
        if let width {
            pango_layout_set_width(self.layout, Int32((width * Double(PANGO_SCALE)).rounded(.down)))
            pango_layout_set_wrap(self.layout, wrapAnywhere ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR)
        }
        let alignment: PangoAlignment = switch style.alignment {
        case .left: PANGO_ALIGN_LEFT
        case .center: PANGO_ALIGN_CENTER
        case .right: PANGO_ALIGN_RIGHT
        }
        pango_layout_set_alignment(self.layout, alignment)
        pango_layout_set_line_spacing(self.layout, Float(style.lineSpacing))
        pango_layout_set_text(self.layout, text, -1)
        // No hyphens where a long word (a URL, an e-mail address) wraps: the text must stay exact.
        let attributes = pango_attr_list_new()
        pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(0))
        pango_layout_set_attributes(self.layout, attributes)
        pango_attr_list_unref(attributes)

        var lines: [Line] = []
        let iterator = pango_layout_get_iter(self.layout)
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, nil, &logical)
            let scale = Double(PANGO_SCALE)
            lines.append(Line(
                pointer: pango_layout_iter_get_line_readonly(iterator),
                x: Double(logical.x) / scale,
                top: Double(logical.y) / scale,
                bottom: Double(logical.y + logical.height) / scale,
                baseline: Double(pango_layout_iter_get_baseline(iterator)) / scale
            ))
        } while pango_layout_iter_next_line(iterator) != 0
        pango_layout_iter_free(iterator)
        self.lines = lines
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(self.layout))
    }

    var height: Double { self.lines.last.map { $0.bottom - self.lines[0].top } ?? 0 }

    /// How many lines from `first` fit in `height` points.
    func lineCount(from first: Int, fitting height: Double) -> Int {
        guard first < self.lines.count else { return 0 }
        let top = self.lines[first].top
        var count = 0
        while first + count < self.lines.count && self.lines[first + count].bottom - top <= height + 0.01 {
            count += 1
        }
        return count
    }

    /// The height of lines `range`.
    func height(of range: Range<Int>) -> Double {
        guard !range.isEmpty else { return 0 }
        return self.lines[range.upperBound - 1].bottom - self.lines[range.lowerBound].top
    }
}

private final class Composer {
    let document: PDFDocument
    let sink = ByteSink()
    let surface: OpaquePointer
    let cairo: OpaquePointer
    let context: OpaquePointer

    let pageWidth = PDFDocument.pageWidth
    let pageHeight = PDFDocument.pageHeight
    let left: Double
    let right: Double
    let top: Double
    /// Where content ends; the footer is below.
    let bottom: Double
    var contentWidth: Double { self.right - self.left }

    var drawing = false
    var page = 1
    var pageCount = 1
    var y = 0.0

    init(document: PDFDocument, fontMap: PDFFontMap) throws(DocumentError) {
        self.document = document
        let margins = document.margins
        self.left = margins.left * pointsPerMM
        self.right = self.pageWidth - margins.right * pointsPerMM
        self.top = margins.top * pointsPerMM
        self.bottom = self.pageHeight - margins.bottom * pointsPerMM
        guard self.right - self.left > 50, self.bottom - self.top > 100 else {
            throw .invalidInput(field: "页边距", reason: "页边距过大")
        }

        let surface = cairo_pdf_surface_create_for_stream({ closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(self.sink).toOpaque(), self.pageWidth, self.pageHeight)!
        self.surface = surface
        let metadata = document.metadata
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        if let author = metadata.author { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author) }
        if let subject = metadata.subject { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, metadata.created.beijingISO8601)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, (metadata.modified ?? metadata.created).beijingISO8601)
        self.cairo = cairo_create(surface)

        // The process's font map at 72 dpi (`CairoText`: one made per PDF could be released
        // on pango's threads). No hinting, so positions do not depend on the output device.
        self.context = pango_font_map_create_context(fontMap.pointer)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(self.context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(self.context, 0)
        pango_cairo_update_context(self.cairo, self.context)
        let status = cairo_status(self.cairo)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .renderingFailed(String(cString: cairo_status_to_string(status)))
        }
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(self.context))
        cairo_destroy(self.cairo)
        cairo_surface_destroy(self.surface)
    }

    func finish() throws(DocumentError) -> Data {
        cairo_surface_finish(self.surface)
        let status = cairo_surface_status(self.surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .renderingFailed(String(cString: cairo_status_to_string(status)))
        }
        return self.sink.data
    }

    // MARK: Passes and pages

    func run(drawing: Bool) {
        self.drawing = drawing
        self.page = 1
        self.y = self.top
        for block in self.document.blocks {
            self.lay(block)
        }
        self.endPage()
        if !drawing { self.pageCount = self.page }
    }

    func endPage() {
        guard self.drawing else { return }
        self.drawFooter()
        if let watermark = self.document.watermark { self.drawWatermark(watermark) }
        cairo_show_page(self.cairo)
    }

    func newPage() {
        self.endPage()
        self.page += 1
        self.y = self.top
    }

    var remaining: Double { self.bottom - self.y }

    /// Starts a new page unless `height` fits below the cursor (or the page is still empty).
    func ensure(_ height: Double) {
        if height > self.remaining && self.y > self.top + 0.5 { self.newPage() }
    }

    // MARK: Blocks

    func lay(_ block: PDFBlock) {
        switch block {
        case .title(let title, let subtitle):
            let titleBox = self.text(title, .title, width: self.contentWidth)
            let subtitleBox = subtitle.map { self.text($0, .subtitle, width: self.contentWidth) }
            let height = titleBox.height + (subtitleBox.map { $0.height + 2 * pointsPerMM } ?? 0)
            self.ensure(height)
            self.draw(titleBox, lines: 0..<titleBox.lines.count, x: self.left, y: self.y)
            self.y += titleBox.height
            if let subtitleBox {
                self.y += 2 * pointsPerMM
                self.draw(subtitleBox, lines: 0..<subtitleBox.lines.count, x: self.left, y: self.y)
                self.y += subtitleBox.height
            }
            self.y += 4 * pointsPerMM

        case .heading(let text):
            let box = self.text(text, .heading, width: self.contentWidth)
            // Keep the heading with at least a table row or two lines of what follows.
            self.ensure(3 * pointsPerMM + box.height + 1.5 * pointsPerMM + 12 * pointsPerMM)
            if self.y > self.top + 0.5 { self.y += 3 * pointsPerMM }
            self.draw(box, lines: 0..<box.lines.count, x: self.left, y: self.y)
            self.y += box.height + 1 * pointsPerMM
            if self.drawing {
                self.setColor(PDFColor(red: 0.2, green: 0.2, blue: 0.2))
                cairo_set_line_width(self.cairo, 0.8)
                cairo_move_to(self.cairo, self.left, self.y)
                cairo_line_to(self.cairo, self.right, self.y)
                cairo_stroke(self.cairo)
            }
            self.y += 1.5 * pointsPerMM

        case .paragraph(let text, let style):
            let box = self.text(text, style, width: self.contentWidth)
            var first = 0
            while first < box.lines.count {
                var count = box.lineCount(from: first, fitting: self.remaining)
                if count == 0 {
                    if self.y > self.top + 0.5 { self.newPage(); continue }
                    count = 1  // a line taller than a page: draw it anyway
                }
                self.draw(box, lines: first..<(first + count), x: self.left, y: self.y)
                self.y += box.height(of: first..<(first + count))
                first += count
                if first < box.lines.count { self.newPage() }
            }
            self.y += 1.5 * pointsPerMM

        case .splitLine(let leftText, let rightText, let style):
            let leftBox = self.text(leftText, style.with { $0.alignment = .left }, width: self.contentWidth * 0.6)
            let rightBox = self.text(rightText, style.with { $0.alignment = .right }, width: self.contentWidth * 0.6)
            let height = max(leftBox.height, rightBox.height)
            self.ensure(height)
            self.draw(leftBox, lines: 0..<leftBox.lines.count, x: self.left, y: self.y)
            self.draw(rightBox, lines: 0..<rightBox.lines.count, x: self.right - self.contentWidth * 0.6, y: self.y)
            self.y += height + 2 * pointsPerMM

        case .table(let table):
            self.layTable(table)

        case .qrCode(let code, let sizeMM, let caption, let note):
            self.layQRCode(code, size: sizeMM * pointsPerMM, caption: caption, note: note)

        case .spacer(let mm):
            self.y = min(self.y + mm * pointsPerMM, self.bottom)
        }
    }

    func layTable(_ table: PDFTable) {
        let total = table.columns.reduce(0, +)
        guard total > 0 else { return }
        let widths = table.columns.map { $0 / total * self.contentWidth }
        let padX = 2 * pointsPerMM
        let padY = 1.6 * pointsPerMM
        let minimumRow = table.minimumRowHeightMM * pointsPerMM

        for row in table.rows {
            // Cells with their x and width.
            var cells: [(cell: PDFTable.Cell, x: Double, width: Double, box: TextBox)] = []
            var column = 0
            for cell in row where column < widths.count {
                let span = max(1, min(cell.span, widths.count - column))
                let x = self.left + widths[..<column].reduce(0, +)
                let width = widths[column..<(column + span)].reduce(0, +)
                cells.append((cell, x, width, self.text(cell.text, cell.style, width: width - 2 * padX)))
                column += span
            }
            guard !cells.isEmpty else { continue }
            let fullHeight = max(minimumRow, cells.map { $0.box.height }.max()! + 2 * padY)
            let pageContent = self.bottom - self.top
            if fullHeight <= pageContent {
                self.ensure(fullHeight)
                self.drawRow(cells.map { ($0.cell, $0.x, $0.width, $0.box, 0..<$0.box.lines.count) }, height: fullHeight, padY: padY, padX: padX)
                self.y += fullHeight
                continue
            }
            // Taller than a page: split between lines, continuing each cell on the next page.
            var next = Array(repeating: 0, count: cells.count)
            while zip(cells, next).contains(where: { $1 < $0.box.lines.count }) {
                let available = self.remaining - 2 * padY
                let counts = cells.indices.map { cells[$0].box.lineCount(from: next[$0], fitting: available) }
                // Every unfinished cell must get a line here (a label alone is no use), or
                // the row goes on at the top of the next page.
                let starved = cells.indices.filter { next[$0] < cells[$0].box.lines.count && counts[$0] == 0 }
                if !starved.isEmpty && self.y > self.top + 0.5 {
                    self.newPage()
                    continue
                }
                // A line taller than a whole page is drawn anyway.
                let forced = cells.indices.map { starved.contains($0) ? 1 : counts[$0] }
                let ranges = cells.indices.map { next[$0]..<(next[$0] + forced[$0]) }
                let chunkHeight = max(minimumRow, cells.indices.map { cells[$0].box.height(of: ranges[$0]) }.max()! + 2 * padY)
                let done = cells.indices.allSatisfy { ranges[$0].upperBound >= cells[$0].box.lines.count }
                // An unfinished chunk fills the rest of the page.
                let height = done ? chunkHeight : max(chunkHeight, self.remaining)
                self.drawRow(cells.indices.map { (cells[$0].cell, cells[$0].x, cells[$0].width, cells[$0].box, ranges[$0]) }, height: height, padY: padY, padX: padX, topAligned: true)
                self.y += height
                next = ranges.map(\.upperBound)
                if !done { self.newPage() }
            }
        }
        self.y += 1 * pointsPerMM
    }

    func drawRow(_ cells: [(cell: PDFTable.Cell, x: Double, width: Double, box: TextBox, lines: Range<Int>)], height: Double, padY: Double, padX: Double, topAligned: Bool = false) {
        guard self.drawing else { return }
        for item in cells where item.cell.shaded {
            self.setColor(PDFColor(red: 0.93, green: 0.94, blue: 0.96))
            cairo_rectangle(self.cairo, item.x, self.y, item.width, height)
            cairo_fill(self.cairo)
        }
        for item in cells {
            // Whole rows are centred vertically; the parts of a split row start at the top.
            let textHeight = item.box.height(of: item.lines)
            let offset = topAligned ? padY : max(padY, (height - textHeight) / 2)
            self.draw(item.box, lines: item.lines, x: item.x + padX, y: self.y + offset)
        }
        self.setColor(PDFColor(red: 0.3, green: 0.3, blue: 0.3))
        cairo_set_line_width(self.cairo, 0.6)
        for item in cells {
            cairo_rectangle(self.cairo, item.x, self.y, item.width, height)
        }
        cairo_stroke(self.cairo)
    }

    func layQRCode(_ code: QRCode, size: Double, caption: [String], note: String?) {
        let captionWidth = max(size, 62 * pointsPerMM)
        let captionStyle = PDFTextStyle.small.with { $0.alignment = .center; $0.color = .darkGray }
        let captionBoxes = caption.enumerated().map { index, line in
            self.text(line, index == 0 ? captionStyle.with { $0.size = 9; $0.bold = true; $0.color = .black } : captionStyle, width: captionWidth, wrapAnywhere: index > 0)
        }
        let captionHeight = captionBoxes.reduce(0) { $0 + $1.height + 0.8 * pointsPerMM }
        let noteWidth = self.contentWidth - captionWidth - 6 * pointsPerMM
        let noteBox = note.map { self.text($0, .small.with { $0.size = 8.5; $0.color = .darkGray; $0.lineSpacing = 1.4 }, width: noteWidth) }
        let height = max(size + captionHeight, noteBox?.height ?? 0)
        self.ensure(height)
        let columnX = self.right - captionWidth
        if let noteBox {
            self.draw(noteBox, lines: 0..<noteBox.lines.count, x: self.left, y: self.y + max(0, (size - noteBox.height) / 2))
        }
        if self.drawing {
            let originX = columnX + (captionWidth - size) / 2
            let modules = Double(code.size + 2 * QRCode.quietZone)
            let unit = size / modules
            self.setColor(.white)
            cairo_rectangle(self.cairo, originX, self.y, size, size)
            cairo_fill(self.cairo)
            self.setColor(.black)
            let inset = Double(QRCode.quietZone) * unit
            for run in code.darkRuns {
                cairo_rectangle(self.cairo, originX + inset + Double(run.column) * unit, self.y + inset + Double(run.row) * unit, Double(run.length) * unit, unit)
            }
            cairo_fill(self.cairo)
        }
        var captionY = self.y + size
        for box in captionBoxes {
            self.draw(box, lines: 0..<box.lines.count, x: columnX, y: captionY)
            captionY += box.height + 0.8 * pointsPerMM
        }
        self.y += height + 2 * pointsPerMM
    }

    // MARK: Drawing

    func text(_ text: String, _ style: PDFTextStyle, width: Double?, wrapAnywhere: Bool = false) -> TextBox {
        TextBox(context: self.context, text: text, style: style, width: width, wrapAnywhere: wrapAnywhere)
    }

    /// Draws `lines` of `box` with the first one's top at `y`.
    func draw(_ box: TextBox, lines: Range<Int>, x: Double, y: Double) {
        guard self.drawing, !lines.isEmpty else { return }
        self.setColor(box.style.color)
        let top = box.lines[lines.lowerBound].top
        for index in lines {
            let line = box.lines[index]
            cairo_move_to(self.cairo, x + line.x, y + line.baseline - top)
            pango_cairo_show_layout_line(self.cairo, line.pointer)
        }
    }

    func setColor(_ color: PDFColor) {
        cairo_set_source_rgba(self.cairo, color.red, color.green, color.blue, color.alpha)
    }

    func drawFooter() {
        let style = PDFTextStyle.small
        let lineY = self.bottom + 6 * pointsPerMM
        self.setColor(PDFColor(red: 0.6, green: 0.6, blue: 0.6))
        cairo_set_line_width(self.cairo, 0.4)
        cairo_move_to(self.cairo, self.left, lineY)
        cairo_line_to(self.cairo, self.right, lineY)
        cairo_stroke(self.cairo)
        let textY = lineY + 1.5 * pointsPerMM
        if let footer = self.document.footer {
            let box = self.text(footer, style, width: self.contentWidth * 0.7)
            self.draw(box, lines: 0..<min(1, box.lines.count), x: self.left, y: textY)
        }
        let number = self.text("第 \(self.page) 页 / 共 \(self.pageCount) 页", style.with { $0.alignment = .right }, width: self.contentWidth * 0.3)
        self.draw(number, lines: 0..<number.lines.count, x: self.right - self.contentWidth * 0.3, y: textY)
    }

    func drawWatermark(_ text: String) {
        let style = PDFTextStyle(family: .sans, size: 110, bold: true, color: PDFColor(red: 0.8, green: 0.1, blue: 0.1, alpha: 0.22), alignment: .center, lineSpacing: 1)
        let box = self.text(text, style, width: nil)
        guard let line = box.lines.first else { return }
        var logical = PangoRectangle()
        pango_layout_get_extents(box.layout, nil, &logical)
        let width = Double(logical.width) / Double(PANGO_SCALE)
        cairo_save(self.cairo)
        cairo_translate(self.cairo, self.pageWidth / 2, self.pageHeight / 2)
        cairo_rotate(self.cairo, -atan2(self.pageHeight, self.pageWidth))
        self.setColor(style.color)
        cairo_move_to(self.cairo, -width / 2, line.baseline - box.height / 2)
        pango_cairo_show_layout_line(self.cairo, line.pointer)
        cairo_restore(self.cairo)
    }
}
