@testable import AccountsService
import Foundation
import Testing

@Suite("Captcha image")
struct CaptchaImageTests {
    /// Walks the PNG's chunks, checking each CRC; returns them by type.
    private func chunks(_ png: Data) throws -> [(String, [UInt8])] {
        let bytes = [UInt8](png)
        try #require(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var chunks: [(String, [UInt8])] = []
        var offset = 8
        func word(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        while offset < bytes.count {
            let length = word(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = Array(bytes[(offset + 8)..<(offset + 8 + length)])
            #expect(UInt32(word(offset + 8 + length)) == CaptchaImage.crc32(Array(bytes[(offset + 4)..<(offset + 8 + length)])), "CRC of \(type)")
            chunks.append((type, data))
            offset += 12 + length
        }
        return chunks
    }

    @Test("the image is a well-formed grayscale PNG of the stated size")
    func wellFormed() throws {
        var generator = SystemRandomNumberGenerator()
        let png = CaptchaImage.png(for: "AC7KX", using: &generator)
        let chunks = try self.chunks(png)
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        let header = chunks[0].1
        #expect(Int(header[3]) | Int(header[2]) << 8 == CaptchaImage.width)
        #expect(Int(header[7]) | Int(header[6]) << 8 == CaptchaImage.height)
        #expect(Array(header[8...9]) == [8, 0])
        // Stored deflate blocks: their lengths add up to one filter byte plus a row of pixels per line.
        let idat = chunks[1].1
        var offset = 2, total = 0, last = false
        while !last {
            last = idat[offset] & 1 == 1
            let length = Int(idat[offset + 1]) | Int(idat[offset + 2]) << 8
            total += length
            offset += 5 + length
        }
        #expect(total == (CaptchaImage.width + 1) * CaptchaImage.height)
    }

    @Test("answers use only the unambiguous alphabet, which the font covers")
    func alphabet() {
        for _ in 0..<100 {
            let answer = CaptchaImage.randomAnswer()
            #expect(answer.count == 5)
            #expect(answer.allSatisfy { CaptchaImage.font[$0] != nil })
        }
    }
}
