import Foundation
import Hummingbird

/// A `multipart/form-data` body (registration with a scan, say), read whole — uploads are at
/// most 10 MiB — and parsed strictly here (RFC 7578 / RFC 2046): text fields and files by
/// name. Hand-written because MultipartKit 4.7.1 traps on a header name byte ≥ 0x80, so one
/// unauthenticated request could stop the gateway; this parser only refuses.
struct MultipartForm {
    struct Part {
        var name: String
        var fileName: String?
        var contentType: String?
        var content: Data

        var text: String { String(decoding: self.content, as: UTF8.self) }
    }

    var parts: [Part]

    /// Room for the form's text fields beside a file of the maximum upload size.
    static let fieldAllowance = 256 * 1024
    static let maximumParts = 64
    static let maximumHeaderBlock = 8 * 1024

    static func read(_ request: Request, context: GatewayContext) async throws -> MultipartForm {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.parameter("boundary", in: contentType),
              !boundary.isEmpty
        else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "请求内容应为表单上传（multipart/form-data）"
            )
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize + Self.fieldAllowance)
        } catch {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "上传文件不能超过10MB", field: "licence")
        }
        guard let form = Self.parse(buffer, boundary: boundary) else {
            throw APIError.badRequest(field: nil, "表单内容格式不正确")
        }
        return form
    }

    /// nil when the body is not well-formed multipart with that boundary.
    static func parse(_ buffer: ByteBuffer, boundary: String) -> MultipartForm? {
        guard Self.isValidBoundary(boundary) else { return nil }
        let body = Array(buffer.readableBytesView)
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        let finder = ByteFinder(delimiter)

        // The first boundary starts the body or follows a preamble line.
        var position: Int
        if body.starts(with: dashBoundary) {
            position = dashBoundary.count
        } else if let found = finder.firstIndex(in: body, from: 0) {
            position = found + delimiter.count
        } else {
            return nil
        }
        var parts: [Part] = []
        while true {
            // "--" after a boundary closes the body; anything after that is an epilogue.
            if body.hasBytes("--", at: position) { break }
            // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard body.hasBytes("\r\n", at: position) else { return nil }
            position += 2
            guard let (headers, contentStart) = Self.headers(in: body, from: position) else { return nil }
            guard let end = finder.firstIndex(in: body, from: contentStart) else { return nil }
            guard parts.count < Self.maximumParts else { return nil }
            let disposition = headers.first { $0.name == "content-disposition" }?.value ?? ""
            guard disposition.lowercased().hasPrefix("form-data"), let name = Self.parameter("name", in: disposition) else {
                return nil
            }
            parts.append(Part(
                name: name,
                fileName: Self.parameter("filename", in: disposition),
                contentType: headers.first { $0.name == "content-type" }?.value,
                content: Data(body[contentStart..<end])
            ))
            position = end + delimiter.count
        }
        return parts.isEmpty ? nil : MultipartForm(parts: parts)
    }

    /// A part's header lines up to the blank line, and where its content starts. Names are
    /// tokens of visible ASCII; values are UTF-8 without control characters (HTAB allowed);
    /// no folded lines.
    private static func headers(in body: [UInt8], from start: Int) -> ([(name: String, value: String)], Int)? {
        var headers: [(name: String, value: String)] = []
        var position = start
        while true {
            guard position - start <= Self.maximumHeaderBlock else { return nil }
            var lineEnd = position
            while lineEnd + 1 < body.count, !(body[lineEnd] == 0x0D && body[lineEnd + 1] == 0x0A) {
                guard lineEnd - start <= Self.maximumHeaderBlock else { return nil }
                lineEnd += 1
            }
            guard lineEnd + 1 < body.count else { return nil }
            if lineEnd == position { return (headers, lineEnd + 2) }
            let line = body[position..<lineEnd]
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return nil }
            let nameBytes = line[line.startIndex..<colon]
            guard nameBytes.allSatisfy(Self.isTokenByte) else { return nil }
            let valueBytes = line[(colon + 1)...]
            guard valueBytes.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }),
                  let value = String(validating: valueBytes, as: UTF8.self)
            else { return nil }
            headers.append((
                String(decoding: nameBytes, as: UTF8.self).lowercased(),
                value.trimmingCharacters(in: .whitespaces)
            ))
            position = lineEnd + 2
        }
    }

    /// RFC 7230 token characters.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// RFC 2046: 1–70 characters of digits, letters and '()+_,-./:=? and spaces, not ending in a space.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != 0x20 else { return false }
        let allowed = Array("'()+_,-./:=? ".utf8)
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || allowed.contains(byte)
        }
    }

    /// A parameter of a header value (`boundary=…`, `name="…"`), quotes removed.
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    func part(_ name: String) -> Part? {
        self.parts.first { $0.name == name }
    }

    /// The longest text field a form takes (names, addresses, phone numbers are far shorter;
    /// a file is a part of its own).
    static let maximumTextFieldBytes = 4 * 1024

    /// A text field the form must have (it may be empty: the service says what is wrong with it).
    func requiredText(_ name: String) throws -> String {
        guard let part = self.part(name) else { throw APIError.badRequest(field: name, "缺少必填字段") }
        guard part.content.count <= Self.maximumTextFieldBytes else { throw APIError.badRequest(field: name, "内容过长") }
        return part.text
    }
}

/// Finds a byte string in a buffer (Boyer–Moore–Horspool), so a 10 MiB upload is searched in
/// about one pass whatever its content.
struct ByteFinder {
    private let needle: [UInt8]
    private var shift = [Int](repeating: 0, count: 256)

    init(_ needle: [UInt8]) {
        self.needle = needle
        for index in 0..<256 { self.shift[index] = max(1, needle.count) }
        for index in 0..<max(0, needle.count - 1) { self.shift[Int(needle[index])] = needle.count - 1 - index }
    }

    func firstIndex(in haystack: [UInt8], from start: Int) -> Int? {
        let count = self.needle.count
        guard count > 0 else { return nil }
        var position = max(0, start)
        while position + count <= haystack.count {
            var matched = count - 1
            while matched >= 0, haystack[position + matched] == self.needle[matched] { matched -= 1 }
            if matched < 0 { return position }
            position += self.shift[Int(haystack[position + count - 1])]
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    func hasBytes(_ text: StaticString, at index: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index >= 0, index + count <= self.count else { return false }
        return text.withUTF8Buffer { $0.elementsEqual(self[index..<(index + count)]) }
    }
}
