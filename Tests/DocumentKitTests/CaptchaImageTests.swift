import CCairo
import DocumentKit
import Foundation
import GraduateDomain
import Testing

/// An image's pixels as libpng (through cairo) reads them back.
struct DecodedImage {
    var width: Int
    var height: Int
    /// Row by row, each pixel as 0xRRGGBB.
    var pixels: [UInt32]

    init(png: Data) throws {
        final class Source {
            var bytes: [UInt8]
            var offset = 0
            init(_ bytes: [UInt8]) { self.bytes = bytes }
        }
        let source = Source([UInt8](png))
        let surface = cairo_image_surface_create_from_png_stream({ closure, data, length in
            let source = Unmanaged<Source>.fromOpaque(closure!).takeUnretainedValue()
            guard let data, source.offset + Int(length) <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            source.bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress! + source.offset, count: Int(length)) }
            source.offset += Int(length)
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(source).toOpaque())!
        defer { cairo_surface_destroy(surface) }
        try #require(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, "libpng could not read the image")
        try self.init(surface: surface)
    }

    init(surface: OpaquePointer) throws {
        cairo_surface_flush(surface)
        let (width, height) = (Int(cairo_image_surface_get_width(surface)), Int(cairo_image_surface_get_height(surface)))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = try #require(cairo_image_surface_get_data(surface))
        self.width = width
        self.height = height
        self.pixels = (0..<height).flatMap { y in
            (0..<width).map { x in
                data.advanced(by: y * stride + x * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee } & 0xFF_FFFF
            }
        }
    }

    static func grey(_ pixel: UInt32) -> Int {
        (Int(pixel >> 16) * 299 + Int((pixel >> 8) & 0xFF) * 587 + Int(pixel & 0xFF) * 114) / 1000
    }
}

/// The solver of the outside security test (issue 11) and its stronger relatives: group the
/// pixels into classes (by exact colour, exact grey, bands of grey or coarse colours), find
/// each class's connected components, and take a class with exactly as many glyph-sized
/// components as the answer has characters as having isolated them (the rest is OCR of one
/// clean glyph each). Also plain thresholding: every pixel darker than t, for each t. Classes
/// lighter than most of the image are the paper, not ink, and are skipped, as a solver would.
enum GroupingSolver {
    /// The ways this image was taken apart ("grey=40", "below120"), if any.
    static func isolations(in image: DecodedImage, glyphs: Int) -> [String] {
        let greys = image.pixels.map(DecodedImage.grey)
        let paper = greys.sorted()[greys.count / 2]
        var found: [String] = []
        func classes(_ name: String, _ key: (Int) -> Int) {
            var members: [Int: [Int]] = [:]
            for index in image.pixels.indices { members[key(index), default: []].append(index) }
            for (value, pixels) in members where pixels.count >= 40 * glyphs {
                guard pixels.map({ greys[$0] }).reduce(0, +) / pixels.count < paper - 16 else { continue }
                var mask = [Bool](repeating: false, count: image.pixels.count)
                for index in pixels { mask[index] = true }
                if Self.glyphSizedComponents(mask, image) == glyphs { found.append("\(name)=\(value)") }
            }
        }
        classes("colour") { Int(image.pixels[$0]) }
        classes("grey") { greys[$0] }
        for band in [4, 8, 16, 32] { classes("grey/\(band)") { greys[$0] / band } }
        for bits in [1, 2, 3] {
            classes("rgb\(bits)bit") { index in
                let pixel = Int(image.pixels[index]), shift = 8 - bits
                return ((pixel >> (16 + shift)) & 0xFF) << (2 * bits) | ((pixel >> (8 + shift)) & 0xFF) << bits | ((pixel & 0xFF) >> shift)
            }
        }
        for threshold in stride(from: 40, through: 230, by: 10)
        where Self.glyphSizedComponents(greys.map { $0 < threshold }, image) == glyphs {
            found.append("below\(threshold)")
        }
        return found
    }

    /// 8-connected components at least 40 pixels, 2/5 of the height tall and 4 pixels to
    /// 2/5 of the width wide: what one character of the captcha measures.
    static func glyphSizedComponents(_ mask: [Bool], _ image: DecodedImage) -> Int {
        let (width, height) = (image.width, image.height)
        var seen = [Bool](repeating: false, count: mask.count)
        var count = 0
        for start in mask.indices where mask[start] && !seen[start] {
            var stack = [start]
            seen[start] = true
            var size = 0, minX = width, maxX = 0, minY = height, maxY = 0
            while let index = stack.popLast() {
                size += 1
                let x = index % width, y = index / width
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                for ny in max(0, y - 1)...min(height - 1, y + 1) {
                    for nx in max(0, x - 1)...min(width - 1, x + 1) where mask[ny * width + nx] && !seen[ny * width + nx] {
                        seen[ny * width + nx] = true
                        stack.append(ny * width + nx)
                    }
                }
            }
            let w = maxX - minX + 1, h = maxY - minY + 1
            if size >= 40, h >= height * 2 / 5, w >= 4, w <= width * 2 / 5 { count += 1 }
        }
        return count
    }
}

@Suite("Captcha image")
struct CaptchaImageTests {
    private static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test("the image is a well-formed RGB PNG of the stated size, under 20 KB, that libpng reads back")
    func wellFormed() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let png = CaptchaImage.png(for: CaptchaImage.randomAnswer(), using: &generator)
            #expect(png.count < 20_000, "\(png.count) bytes")
            let bytes = [UInt8](png)
            try #require(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            func word(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
            var types: [String] = []
            var offset = 8
            while offset < bytes.count {
                let length = word(offset)
                types.append(String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self))
                #expect(UInt32(word(offset + 8 + length)) == Self.crc32(bytes[(offset + 4)..<(offset + 8 + length)]), "CRC of \(types.last!)")
                offset += 12 + length
            }
            #expect(types.first == "IHDR" && types.last == "IEND" && types.contains("IDAT"))
            #expect(word(16) == CaptchaImage.width && word(20) == CaptchaImage.height)
            #expect(Array(bytes[24...25]) == [8, 2])  // 8 bits per channel, RGB
            let image = try DecodedImage(png: png)
            #expect(image.width == CaptchaImage.width && image.height == CaptchaImage.height)
            #expect(Set(image.pixels).count > 500, "an image of many colours")
        }
    }

    @Test("captchas, PDFs and scans' checks on many threads at once do not crash the process (they did, inside libfreetype)")
    func drawnConcurrently() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<12 {
                group.addTask {
                    var generator = SystemRandomNumberGenerator()
                    for _ in 0..<40 {
                        #expect(CaptchaImage.png(for: CaptchaImage.randomAnswer(), using: &generator).count > 1_000)
                    }
                    if task.isMultiple(of: 4) { _ = try AgreementPDF.render(sampleSheet()) }
                    // poppler opening an uploaded scan shares FreeType and fontconfig with them.
                    if task % 4 == 1 { #expect(try ScanDecoder.decode(try AgreementPDF.render(sampleSheet())).type == .pdf) }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("answers use only the unambiguous alphabet")
    func alphabet() {
        for _ in 0..<100 {
            let answer = CaptchaImage.randomAnswer()
            #expect(answer.count == 5)
            #expect(answer.allSatisfy(CaptchaImage.alphabet.contains))
        }
    }

    /// The old kind of captcha: each glyph one flat grey, the noise lines another.
    ///
    /// Drawn under `CairoText`'s lock like all other text: swift-testing runs this suite's tests
    /// in parallel, and drawn without it these glyphs opened FreeType faces while the other
    /// tests' captchas opened and closed theirs, which cairo does not serialise; captchas came
    /// out blank, and the process once crashed inside cairo's glyph rendering.
    private func flatCaptcha(_ text: String) throws -> DecodedImage {
        try CairoText.withLock { () throws -> DecodedImage in try Self.drawFlatCaptcha(text) }
    }

    private static func drawFlatCaptcha(_ text: String) throws -> DecodedImage {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(CaptchaImage.width), Int32(CaptchaImage.height)))
        defer { cairo_surface_destroy(surface) }
        let cr = try #require(cairo_create(surface))
        defer { cairo_destroy(cr) }
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_NONE)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 120 / 255, 120 / 255, 120 / 255)
        cairo_set_line_width(cr, 1)
        for y in [10.5, 25.5, 40.5] {
            cairo_move_to(cr, 0, y)
            cairo_line_to(cr, Double(CaptchaImage.width), y + 4)
        }
        cairo_stroke(cr)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 28)
        cairo_set_source_rgb(cr, 40 / 255, 40 / 255, 40 / 255)
        for (index, character) in text.enumerated() {
            cairo_move_to(cr, 4 + Double(index) * 29, 37)
            cairo_show_text(cr, String(character))
        }
        return try DecodedImage(surface: surface)
    }

    @Test("grouping pixels by colour or grey takes the old kind of captcha apart, and at most 1 of 100 of ours (4 in 9,100 measured)")
    func groupingSolverFails() throws {
        // The solver works: flat glyphs over flat noise are isolated, as issue 11 found.
        var oldKindSolved = 0
        for _ in 0..<20 {
            let flat = try self.flatCaptcha(CaptchaImage.randomAnswer())
            if GroupingSolver.isolations(in: flat, glyphs: 5).contains(where: { $0.hasPrefix("grey=") }) { oldKindSolved += 1 }
        }
        #expect(oldKindSolved >= 18, "the solver isolated the glyphs of \(oldKindSolved) of 20 flat captchas")

        var generator = SystemRandomNumberGenerator()
        var byClasses: [String] = [], byThreshold: [String] = []
        for _ in 0..<100 {
            let answer = CaptchaImage.randomAnswer()
            let ways = GroupingSolver.isolations(in: try DecodedImage(png: CaptchaImage.png(for: answer, using: &generator)), glyphs: answer.count)
            if ways.contains(where: { !$0.hasPrefix("below") }) { byClasses.append("\(answer): \(ways)") }
            if ways.contains(where: { $0.hasPrefix("below") }) { byThreshold.append("\(answer): \(ways)") }
        }
        // A class of colours or greys almost never holds exactly the characters: 4 in 9,100
        // images measured (grey/32 banding), so one in a hundred is tolerated here — with none
        // tolerated, about one run in twenty failed for that alone.
        #expect(byClasses.count <= 1, "\(byClasses)")
        // Thresholding by lightness, the stronger attack, rarely comes out with five pieces
        // (which then still need to be the five characters).
        #expect(byThreshold.count <= 3, "\(byThreshold)")
    }
}
