/// Text that people type and other people read — names of schools, 院系, graduates and
/// employers, addresses: it may not hide anything. Control characters (a NUL silently
/// truncated a name in C code and PDFs), bidirectional overrides and isolates (which make
/// "ABC公司" display as something else), zero-width characters and byte-order marks (which make
/// two names look alike but differ), private-use and unassigned code points are refused.
public enum DisplayText {
    /// Why `text` cannot be shown as typed, in Chinese; nil when it is fine. Remarks and
    /// other long texts may keep their line breaks (`allowingLineBreaks`).
    public static func problem(in text: String, allowingLineBreaks: Bool = false) -> String? {
        for scalar in text.unicodeScalars {
            // Printable ASCII and the CJK Unified Ideographs (all assigned, category Lo) are
            // nearly every character of a roster; they skip the property lookup.
            if (0x20..<0x7F).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value) { continue }
            if allowingLineBreaks, scalar == "\n" || scalar == "\r" { continue }
            switch scalar.properties.generalCategory {
            case .control:
                return "含有控制字符（如换行、制表符或空字符），请删除"
            case .format, .lineSeparator, .paragraphSeparator:
                // Bidi overrides/isolates, zero-width space/joiners, word joiner, BOM, …
                return "含有不可见的格式字符（如零宽字符、方向控制符或BOM），请删除"
            case .privateUse, .unassigned, .surrogate:
                return "含有无法显示的字符，请删除"
            default:
                continue
            }
        }
        return nil
    }
}
