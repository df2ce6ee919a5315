import CGdkPixbuf
import CPango  // GError and GBytes: glib's headers belong to the first module that includes them
import CPoppler
public import Foundation
public import GraduateDomain

/// An uploaded scan (营业执照, a signed agreement, a proof, a 解约函) is stored only after a real
/// decoder has read it: its first bytes name the type (`ScanType`), then poppler parses a PDF
/// and gdk-pixbuf decodes an image in full. `%PDF-` followed by HTML, or a PNG signature
/// followed by noise, is refused (issue 11 found both accepted).
public enum ScanDecoder {
    /// What an accepted scan turned out to be.
    public struct Scan: Sendable, Equatable {
        public var type: ScanType
        /// Pages of a PDF; 1 for an image.
        public var pages: Int
        /// Pixels of an image; 0 for a PDF.
        public var width: Int
        public var height: Int

        public init(type: ScanType, pages: Int, width: Int, height: Int) {
            self.type = type
            self.pages = pages
            self.width = width
            self.height = height
        }
    }

    public enum Problem: Error, Equatable {
        /// Not PDF, JPEG or PNG by its first bytes.
        case unknownType
        case damaged(ScanType)
        case encrypted
        case pageCount(Int)
        case dimensions(width: Int, height: Int)

        /// In Chinese, for the person who uploaded it (`unknownType` is each form's own text).
        public var message: String {
            switch self {
            case .unknownType: "只能上传PDF、JPG或PNG文件"
            case .damaged(.pdf): "PDF文件已损坏或无法读取，请重新导出后上传"
            case .damaged: "图片已损坏或无法读取，请重新扫描后上传"
            case .encrypted: "PDF文件设有密码，请上传未加密的文件"
            case .pageCount(let pages):
                pages == 0 ? "PDF文件没有页面" : "PDF文件不能超过\(ScanDecoder.maximumPages)页（当前\(pages)页）"
            case .dimensions(let width, let height):
                "图片尺寸应在\(ScanDecoder.sides.lowerBound)到\(ScanDecoder.sides.upperBound)像素之间，且不超过6000万像素（当前\(width)×\(height)）"
            }
        }
    }

    /// A scan's sides in pixels: a 600 dpi A3 page is 7016 × 9921.
    public static let sides = 32...12_000
    /// Pixels in all: the A3 page above is 70 million; a 600 dpi A4 page 35 million.
    public static let maximumPixels = 72_000_000
    public static let maximumPages = 200

    /// The scan, if the bytes are a whole, readable PDF, JPEG or PNG of a sane size.
    public static func decode(_ content: Data) throws(Problem) -> Scan {
        guard let type = ScanType(detecting: content) else { throw .unknownType }
        // Under `CairoText`'s lock: poppler sets up cairo, FreeType and fontconfig for each
        // document it opens, and an agreement PDF drawn meanwhile once failed in libfreetype.
        return try CairoText.withLock { () throws(Problem) -> Scan in
            switch type {
            case .pdf: try Self.decodePDF(content)
            case .jpeg, .png: try Self.decodeImage(content, type: type)
            }
        }
    }

    private static func decodePDF(_ content: Data) throws(Problem) -> Scan {
        let bytes = content.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            let encrypted = error.map { $0.pointee.domain == poppler_error_quark() && $0.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) } ?? false
            g_clear_error(&error)
            throw encrypted ? .encrypted : .damaged(.pdf)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        let pages = Int(poppler_document_get_n_pages(document))
        guard (1...Self.maximumPages).contains(pages) else { throw .pageCount(pages) }
        // Every page must be there with a size: a file whose page tree poppler had to
        // reconstruct from nothing has none.
        for index in 0..<pages {
            guard let page = poppler_document_get_page(document, Int32(index)) else { throw .damaged(.pdf) }
            var width = 0.0, height = 0.0
            poppler_page_get_size(page, &width, &height)
            g_object_unref(UnsafeMutableRawPointer(page))
            guard width >= 1, height >= 1 else { throw .damaged(.pdf) }
        }
        return Scan(type: .pdf, pages: pages, width: 0, height: 0)
    }

    private static func decodeImage(_ content: Data, type: ScanType) throws(Problem) -> Scan {
        // The size from the header first: a small file may claim a huge image (a
        // decompression bomb), and gdk-pixbuf would allocate all of it.
        let bytes = [UInt8](content)
        guard let size = ImageHeader.size(of: bytes, type: type) else { throw .damaged(type) }
        guard Self.sides.contains(size.width), Self.sides.contains(size.height), size.width * size.height <= Self.maximumPixels else {
            throw .dimensions(width: size.width, height: size.height)
        }
        // gdk-pixbuf shows a cut-off image as far as it goes (libjpeg greys the rest): the
        // file must also be whole.
        guard ImageHeader.isWhole(bytes, type: type) else { throw .damaged(type) }
        var error: UnsafeMutablePointer<GError>?
        // The loader by name, never by sniffing: only the built-in libjpeg and libpng ones.
        guard let loader = gdk_pixbuf_loader_new_with_type(type == .png ? "png" : "jpeg", &error) else {
            g_clear_error(&error)
            throw .damaged(type)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(loader)) }
        let written = bytes.withUnsafeBufferPointer { buffer in
            gdk_pixbuf_loader_write(loader, buffer.baseAddress, gsize(buffer.count), &error) != 0
        }
        g_clear_error(&error)
        // Closed even after a failed write (the loader insists), its error then ignored.
        let closed = gdk_pixbuf_loader_close(loader, &error) != 0
        g_clear_error(&error)
        guard written, closed, let pixbuf = gdk_pixbuf_loader_get_pixbuf(loader) else { throw .damaged(type) }
        let width = Int(gdk_pixbuf_get_width(pixbuf)), height = Int(gdk_pixbuf_get_height(pixbuf))
        guard width == size.width, height == size.height else { throw .damaged(type) }
        return Scan(type: type, pages: 1, width: width, height: height)
    }
}

/// The pixel size a PNG or JPEG header states, and whether the file is whole, read with
/// bounds checked at every byte. The functions take slices of the one copy of the file.
enum ImageHeader {
    /// A JPEG's frame header is looked for in its first MiB.
    static func size(of bytes: [UInt8], type: ScanType) -> (width: Int, height: Int)? {
        type == .png ? Self.png(bytes.prefix(24)) : Self.jpeg(bytes.prefix(1 << 20))
    }

    /// A PNG's chunks all there with right CRCs, IEND last; a JPEG's end-of-image marker after
    /// its first scan.
    static func isWhole(_ bytes: [UInt8], type: ScanType) -> Bool {
        type == .png ? Self.pngChunksWhole(bytes[...]) : Self.jpegEnds(bytes[...])
    }

    static func pngChunksWhole(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = 8
        while let length = Self.bigEndian(bytes, at: index, count: 4), length <= bytes.count, index + 12 + length <= bytes.count {
            let typeAndData = bytes[(index + 4)..<(index + 8 + length)]
            guard Self.bigEndian(bytes, at: index + 8 + length, count: 4) == Int(CRC32.of(typeAndData)) else { return false }
            let type = Array(bytes[(index + 4)..<(index + 8)])
            index += 12 + length
            if type == Array("IEND".utf8) { return index == bytes.count }
        }
        return false
    }

    static func jpegEnds(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let scan = Self.jpegSegments(bytes).scan else { return false }
        var index = bytes.count - 2
        while index > scan {
            if bytes[index] == 0xFF, bytes[index + 1] == 0xD9 { return true }
            index -= 1
        }
        return false
    }

    /// IHDR is the first chunk: its width and height follow the signature and chunk header.
    static func png(_ bytes: ArraySlice<UInt8>) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        return (Self.bigEndian(bytes, at: 16, count: 4)!, Self.bigEndian(bytes, at: 20, count: 4)!)
    }

    /// The first start-of-frame segment (SOF0–SOF15 but DHT, JPG and DAC): its height and
    /// width are 16-bit after the precision byte.
    static func jpeg(_ bytes: ArraySlice<UInt8>) -> (width: Int, height: Int)? {
        Self.jpegSegments(bytes).frame
    }

    /// Walks the segments from SOI to the first start of scan: the frame's size, and where the
    /// scan begins.
    static func jpegSegments(_ bytes: ArraySlice<UInt8>) -> (frame: (width: Int, height: Int)?, scan: Int?) {
        var frame: (width: Int, height: Int)?
        var index = 2
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { return (frame, nil) }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }   // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { index += 2; continue }
            if marker == 0xD9 { return (frame, nil) }      // the end before any scan
            guard let length = Self.bigEndian(bytes, at: index + 2, count: 2), length >= 2 else { return (frame, nil) }
            if frame == nil, (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard let height = Self.bigEndian(bytes, at: index + 5, count: 2),
                      let width = Self.bigEndian(bytes, at: index + 7, count: 2) else { return (nil, nil) }
                frame = (width, height)
            }
            if marker == 0xDA { return (frame, index) }
            index += 2 + length
        }
        return (frame, nil)
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>, at offset: Int, count: Int) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        return bytes[offset..<(offset + count)].reduce(0) { $0 << 8 | Int($1) }
    }
}

/// CRC-32 (ISO 3309, as PNG's chunks use it).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    static func of(_ bytes: some Sequence<UInt8>) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { crc, byte in Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
}
