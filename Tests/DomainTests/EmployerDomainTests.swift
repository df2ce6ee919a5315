import Foundation
import GraduateDomain
import Testing

@Suite("Employer code lists and contact details")
struct EmployerDomainTests {
    @Test("单位性质 has the twelve national codes, found by code or by name")
    func natures() {
        #expect(EmployerNature.allCases.count == 12)
        #expect(EmployerNature.allCases.map(\.rawValue) == ["10", "20", "21", "22", "23", "29", "31", "32", "39", "40", "55", "56"])
        #expect(EmployerNature(codeOrName: "三资企业") == .foreignInvestedEnterprise)
        #expect(EmployerNature.name(ofCode: "31") == "国有企业")
        #expect(EmployerNature.name(ofCode: "30") == nil)
    }

    @Test("行业 has the 20 sections A–T of GB/T 4754-2017")
    func industries() {
        #expect(Industry.allCases.count == 20)
        #expect(Industry.allCases.map(\.rawValue).joined() == "ABCDEFGHIJKLMNOPQRST")
        #expect(Industry.name(ofCode: "I") == "信息传输、软件和信息技术服务业")
        #expect(Industry(codeOrName: "教育") == .education)
        #expect(Industry(rawValue: "U") == nil)
    }

    @Test("the review statuses show the exact Chinese names")
    func statuses() {
        #expect(EmployerStatus.allCases.map(\.name) == ["待审核", "已通过", "未通过"])
        #expect(EmployerStatus(rawValue: "rejected")?.name == "未通过")
    }

    @Test("行政区划代码: six digits, in the national list (GB/T 2260)", arguments: ["110105", "440305", "820000", " 310115 "])
    func validRegions(text: String) throws {
        #expect(try RegionCode(text).value == text.trimmingCharacters(in: .whitespaces))
    }

    @Test("bad region codes are refused with a Chinese reason", arguments: [
        ("11010", RegionCode.Problem.wrongFormat),
        ("1101055", .wrongFormat),
        ("11010a", .wrongFormat),
        ("１１０１０５", .wrongFormat),
        ("990105", .unknownProvince),
        ("000000", .unknownProvince),
        ("110199", .unknownCode),
        ("310100", .unknownCode),
    ])
    func badRegions(text: String, problem: RegionCode.Problem) {
        #expect(throws: problem) { try RegionCode(text) }
        #expect(problem.message.hasPrefix("所在地"))
    }

    @Test("the province set is shared with 身份证号")
    func provincesShared() {
        #expect(throws: IDNumber.Problem.badRegion) { try IDNumber(IDNumber.withCheckDigit("99010519491231002")) }
        #expect(RegionCode.provinces.contains(44))
    }

    @Test("phones: mobiles, landlines with area code, 400 numbers", arguments: [
        "13812345678", "199 1234 5678", "010-12345678", "0755-1234567", "021-87654321-123", "01012345678", "400-123-4567", "4001234567",
    ])
    func goodPhones(text: String) {
        #expect(ContactPhone(text) != nil)
    }

    @Test("bad phones are refused", arguments: [
        "", "12812345678", "1381234567", "138123456789", "12345678", "010-0123456", "010--12345678", "10-12345678",
        "021-87654321-1234567", "+8613812345678", "电话13812345678", "400-12-34567",
    ])
    func badPhones(text: String) {
        #expect(ContactPhone(text) == nil)
    }

    @Test("emails: a plain address check", arguments: [
        ("hr@example.com", true), ("zhang.san+jobs@mail.example.com.cn", true), ("hr@公司.中国", true),
        ("", false), ("hr", false), ("hr@example", false), ("@example.com", false), ("hr@@example.com", false),
        ("h r@example.com", false), ("hr@example.c", false), ("hr@-example.com", false), ("hr@example..com", false),
    ])
    func emails(text: String, valid: Bool) {
        #expect((EmailAddress(text) != nil) == valid)
    }

    @Test("scan types come from the first bytes, not the name")
    func scanTypes() {
        #expect(ScanType(detecting: Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(ScanType(detecting: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(ScanType(detecting: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(ScanType(detecting: Array("PK\u{3}\u{4}".utf8)) == nil)
        #expect(ScanType(detecting: [UInt8]()) == nil)
        #expect(ScanType(detecting: [0x89, 0x50]) == nil)
        #expect(ScanType.png.fileExtension == "png" && ScanType.jpeg.contentType == "image/jpeg")
    }
}
