import Foundation

/// A look at a `multipart/form-data` body before swift-openapi-runtime parses it. The runtime's
/// parser reads a part's headers without a bound, and a 10 MiB header block took it 44 s of
/// CPU in a debug build (`Tests/System/test_multipart_fuzz.py`, "endless-headers"): one request
/// could hold a core. Here each part's header block must end within 8 KiB of its boundary, and
/// a form has at most 64 parts; anything else is a 400 before the parser sees it.
enum MultipartPrecheck {
    static let maximumHeaderBlock = 8 * 1024
    static let maximumParts = UploadedForm.maximumParts

    /// nil when the body may go to the parser; otherwise the refusal.
    static func refusal(body: [UInt8], contentType: String) -> APIError? {
        guard let boundary = Self.boundary(in: contentType) else {
            return .badRequest(field: nil, "表单缺少有效的分隔符（boundary）")
        }
        // A delimiter starts a line (RFC 2046): the body's first, or after CRLF.
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        let headerEnd: [UInt8] = Array("\r\n\r\n".utf8)
        var parts = 0
        var position: Int?
        if body.starts(with: dashBoundary) {
            position = 0
        } else {
            position = Self.find(delimiter, in: body, from: 0, limit: body.count).map { $0 + 2 }
        }
        while let start = position {
            let afterDelimiter = start + dashBoundary.count
            // The closing delimiter ends the form.
            if afterDelimiter + 1 < body.count, body[afterDelimiter] == UInt8(ascii: "-"), body[afterDelimiter + 1] == UInt8(ascii: "-") {
                return nil
            }
            parts += 1
            guard parts <= Self.maximumParts else { return .badRequest(field: nil, "表单字段过多") }
            let limit = min(body.count, afterDelimiter + Self.maximumHeaderBlock)
            guard let end = Self.find(headerEnd, in: body, from: afterDelimiter, limit: limit) else {
                return .badRequest(field: nil, "表单内容格式不正确（字段头过长或不完整）")
            }
            position = Self.find(delimiter, in: body, from: end + 2, limit: body.count).map { $0 + 2 }
        }
        // No closing delimiter: the parser refuses that itself.
        return nil
    }

    /// The `boundary` parameter: 1 to 70 characters (RFC 2046), quoted or not.
    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// The first index of `needle` in `haystack[from..<limit]` (the whole needle inside), or nil.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, limit: Int) -> Int? {
        guard let first = needle.first, from >= 0, limit <= haystack.count, limit - from >= needle.count else { return nil }
        var index = from
        let last = limit - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
