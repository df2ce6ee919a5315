import DocumentKit
import Foundation
import Testing

/// A complete three-party agreement with realistic values.
func sampleSheet(
    number: String? = "2023410001318198442", otherTerms: String = "乙方入职后由甲方缴纳五险一金；提供单人宿舍；每年带薪年假十天。",
    voided: Bool = false, issuedAt: Date = Date(timeIntervalSince1970: 1_717_207_200)  // 2024-06-01 10:00 北京时间
) -> AgreementSheet {
    AgreementSheet(
        number: number,
        kind: .threeParty,
        status: voided ? "已作废" : "已生效",
        employer: .init(
            name: "北京云帆数据科技有限公司", creditCode: "91110108MA01ABCD2X", nature: "其他企业", industry: "信息传输、软件和信息技术服务业",
            location: "北京市海淀区", address: "北京市海淀区中关村大街27号中关村大厦15层", contact: "王晓燕", phone: "010-62751234",
            email: "hr@yunfan-data.cn"
        ),
        job: .init(
            title: "后端开发工程师", workplace: "北京市海淀区", monthlySalaryYuan: 15_000, probationMonths: 3,
            contractTerm: "三年（2024年7月1日至2027年6月30日）", otherTerms: otherTerms
        ),
        graduate: .init(
            name: "李明轩", gender: "男", idNumber: "11010519491231002X", school: "北京理工示范大学", department: "计算机学院",
            major: "软件工程", educationLevel: "本科", graduationDate: "2024年6月", trainingMode: "非定向", origin: "河北省石家庄市",
            phone: "13812345678"
        ),
        school: .init(
            name: "北京理工示范大学", office: "学生就业指导中心", contact: "陈老师", phone: "010-68912345",
            address: "北京市海淀区中关村南大街5号", postcode: "100081", opinion: "同意该生到甲方就业，协议内容经审核无误，予以鉴证。"
        ),
        signedAt: .init(
            employer: Date(timeIntervalSince1970: 1_715_313_720),  // 2024-05-10 12:02
            graduate: Date(timeIntervalSince1970: 1_715_400_000),  // 2024-05-11 12:00
            school: Date(timeIntervalSince1970: 1_715_751_000)  // 2024-05-15 13:30
        ),
        verificationURL: "https://jy.example.edu.cn/verify/agreements/2023410001318198442?sig=Qm9vdHN0cmFwVmVyaWZ5",
        issuedAt: issuedAt,
        voided: voided,
        voidReason: voided ? "双方协商一致解约，原协议作废" : nil
    )
}

/// Every value a reader must find in the PDF's text.
func printedValues(of sheet: AgreementSheet) -> [String] {
    let e = sheet.employer, j = sheet.job, g = sheet.graduate, s = sheet.school
    return [
        sheet.numberText, sheet.kind.rawValue, sheet.status,
        e.name, e.creditCode, e.nature, e.industry, e.location, e.address, e.contact, e.phone, e.email,
        j.title, j.workplace, "15,000", "3个月", j.contractTerm, j.otherTerms,
        g.name, g.gender, g.idNumber, g.school, g.department, g.major, g.educationLevel, g.graduationDate, g.trainingMode, g.origin, g.phone,
        s.name, s.office, s.contact, s.phone, s.address, s.postcode, s.opinion,
        "2024年05月10日12:02", "2024年05月11日12:00", "2024年05月15日13:30", "2024年06月01日10:00",
        sheet.verificationURL, "扫码核验", AgreementPDF.title,
    ]
}

/// A scratch folder, removed by the caller.
func scratchFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("documentkit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

struct ToolFailed: Error, CustomStringConvertible {
    let description: String
}

/// Runs a tool by absolute path and returns its standard output.
@discardableResult
func run(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ToolFailed(description: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))")
    }
    return String(decoding: data, as: UTF8.self)
}

/// A rendered PDF on disk, with poppler's views of it.
struct RenderedPDF {
    let folder: URL
    let file: URL

    init(_ data: Data, name: String = "document.pdf") throws {
        self.folder = try scratchFolder()
        self.file = self.folder.appendingPathComponent(name)
        try data.write(to: self.file)
    }

    func remove() {
        try? FileManager.default.removeItem(at: self.folder)
    }

    /// The text in content-stream order (cells stay whole), with all white space removed.
    func compactText(page: Int? = nil) throws -> String {
        var arguments = ["-raw", "-enc", "UTF-8"]
        if let page { arguments += ["-f", "\(page)", "-l", "\(page)"] }
        let text = try run("/usr/bin/pdftotext", arguments + [self.file.path, "-"])
        return text.filter { !$0.isWhitespace }
    }

    /// `compactText()` without the footers (page numbers and `footer`) and `watermark`, so
    /// text that continues on the next page reads as one piece.
    func bodyText(footer: String, watermark: String? = nil) throws -> String {
        var text = try self.compactText().replacingOccurrences(of: footer.compact, with: "")
        text = text.replacing(/第\d+页\/共\d+页/, with: "")
        if let watermark { text = text.replacingOccurrences(of: watermark, with: "") }
        return text
    }

    func info() throws -> [String: String] {
        let text = try run("/usr/bin/pdfinfo", [self.file.path])
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    func pageCount() throws -> Int {
        Int(try self.info()["Pages"] ?? "") ?? 0
    }
}

extension String {
    var compact: String { self.filter { !$0.isWhitespace } }
}

/// The package root (for test-output/).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
