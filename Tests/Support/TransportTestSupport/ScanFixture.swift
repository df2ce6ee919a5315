public import Foundation

/// Small but real scans for tests that upload one: a grey PNG and a one-page PDF that the
/// services' decoders (DocumentKit's `ScanDecoder`) read whole. `variant` changes the bytes,
/// so that two uploads are two files.
public enum ScanFixture {
    /// A 64 × 40 greyscale PNG, its pixel data deflated in stored blocks.
    public static func png(variant: UInt8 = 0) -> Data {
        let width = 64, height = 40
        var rows: [UInt8] = []
        for y in 0..<height {
            rows.append(0)   // filter: none
            for x in 0..<width { rows.append(UInt8(truncatingIfNeeded: 180 + (x * y) % 60) ^ variant) }
        }
        var zlib: [UInt8] = [0x78, 0x01, 0x01]   // header, then one final stored block
        let length = UInt16(rows.count)
        zlib += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        zlib += rows
        zlib += Self.bigEndian(Self.adler32(rows))
        var header = Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]   // 8-bit greyscale
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Self.chunk("IHDR", header) + Self.chunk("IDAT", zlib) + Self.chunk("IEND", []))
    }

    /// A one-page A4 PDF saying `text` (ASCII), with a correct cross-reference table.
    public static func pdf(_ text: String = "scan") -> Data {
        let stream = "BT /F1 24 Tf 72 720 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return Self.bigEndian(UInt32(data.count)) + typeAndData + Self.bigEndian(Self.crc32(typeAndData))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        return b << 16 | a
    }

    /// PNG's CRC-32, written out here so that tests need not trust the decoder's own.
    public static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = ~UInt32(0)
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }
}
