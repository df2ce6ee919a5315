import Foundation
@testable import Gateway
import GRPCCore
import Hummingbird
import HummingbirdTesting
import RPCTransport
import Testing
import TransportTestSupport

/// Multipart forms on the generated API: swift-openapi-runtime parses them, the gateway bounds
/// them and names what is wrong. A body from outside must never stop the gateway: the 24 bytes
/// that once did (MultipartKit trapped on a header byte ≥ 0x80), and mutated forms, get a 4xx;
/// a well-formed one reaches the (here absent) service and gets 503.
@Suite("Multipart forms")
struct UploadFormTests {
    static let validForm = Array((
        "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B--\r\n"
    ).utf8)

    @Test("the crash body and malformed forms are a 400 in Chinese on every multipart route")
    func crashBodyOverHTTP() async throws {
        let bodies: [[UInt8]] = [
            Array("--B\r\n".utf8) + [0xF8] + Array("x: y\r\n\r\nz\r\n--B--\r\n".utf8),
            Array("--B\r\nContent-Disposition: form-data\r\n\r\nz\r\n--B--\r\n".utf8),
            Array("no boundary at all".utf8),
        ]
        try await withGateway { http in
            // 批量导入's two routes need a token: any passes the gateway's guard, and the form is read before a service sees it.
            for (uri, token) in [
                ("/api/v1/agreement-verifications", false), ("/api/v1/employers", false),
                ("/api/v1/archive-import-previews", true), ("/api/v1/archive-imports", true),
            ] {
                var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=B"]
                if token { headers[.authorization] = "Bearer x" }
                for body in bodies {
                    try await http.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                        #expect(response.status == .badRequest, "\(uri)")
                        let text = String(buffer: response.body)
                        #expect(text.contains("\"message\""), "\(uri): \(text)")
                        #expect(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(uri): \(text)")
                    }
                }
            }
        }
    }

    @Test("a registration without its licence, or 批量导入 without its file or with a malformed digest, names the part; a well-formed form reaches the service")
    func missingPartNamed() async throws {
        let fields = ["creditCode", "name", "nature", "industry", "regionCode", "address", "contactName", "contactPhone", "email", "password"]
        let form = fields.map { "--B\r\nContent-Disposition: form-data; name=\"\($0)\"\r\n\r\nx\r\n" }.joined() + "--B--\r\n"
        try await withGateway { http in
            try await http.execute(
                uri: "/api/v1/employers", method: .post, headers: [.contentType: "multipart/form-data; boundary=B"], body: ByteBuffer(string: form)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("\"field\":\"licence\""), "\(String(buffer: response.body))")
            }
            try await http.execute(
                uri: "/api/v1/agreement-verifications", method: .post, headers: [.contentType: "multipart/form-data; boundary=B"],
                body: ByteBuffer(bytes: Self.validForm)
            ) { response in
                #expect(response.status == .serviceUnavailable, "\(response.headers) \(String(buffer: response.body))")
            }
            // 批量导入 without its file, and with a digest that no preview gave, before the service is asked.
            let noFile = "--B\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\n补录\r\n--B--\r\n"
            let badDigest = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nx\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"expectedPlanDigest\"\r\n\r\nABC\r\n--B--\r\n"
            for (uri, form, field) in [
                ("/api/v1/archive-import-previews", noFile, "file"), ("/api/v1/archive-imports", noFile, "file"),
                ("/api/v1/archive-imports", badDigest, "expectedPlanDigest"),
            ] {
                try await http.execute(
                    uri: uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=B", .authorization: "Bearer x"],
                    body: ByteBuffer(string: form)
                ) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(String(buffer: response.body).contains("\"field\":\"\(field)\""), "\(uri): \(String(buffer: response.body))")
                }
            }
        }
    }

    @Test("a header block that does not end within 8 KiB, or more than 64 parts, is refused before the parser reads it")
    func boundedHeaders() async throws {
        let endless = Array("--B\r\n".utf8) + Array(repeating: Array("X-A: b\r\n".utf8), count: 200_000).joined()
        let parts = (0..<65).map { "--B\r\nContent-Disposition: form-data; name=\"x\($0)\"\r\n\r\n1\r\n" }.joined() + "--B--\r\n"
        #expect(MultipartPrecheck.refusal(body: endless, contentType: "multipart/form-data; boundary=B") != nil)
        #expect(MultipartPrecheck.refusal(body: Array(parts.utf8), contentType: "multipart/form-data; boundary=B") != nil)
        #expect(MultipartPrecheck.refusal(body: Self.validForm, contentType: "multipart/form-data; boundary=B") == nil)
        #expect(MultipartPrecheck.refusal(body: Self.validForm, contentType: "multipart/form-data") != nil)
        // A boundary is case-sensitive; the content may hold "--B" not at a line start.
        let content = Array("--Ab\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\nx--Ab y\r\n--Ab--\r\n".utf8)
        #expect(MultipartPrecheck.refusal(body: content, contentType: "multipart/form-data; boundary=\"Ab\"") == nil)
        try await withGateway { [endless] http in
            try await http.execute(
                uri: "/api/v1/employer/resubmission", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=B", .authorization: "Bearer x"], body: ByteBuffer(bytes: endless)
            ) { response in
                #expect(response.status == .badRequest, "\(String(buffer: response.body))")
            }
        }
    }

    @Test("mutated and random multipart bodies never stop the gateway", arguments: [UInt64(1), 2])
    func fuzz(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        var bodies: [[UInt8]] = []
        for _ in 0..<250 {
            var body = Self.validForm
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<max(1, body.count), using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !body.isEmpty: body[index] = UInt8.random(in: 0...255, using: &random)
                case 1 where !body.isEmpty: body.remove(at: index)
                case 2: body.insert(UInt8.random(in: 0...255, using: &random), at: min(index, body.count))
                default: body = Array(body.prefix(index))
                }
            }
            bodies.append(body)
        }
        try await withGateway { [bodies] http in
            for body in bodies {
                try await http.execute(
                    uri: "/api/v1/agreement-verifications", method: .post, headers: [.contentType: "multipart/form-data; boundary=B"],
                    body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status.code < 500 || response.status == .serviceUnavailable, "\(response.status) \(String(buffer: response.body))")
                }
            }
        }
    }
}

/// How list parameters arrive: a browser's URLSearchParams writes a comma list as `a%2Cb`, a
/// hand-written client repeats the parameter; both reach the service as the list.
@Suite("Query lists")
struct QueryListTests {
    @Test("a%2Cb, a,b and a repeated parameter are one list; an empty value is none")
    func commaLists() async throws {
        try await withGateway { http in
            for query in [
                "flows=employerOffer%2CgraduateApplication&status=effective", "flows=employerOffer,graduateApplication",
                "flows=employerOffer&flows=graduateApplication", "cohort=&department=&flows=employerOffer",
            ] {
                try await http.execute(uri: "/api/v1/agreements?\(query)", method: .get, headers: [.authorization: "Bearer x"]) { response in
                    #expect(response.status == .serviceUnavailable, "\(query): \(String(buffer: response.body))")
                }
            }
            try await http.execute(uri: "/api/v1/agreements?flows=employerOffer%2Cpaper", method: .get, headers: [.authorization: "Bearer x"]) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("\"field\":\"flows\""))
            }
        }
    }

    @Test("random query strings on the list routes never stop the gateway", arguments: [UInt64(1), 2])
    func fuzz(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let names = ["cohort", "status", "flows", "flow", "kind", "category", "from", "to", "pageSize", "pageToken", "q", "format", "x"]
        let pieces = ["", "=", "&", ",", "%2C", "%", "%G", "%FF", "%00", "+", "2025", "-1", "99999999999999999999", "effective", "a,b"]
        var queries: [String] = []
        for _ in 0..<300 {
            var query = ""
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                query += names[Int.random(in: 0..<names.count, using: &random)]
                for _ in 0..<Int.random(in: 0...3, using: &random) { query += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
                if Bool.random(using: &random) { query += String(format: "%%%02X", UInt8.random(in: 0...255, using: &random)) }
                query += "&"
            }
            queries.append(query)
        }
        try await withGateway { [queries] http in
            for query in queries {
                for path in ["/api/v1/agreements", "/api/v1/terminations", "/api/v1/invalid-records"] {
                    try await http.execute(uri: "\(path)?\(query)", method: .get, headers: [.authorization: "Bearer x"]) { response in
                        #expect(response.status.code < 500 || response.status == .serviceUnavailable, "\(path)?\(query): \(response.status)")
                    }
                }
            }
        }
    }
}
