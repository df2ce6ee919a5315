/// Row ids that are UUIDs in their time-ordered version 7 (RFC 9562 §5.7), lowercase: 48
/// bits of Unix milliseconds, then 74 random bits. Rows made one after another get ids next
/// to each other, so an index on the id grows at its right edge instead of touching a random
/// page per row; a 20,000-row roster import wrote (and checkpointed) a page per row of each
/// random-keyed index in every chunk. The random part keeps ids unguessable enough for ids
/// (they are never secrets: access is checked on every call).
public enum TimeOrderedID {
    public static func make(now milliseconds: Int64 = nowMilliseconds()) -> String {
        var random = SystemRandomNumberGenerator()
        let high = random.next() as UInt64
        let low = random.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        let time = UInt64(max(0, milliseconds)) & 0xFFFF_FFFF_FFFF
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: time >> (40 - 8 * UInt64(index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: high >> 60)           // version 7
        bytes[7] = UInt8(truncatingIfNeeded: high >> 52)
        bytes[8] = 0x80 | (UInt8(truncatingIfNeeded: low >> 58) & 0x3F)  // variant 10
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: low >> (8 * UInt64(15 - index))) }
        return Self.format(bytes)
    }

    /// 8-4-4-4-12 lowercase hex, without Foundation's per-byte formatting.
    static func format(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
