import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` body (registration with a scan, say), read whole — uploads are at
/// most 10 MiB — and parsed with MultipartKit's parser: text fields and files by name.
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
        final class Collector {
            var parts: [Part] = []
            var headers: [(String, String)] = []
            var body = Data()
            var complete = true
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            collector.headers.append((name.lowercased(), value))
            collector.complete = false
        }
        parser.onBody = { chunk in
            collector.body.append(contentsOf: chunk.readableBytesView)
            collector.complete = false
        }
        parser.onPartComplete = {
            let disposition = collector.headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            if let name = Self.parameter("name", in: disposition) {
                collector.parts.append(Part(
                    name: name,
                    fileName: Self.parameter("filename", in: disposition),
                    contentType: collector.headers.first { $0.0 == "content-type" }?.1,
                    content: collector.body
                ))
            }
            collector.headers = []
            collector.body = Data()
            collector.complete = true
        }
        do {
            try parser.execute(buffer)
        } catch {
            return nil
        }
        guard collector.complete, !collector.parts.isEmpty else { return nil }
        return MultipartForm(parts: collector.parts)
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

    /// A text field the form must have (it may be empty: the service says what is wrong with it).
    func requiredText(_ name: String) throws -> String {
        guard let part = self.part(name) else { throw APIError.badRequest(field: name, "缺少必填字段") }
        return part.text
    }
}
