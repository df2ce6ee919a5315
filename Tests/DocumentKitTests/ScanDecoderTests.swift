import CGdkPixbuf
import DocumentKit
import Foundation
import GraduateDomain
import Testing
import TransportTestSupport

/// Uploaded scans are read by real decoders before they are stored (issue 11).
@Suite("Scan decoder")
struct ScanDecoderTests {
    static func png(width: Int = 150, height: Int = 50) -> Data {
        var generator = SeededGenerator(seed: 1)
        return width == 150 && height == 50 ? CaptchaImage.png(for: "ACDEF", using: &generator) : Self.encoded("png", width: width, height: height)
    }

    static func jpeg(width: Int = 320, height: Int = 200) -> Data { Self.encoded("jpeg", width: width, height: height) }

    /// An image of the size, drawn by gdk-pixbuf and saved in the format.
    static func encoded(_ format: String, width: Int, height: Int) -> Data {
        let pixbuf = gdk_pixbuf_new(GDK_COLORSPACE_RGB, 0, 8, Int32(width), Int32(height))!
        defer { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }
        gdk_pixbuf_fill(pixbuf, 0x3366_99FF)
        var buffer: UnsafeMutablePointer<gchar>?
        var size: gsize = 0
        var error: UnsafeMutablePointer<GError>?
        let saved = gdk_pixbuf_save_to_bufferv(pixbuf, &buffer, &size, format, nil, nil, &error)
        precondition(saved != 0, "gdk-pixbuf could not save a \(format)")
        defer { g_free(buffer) }
        return Data(bytes: buffer!, count: Int(size))
    }

    static func pdf() throws -> Data { try AgreementPDF.render(sampleSheet()) }

    @Test("a real PDF, JPEG and PNG are accepted with their pages and pixels")
    func realScans() throws {
        let pdf = try ScanDecoder.decode(try Self.pdf())
        #expect(pdf.type == .pdf && pdf.pages >= 1)
        #expect(try ScanDecoder.decode(Self.png()) == .init(type: .png, pages: 1, width: 150, height: 50))
        #expect(try ScanDecoder.decode(Self.jpeg()) == .init(type: .jpeg, pages: 1, width: 320, height: 200))
    }

    @Test("the first bytes of a type followed by something else are refused: %PDF- then HTML, a PNG or JPEG signature then noise, cut-off files")
    func disguisedFiles() throws {
        var random = SeededGenerator(seed: 2)
        let noise = Data((0..<4_000).map { _ in UInt8.random(in: 0...255, using: &random) })
        let cases: [(Data, ScanType)] = [
            (Data("%PDF-1.7\n<html><body><script>alert(1)</script></body></html>".utf8), .pdf),
            (Data("%PDF-".utf8) + noise, .pdf),
            (try Self.pdf().prefix(2_000), .pdf),
            (Self.png().prefix(8) + noise, .png),
            (Self.png().prefix(Self.png().count / 2), .png),
            (Data([0xFF, 0xD8, 0xFF]) + noise, .jpeg),
            (Self.jpeg().prefix(Self.jpeg().count / 2), .jpeg),
        ]
        for (content, type) in cases {
            // Noise after a JPEG signature may read as a frame of any size: refused either way.
            let problem = #expect(throws: ScanDecoder.Problem.self) { try ScanDecoder.decode(content) }
            #expect(problem == .damaged(type) || (type == .jpeg && problem?.message.hasPrefix("图片尺寸") == true), "\(type): \(String(describing: problem))")
        }
        #expect(throws: ScanDecoder.Problem.unknownType) { try ScanDecoder.decode(Data("GIF89a".utf8) + noise) }
        #expect(ScanDecoder.Problem.damaged(.pdf).message == "PDF文件已损坏或无法读取，请重新导出后上传")
    }

    @Test("a header claiming a huge or tiny image is refused before anything is decoded")
    func dimensions() throws {
        // A valid PNG whose IHDR is changed to 30000 × 30000 (and its CRC left wrong): refused by the header alone.
        var bomb = [UInt8](Self.png())
        bomb.replaceSubrange(16..<24, with: [0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30])
        #expect(throws: ScanDecoder.Problem.dimensions(width: 30_000, height: 30_000)) { try ScanDecoder.decode(Data(bomb)) }
        // The same file with its IHDR's CRC put right is still refused by its size.
        let crc = ScanFixture.crc32(bomb[12..<29])
        bomb.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        #expect(throws: ScanDecoder.Problem.dimensions(width: 30_000, height: 30_000)) { try ScanDecoder.decode(Data(bomb)) }
        #expect(throws: ScanDecoder.Problem.dimensions(width: 16, height: 16)) { try ScanDecoder.decode(Self.encoded("png", width: 16, height: 16)) }
        #expect(throws: ScanDecoder.Problem.dimensions(width: 20, height: 300)) { try ScanDecoder.decode(Self.jpeg(width: 20, height: 300)) }
        #expect(ScanDecoder.Problem.dimensions(width: 16, height: 16).message.contains("16×16"))
    }

    @Test("mutated and truncated scans never crash the decoder", arguments: ["pdf", "png", "jpeg"])
    func mutatedScans(kind: String) throws {
        let original = [UInt8](kind == "pdf" ? try Self.pdf() : kind == "png" ? Self.png() : Self.jpeg())
        var random = SeededGenerator(seed: 3)
        for round in 0..<150 {
            var bytes = original
            if round.isMultiple(of: 5) {
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            } else {
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    // Past the signature, so that the decoder (not the type check) meets the damage.
                    bytes[Int.random(in: 8..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            }
            _ = try? ScanDecoder.decode(Data(bytes))
        }
    }
}
