import Foundation
import GraduateDomain
import HTTPTypes
import Logging
import OpenAPIRuntime

/// The small conversions every area's mapping between a generated type and a proto message
/// needs: a service's code as the contract's enum, a time, an optional text, a file.
enum APIValues {
    /// A code from a service as the contract's enum. A code the contract does not list is the
    /// service and the contract disagreeing: a 500 that names the field in the log, never a trap.
    static func code<Code: RawRepresentable>(_ raw: String, _ field: String) throws -> Code where Code.RawValue == String {
        guard let code = Code(rawValue: raw) else {
            try? GatewayRequest.require().logger.error("a service sent a code the API contract lacks", metadata: ["field": "\(field)", "code": "\(raw)"])
            throw APIError(status: .internalServerError, code: "internal", message: APIError.chineseMessage(for: .internalServerError))
        }
        return code
    }

    /// An optional code: "" (none) is an absent key, any other must be in the contract's enum.
    static func optionalCode<Code: RawRepresentable>(_ raw: String, _ field: String) throws -> Code? where Code.RawValue == String {
        raw.isEmpty ? nil : try Self.code(raw, field)
    }

    /// A stored time (Unix milliseconds); 0 means none.
    static func time(_ milliseconds: Int64) -> Date? {
        milliseconds == 0 ? nil : Date(milliseconds: milliseconds)
    }

    /// An empty text from a service as an absent key.
    static func text(_ value: String) -> String? {
        value.isEmpty ? nil : value
    }

    /// A file's body.
    static func body(_ content: Data) -> HTTPBody {
        HTTPBody(content)
    }

    /// `Content-Disposition` of a download with its (Chinese) name, as RFC 6266 and 5987 describe.
    static func attachment(fileName: String) -> String {
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download"
        let fallback = String(fileName.unicodeScalars.filter { $0.isASCII && $0 != "\"" && $0 != "\\" }.map(Character.init))
        return "attachment; filename=\"\(fallback.isEmpty ? "download" : fallback)\"; filename*=UTF-8''\(encoded)"
    }

    /// An uploaded file read whole, up to the upload limit (413 beyond, naming the field).
    static func file(_ body: HTTPBody, field: String) async throws -> Data {
        do {
            return try await Data(collecting: body, upTo: GatewayRequest.maxUploadSize)
        } catch {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "文件不能超过10MB", field: field)
        }
    }

    /// A text field of a form, up to 64 KiB.
    static func text(_ body: HTTPBody, field: String) async throws -> String {
        do {
            return try await String(collecting: body, upTo: 64 * 1024)
        } catch {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "表单字段过长", field: field)
        }
    }
}

/// The body of a scan's download (a licence, an attachment): the contract lists the three types
/// a scan may have, and each download's generated body has a case for each.
protocol ScanDownloadBody {
    static func pdf(_ body: HTTPBody) -> Self
    static func jpeg(_ body: HTTPBody) -> Self
    static func png(_ body: HTTPBody) -> Self
}

extension ScanDownloadBody {
    static func scan(_ type: ScanType, _ body: HTTPBody) -> Self {
        switch type {
        case .pdf: .pdf(body)
        case .jpeg: .jpeg(body)
        case .png: .png(body)
        }
    }
}

extension Operations.GetEmployersIdLicence.Output.Ok.Body: ScanDownloadBody {}
extension Operations.GetAgreementsIdAttachmentsSha256.Output.Ok.Body: ScanDownloadBody {}
extension Operations.GetTerminationsIdAttachmentsSha256.Output.Ok.Body: ScanDownloadBody {}
extension Operations.GetDestinationRegistrationsIdAttachmentsSha256.Output.Ok.Body: ScanDownloadBody {}
