import Foundation
import GraduateDomain
import Testing

@Suite("Trimming white space")
struct TrimmingTests {
    /// The fast path (ends that are not white space) must never answer differently from
    /// Foundation, for either set the code uses.
    @Test("trimmingWhiteSpace agrees with trimmingCharacters(in:) for spaces, line breaks, the ideographic space and NBSP")
    func agreesWithFoundation() {
        let samples = [
            "", " ", "计算机学院", " 计算机学院", "计算机学院 ", "\u{3000}张三\u{3000}", "\u{00A0}2027", "2027\n", "\r\n31\t",
            "a b", "\u{0085}x", "x\u{2028}", "\u{200B}x", "x\u{FEFF}", "\n", "\t \u{3000}", "12\u{2003}", "𠀋𠮷",
        ]
        for sample in samples {
            for set in [CharacterSet.whitespaces, .whitespacesAndNewlines] {
                #expect(sample.trimmingWhiteSpace(set) == sample.trimmingCharacters(in: set), "\(sample.debugDescription)")
            }
            #expect(sample.trimmingWhiteSpace() == sample.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
