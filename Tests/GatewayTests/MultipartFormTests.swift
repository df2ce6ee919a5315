import Foundation
@testable import Gateway
import GRPCCore
import Hummingbird
import HummingbirdTesting
import RPCTransport
import Testing
import TransportTestSupport

/// The hand-written multipart parser: well-formed forms parse, everything else is refused
/// (nil, then 400 in Chinese), never a trap.
@Suite("Multipart forms")
struct MultipartFormTests {
    private func parse(_ text: String, boundary: String = "B") -> MultipartForm? {
        MultipartForm.parse(ByteBuffer(string: text), boundary: boundary)
    }

    private func parse(bytes: [UInt8], boundary: String = "B") -> MultipartForm? {
        MultipartForm.parse(ByteBuffer(bytes: bytes), boundary: boundary)
    }

    @Test("fields and a file parse, with a preamble, transport padding, an epilogue and the boundary's text inside a part")
    func wellFormed() throws {
        let body = "preamble\r\n--B  \r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n深圳示范制造有限公司\r\n"
            + "--B\r\ncontent-disposition: form-data; name=\"licence\"; filename=\"营业执照.png\"\r\nContent-Type: image/png\r\n\r\n"
            + "a--B b\r\n-B\r\n--B--\r\nepilogue"
        let form = try #require(self.parse(body))
        #expect(form.parts.count == 2)
        #expect(form.part("name")?.text == "深圳示范制造有限公司")
        let licence = try #require(form.part("licence"))
        #expect(licence.fileName == "营业执照.png")
        #expect(licence.contentType == "image/png")
        #expect(licence.text == "a--B b\r\n-B")
    }

    @Test("the 24 bytes that stopped the gateway, and every header byte outside a token or text, are refused")
    func badHeaderBytes() {
        // A header name byte ≥ 0x80 made MultipartKit index past a 128-entry table.
        #expect(self.parse(bytes: Array("--B\r\n".utf8) + [0xF8] + Array("x: y\r\n\r\nz\r\n--B--\r\n".utf8)) == nil)
        for name in [[0x80], [0xFF], [0x00], [0x20], [0x7F], Array("a b".utf8), Array("a\"b".utf8), [0xE4, 0xB8, 0xAD]] as [[UInt8]] {
            let body = Array("--B\r\n".utf8) + name + Array(": form-data; name=\"a\"\r\n\r\nz\r\n--B--\r\n".utf8)
            #expect(self.parse(bytes: body) == nil, "name bytes \(name)")
        }
        for value in [[0x00], [0x01], [0x7F], [0xC3, 0x28], [0xFF], Array("a\rb".utf8)] as [[UInt8]] {
            let body = Array("--B\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Odd: ".utf8) + value + Array("\r\n\r\nz\r\n--B--\r\n".utf8)
            #expect(self.parse(bytes: body) == nil, "value bytes \(value)")
        }
    }

    @Test("malformed structure is refused: no boundary, no closing, no disposition, folded or endless headers, bad boundaries")
    func malformed() {
        #expect(self.parse("") == nil)
        #expect(self.parse("no boundary here") == nil)
        #expect(self.parse("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nz") == nil)
        #expect(self.parse("--B\r\nContent-Disposition: form-data; name=\"a\"\r\nz\r\n--B--\r\n") == nil)
        #expect(self.parse("--B\r\nContent-Type: text/plain\r\n\r\nz\r\n--B--\r\n") == nil)
        #expect(self.parse("--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nz\r\n--B--\r\n") == nil)
        #expect(self.parse("--B\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nz\r\n--B--\r\n") == nil)
        #expect(self.parse("--Bjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nz\r\n--B--\r\n") == nil)
        #expect(self.parse("--B--\r\n") == nil)
        // A delimiter inside a part must be followed by CRLF or "--".
        #expect(self.parse("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nz\r\n--Bx\r\n--B--\r\n") == nil)
        let endless = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + String(repeating: "a", count: 10_000) + "\r\n\r\nz\r\n--B--\r\n"
        #expect(self.parse(endless) == nil)
        let many = (0..<65).map { "--B\r\nContent-Disposition: form-data; name=\"f\($0)\"\r\n\r\nz\r\n" }.joined() + "--B--\r\n"
        #expect(self.parse(many) == nil)
        for boundary in ["", String(repeating: "b", count: 71), "B ", "B\u{0}", "分隔", "B\r\n"] {
            #expect(self.parse("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nz\r\n--B--\r\n", boundary: boundary) == nil)
        }
    }

    @Test("random and mutated bodies never trap", arguments: [UInt64(1), 2, 3, 4])
    func fuzz(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let valid = Array("--B\r\nContent-Disposition: form-data; name=\"licence\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u{89}PNG\r\n--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B--\r\n".utf8)
        for _ in 0..<2_000 {
            var body = valid
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<max(1, body.count), using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !body.isEmpty: body[index] = UInt8.random(in: 0...255, using: &random)
                case 1 where !body.isEmpty: body.remove(at: index)
                case 2: body.insert(UInt8.random(in: 0...255, using: &random), at: min(index, body.count))
                default: body = Array(body.prefix(index))
                }
            }
            _ = self.parse(bytes: body)
            _ = self.parse(bytes: (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
        }
    }

    @Test("over HTTP, the crash body is a 400 in Chinese on every multipart route, before any downstream is asked")
    func crashBodyOverHTTP() async throws {
        let client = GRPCClient(transport: TCPClientTransport(host: "127.0.0.1", port: 1))
        let application = Application(router: try makeGatewayRouter(
            downstreams: Downstreams(accounts: ClientPool(name: "accounts", clients: [client]), esigning: ClientPool(name: "esigning", clients: [client]))
        ))
        let body = ByteBuffer(bytes: Array("--B\r\n".utf8) + [0xF8] + Array("x: y\r\n\r\nz\r\n--B--\r\n".utf8))
        try await application.test(.router) { http in
            for uri in ["/api/v1/agreement-verifications", "/api/v1/employers"] {
                try await http.execute(
                    uri: uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=B"], body: body
                ) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    let text = String(buffer: response.body)
                    #expect(text.contains("表单内容格式不正确"), "\(uri): \(text)")
                }
            }
        }
    }
}

