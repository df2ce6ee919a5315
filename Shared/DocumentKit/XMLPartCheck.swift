import Foundation

/// The gate every XML part of an uploaded .xlsx passes before FoundationXML sees it.
///
/// FoundationXML traps (the whole service stops) on an element or attribute name that is not
/// valid UTF-8, and on some declared encodings with bytes that do not fit them: measured with
/// one byte of `<worksheet>` changed to any of 0xC0–0xFF, or `encoding="UTF-16"` before Latin-1
/// bytes. Excel and every other spreadsheet program write UTF-8, so a part is accepted only
/// when all its bytes are valid UTF-8 and its declaration, if any, names UTF-8.
struct XMLPartCheck {
    private var validator = UTF8Validator()
    private var head: [UInt8] = []
    private static let headLength = 200

    /// Feeds the next bytes of the part; false as soon as they cannot be UTF-8.
    mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        for byte in bytes {
            if self.head.count < Self.headLength { self.head.append(byte) }
            guard self.validator.feed(byte) else { return false }
        }
        return true
    }

    /// True when the whole part was valid UTF-8 and declares no other encoding.
    func accepts() -> Bool {
        self.validator.isComplete && Self.declaresUTF8OrNothing(self.head)
    }

    static func accepts(_ data: Data) -> Bool {
        var check = XMLPartCheck()
        return check.feed(data) && check.accepts()
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>`, or no declaration, or one without an encoding.
    private static func declaresUTF8OrNothing(_ head: [UInt8]) -> Bool {
        var text = String(decoding: head, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard text.hasPrefix("<?xml") else { return true }
        guard let end = text.range(of: "?>") else { return false }
        let declaration = text[..<end.lowerBound].lowercased()
        guard let encoding = declaration.range(of: "encoding") else { return true }
        let value = declaration[encoding.upperBound...]
            .drop { $0 == " " || $0 == "=" || $0 == "\t" }
            .drop { $0 == "\"" || $0 == "'" }
            .prefix { $0 != "\"" && $0 != "'" }
        return value == "utf-8" || value == "utf8"
    }
}

/// Byte-at-a-time UTF-8 validation (RFC 3629: no overlong forms, no surrogates, ≤ U+10FFFF),
/// so a part is checked while it streams out of the archive, split anywhere.
struct UTF8Validator {
    private var remaining = 0
    /// The range the next continuation byte must fall in (narrower after E0, ED, F0, F4).
    private var next: ClosedRange<UInt8> = 0x80...0xBF

    var isComplete: Bool { self.remaining == 0 }

    mutating func feed(_ byte: UInt8) -> Bool {
        if self.remaining > 0 {
            guard self.next.contains(byte) else { return false }
            self.remaining -= 1
            self.next = 0x80...0xBF
            return true
        }
        switch byte {
        case 0x00...0x7F: return true
        case 0xC2...0xDF: self.remaining = 1
        case 0xE0: self.remaining = 2; self.next = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: self.remaining = 2
        case 0xED: self.remaining = 2; self.next = 0x80...0x9F
        case 0xF0: self.remaining = 3; self.next = 0x90...0xBF
        case 0xF1...0xF3: self.remaining = 3
        case 0xF4: self.remaining = 3; self.next = 0x80...0x8F
        default: return false
        }
        return true
    }
}
