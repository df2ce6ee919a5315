import Foundation

/// Draws a captcha as a PNG made here: glyphs from a 5×7 bitmap font, each scaled, jittered
/// and thickened differently, over noise lines and dots. No image library is needed for
/// something this small; the PNG is written uncompressed (stored deflate blocks).
enum CaptchaImage {
    /// No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B).
    static let alphabet: [Character] = Array("34679ACDEFHJKMNPRTUVWXY")

    static let width = 132
    static let height = 44

    static func randomAnswer(length: Int = 5) -> String {
        String((0..<length).map { _ in Self.alphabet.randomElement()! })
    }

    static func png<R: RandomNumberGenerator>(for text: String, using generator: inout R) -> Data {
        var pixels = [UInt8](repeating: 255, count: Self.width * Self.height)
        func plot(_ x: Int, _ y: Int, _ value: UInt8) {
            guard x >= 0, y >= 0, x < Self.width, y < Self.height else { return }
            pixels[y * Self.width + x] = min(pixels[y * Self.width + x], value)
        }
        for _ in 0..<5 {
            var x = Double(Int.random(in: 0..<Self.width, using: &generator))
            var y = Double(Int.random(in: 0..<Self.height, using: &generator))
            let dx = Double.random(in: -1...1, using: &generator), dy = Double.random(in: -0.5...0.5, using: &generator)
            for _ in 0..<120 {
                plot(Int(x), Int(y), 120)
                x += dx
                y += dy
            }
        }
        let advance = (Self.width - 12) / max(text.count, 1)
        for (index, character) in text.enumerated() {
            guard let rows = Self.font[character] else { continue }
            let scale = Int.random(in: 3...4, using: &generator)
            let originX = 6 + index * advance + Int.random(in: -2...2, using: &generator)
            let originY = (Self.height - 7 * scale) / 2 + Int.random(in: -4...4, using: &generator)
            let slant = Double.random(in: -0.25...0.25, using: &generator)
            let shade = UInt8.random(in: 0...60, using: &generator)
            for (row, bits) in rows.enumerated() {
                for (column, bit) in bits.enumerated() where bit == "#" {
                    for sy in 0..<scale {
                        let y = originY + row * scale + sy
                        let shift = Int(slant * Double(y - Self.height / 2))
                        for sx in 0..<scale {
                            plot(originX + column * scale + sx + shift, y, shade)
                        }
                    }
                }
            }
        }
        for _ in 0..<250 {
            plot(Int.random(in: 0..<Self.width, using: &generator), Int.random(in: 0..<Self.height, using: &generator), UInt8.random(in: 0...180, using: &generator))
        }
        return Self.encodePNG(gray: pixels, width: Self.width, height: Self.height)
    }

    // MARK: PNG

    static func encodePNG(gray pixels: [UInt8], width: Int, height: Int) -> Data {
        var raw = [UInt8]()
        raw.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter: none
            raw += pixels[(y * width)..<((y + 1) * width)]
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, raw.count - offset)
            let last: UInt8 = offset + count == raw.count ? 1 : 0
            zlib += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            zlib += raw[offset..<(offset + count)]
            offset += count
        } while offset < raw.count
        zlib += Self.bigEndian(Self.adler32(raw))

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += Self.chunk("IHDR", Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height)) + [8, 0, 0, 0, 0])
        png += Self.chunk("IDAT", zlib)
        png += Self.chunk("IEND", [])
        return Data(png)
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return Self.bigEndian(UInt32(data.count)) + typeBytes + data + Self.bigEndian(Self.crc32(typeBytes + data))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = Self.crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return (b << 16) | a
    }

    // MARK: Font (5×7)

    static let font: [Character: [String]] = [
        "3": ["####.", "....#", "....#", ".###.", "....#", "....#", "####."],
        "4": ["#...#", "#...#", "#...#", "#####", "....#", "....#", "....#"],
        "6": [".###.", "#....", "#....", "####.", "#...#", "#...#", ".###."],
        "7": ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
        "9": [".###.", "#...#", "#...#", ".####", "....#", "....#", ".###."],
        "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        "C": [".####", "#....", "#....", "#....", "#....", "#....", ".####"],
        "D": ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
        "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
        "F": ["#####", "#....", "#....", "####.", "#....", "#....", "#...."],
        "H": ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        "J": ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
        "K": ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
        "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
        "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
        "P": ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
        "R": ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
        "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
        "U": ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
        "V": ["#...#", "#...#", "#...#", "#...#", ".#.#.", ".#.#.", "..#.."],
        "W": ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"],
        "X": ["#...#", ".#.#.", ".#.#.", "..#..", ".#.#.", ".#.#.", "#...#"],
        "Y": ["#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..", "..#.."],
    ]
}
