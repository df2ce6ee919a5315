public import Foundation

extension String {
    /// `trimmingCharacters(in: set)` for a set of white space (`.whitespaces`, the default
    /// `.whitespacesAndNewlines`). A roster import trims 15 cells a row, and nearly none has
    /// anything to trim: a text that begins and ends with visible ASCII or a CJK ideograph
    /// (in no such set) is answered without Foundation's CharacterSet walk, which profiles
    /// showed as a third of validating a row. Anything else goes to Foundation, whose sets
    /// hold more than Unicode's White_Space (U+200B, for one).
    public func trimmingWhiteSpace(_ set: CharacterSet = .whitespacesAndNewlines) -> String {
        guard let first = self.unicodeScalars.first, let last = self.unicodeScalars.last else { return self }
        func plain(_ scalar: Unicode.Scalar) -> Bool { (0x21...0x7E).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value) }
        if plain(first), plain(last) { return self }
        return self.trimmingCharacters(in: set)
    }
}
