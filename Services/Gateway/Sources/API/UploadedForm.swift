import Foundation
import OpenAPIRuntime

/// A `multipart/form-data` body from the generated layer, read whole into text fields and
/// files by name. The gateway has already bounded the whole body (`GatewayRequestMiddleware`);
/// here each part is bounded too, and what the runtime's parser or validator refuses (a
/// missing required part, a repeated one, a malformed header) becomes a 400 naming the part.
struct UploadedForm {
    struct File {
        var content: Data
        var fileName: String
    }

    var texts: [String: String] = [:]
    var files: [String: File] = [:]

    static let maximumParts = 64
    /// Room for the form's text fields beside a file of the maximum upload size.
    static let fieldAllowance = 256 * 1024

    /// `describe` names a typed part, gives its body and, for a file, its file name.
    static func read<Part: Sendable>(
        _ body: MultipartBody<Part>,
        _ describe: (Part) -> (name: String, body: HTTPBody, fileName: String?)
    ) async throws -> UploadedForm {
        var form = UploadedForm()
        var count = 0
        do {
            for try await part in body {
                count += 1
                guard count <= Self.maximumParts else { throw APIError.badRequest(field: nil, "表单字段过多") }
                let (name, partBody, fileName) = describe(part)
                if let fileName {
                    form.files[name] = File(content: try await APIValues.file(partBody, field: name), fileName: fileName)
                } else {
                    let text = try await APIValues.text(partBody, field: name)
                    if !name.isEmpty { form.texts[name] = text }
                }
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw GeneratedLayerError.apiError(error)
        }
        return form
    }

    /// The `file` part of a form that uploads one file (an attachment, an agreement to verify).
    static func file<Part: Sendable>(
        _ body: MultipartBody<Part>,
        _ describe: (Part) -> (name: String, body: HTTPBody, fileName: String?)
    ) async throws -> File {
        guard let file = try await Self.read(body, describe).files["file"] else {
            throw APIError.badRequest(field: "file", "请选择要上传的文件")
        }
        return file
    }

    /// A text field that must be present (the service checks its value).
    func requiredText(_ name: String) throws -> String {
        guard let text = self.texts[name] else { throw APIError.badRequest(field: name, "缺少必填字段") }
        return text
    }
}
