import Foundation
import GRPCCore
import GraduateProto
import OpenAPIRuntime

/// 批量导入 (DOMAIN.md §5) with its 下载模板 and 下载代码, and the forms' code lists (the lists'
/// and 数据统计's Excel exports are their routes' `format=xlsx`). The import follows the
/// roster's: a preview names every bad row or the plan with its digest, the import applies
/// exactly that plan, all or nothing.
extension ArchiveHandler {
    /// The service names the file it refuses `content` (its bytes) or `fileName`; the caller
    /// sent it as the form's `file` part.
    static func formField(_ field: String) -> String {
        field == "content" || field == "fileName" ? "file" : field
    }

    /// A file uploaded to 批量导入, previewed or imported.
    func importFile(_ rpc: Graduate_Archive_V1_ImportArchiveRecordsRequest) async throws -> Components.Schemas.ArchiveImportResult {
        do {
            return try .init(try await self.call { try await $0.importArchiveRecords(rpc, metadata: $1) })
        } catch var error as APIError {
            error.field = error.field.map(Self.formField)
            throw error
        }
    }

    /// An .xlsx download with its Chinese name (RFC 5987).
    static func download(_ file: Graduate_Archive_V1_ArchiveFile) -> (disposition: String, body: HTTPBody) {
        (APIValues.attachment(fileName: file.fileName), APIValues.body(file.content))
    }
}

extension GatewayAPI {
    func postArchiveImportPreviews(_ input: Operations.PostArchiveImportPreviews.Input) async throws -> Operations.PostArchiveImportPreviews.Output {
        let body = switch input.body { case .multipartForm(let body): body }
        let file = try await UploadedForm.file(body) { part in
            switch part {
            case .file(let p): ("file", p.payload.body, p.filename ?? "")
            case .undocumented(let p): (p.name ?? "", p.body, nil)
            }
        }
        var rpc = Graduate_Archive_V1_ImportArchiveRecordsRequest()
        rpc.content = file.content
        rpc.fileName = file.fileName
        rpc.preview = true
        return .ok(.init(body: .json(try await self.archive.importFile(rpc))))
    }

    /// 200 when imported, 422 with every bad row when nothing was.
    func postArchiveImports(_ input: Operations.PostArchiveImports.Input) async throws -> Operations.PostArchiveImports.Output {
        let body = switch input.body { case .multipartForm(let body): body }
        let form = try await UploadedForm.read(body) { part in
            switch part {
            case .file(let p): ("file", p.payload.body, p.filename ?? "")
            case .expectedPlanDigest(let p): ("expectedPlanDigest", p.payload.body, nil)
            case .reason(let p): ("reason", p.payload.body, nil)
            case .undocumented(let p): (p.name ?? "", p.body, nil)
            }
        }
        guard let file = form.files["file"] else { throw APIError.badRequest(field: "file", "请选择要上传的文件") }
        var rpc = Graduate_Archive_V1_ImportArchiveRecordsRequest()
        rpc.content = file.content
        rpc.fileName = file.fileName
        // As the roster's query parameter: 64 lowercase hex digits, an empty field is none.
        let digest = form.texts["expectedPlanDigest"] ?? ""
        guard digest.isEmpty || (digest.utf8.count == 64 && digest.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw APIError.badRequest(field: "expectedPlanDigest", "应为预览返回的 planDigest（64位十六进制数）")
        }
        rpc.expectedPlanDigest = digest
        rpc.reason = form.texts["reason"] ?? ""
        let result = try await self.archive.importFile(rpc)
        return result.errorCount == 0 ? .ok(.init(body: .json(result))) : .unprocessableContent(.init(body: .json(result)))
    }

    func getArchiveImportTemplate(_ input: Operations.GetArchiveImportTemplate.Input) async throws -> Operations.GetArchiveImportTemplate.Output {
        let rpc = Graduate_Archive_V1_GetArchiveImportTemplateRequest()
        let file = ArchiveHandler<Transport>.download(try await self.archive.call { try await $0.getArchiveImportTemplate(rpc, metadata: $1) })
        return .ok(.init(headers: .init(contentDisposition: file.disposition), body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(file.body)))
    }

    /// 下载代码: the code lists of the template's code columns and the 行政区划, as a file.
    func getArchiveImportCodes(_ input: Operations.GetArchiveImportCodes.Input) async throws -> Operations.GetArchiveImportCodes.Output {
        let rpc = Graduate_Archive_V1_GetArchiveCodeListRequest()
        let file = ArchiveHandler<Transport>.download(try await self.archive.call { try await $0.getArchiveCodeList(rpc, metadata: $1) })
        return .ok(.init(headers: .init(contentDisposition: file.disposition), body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(file.body)))
    }

    func getArchiveCodeLists(_ input: Operations.GetArchiveCodeLists.Input) async throws -> Operations.GetArchiveCodeLists.Output {
        let rpc = Graduate_Archive_V1_GetArchiveCodeListsRequest()
        return .ok(.init(body: .json(.init(try await self.archive.call { try await $0.getArchiveCodeLists(rpc, metadata: $1) }))))
    }
}
