import GraduateDomain
import Testing

@Suite("Display text")
struct DisplayTextTests {
    @Test("ordinary names pass: Chinese, Latin, digits, punctuation, spaces, middle dots, full-width brackets")
    func ordinaryNames() {
        for name in ["深圳示范制造有限公司", "计算机学院", "阿依古丽·买买提", "John O'Neil", "北京（海淀）科技有限公司", "A-1 Studio & Co.", "𠀋𠮷"] {
            #expect(DisplayText.problem(in: name) == nil, "\(name)")
        }
    }

    @Test("hidden characters are refused: NUL, controls, bidi overrides and isolates, zero-width, BOM, private use")
    func hiddenCharacters() {
        let hidden: [Unicode.Scalar] = [
            "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\n", "\t",
            "\u{202E}", "\u{202A}", "\u{2066}", "\u{2069}", "\u{200E}", "\u{200F}",
            "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{2028}", "\u{2029}",
            "\u{E000}", "\u{F8FF}",
        ]
        for scalar in hidden {
            let name = "深圳" + String(Character(scalar)) + "公司"
            #expect(DisplayText.problem(in: name) != nil, "U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
        // Remarks may keep their lines, nothing else.
        #expect(DisplayText.problem(in: "第一行\r\n第二行", allowingLineBreaks: true) == nil)
        #expect(DisplayText.problem(in: "第一行\u{202E}", allowingLineBreaks: true) != nil)
    }
}
