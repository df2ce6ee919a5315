import DocumentKit
import Foundation
import Testing

/// 40 clauses of 其他约定: more than a page.
let longTerms = (1...40).map { "第\($0)条：乙方在服务期内参加甲方组织的专业培训，培训费用由甲方承担；乙方提前离职的，按未满服务期比例返还培训费用。" }.joined(separator: "\n")

@Suite("就业协议书 PDF")
struct AgreementPDFTests {
    @Test("every field of the agreement is in the PDF's text")
    func everyField() throws {
        let sheet = sampleSheet()
        let pdf = try RenderedPDF(AgreementPDF.render(sheet))
        defer { pdf.remove() }
        let text = try pdf.compactText()
        for value in printedValues(of: sheet) {
            #expect(text.contains(value.compact), "missing: \(value)")
        }
        for label in ["甲方（用人单位）信息", "乙方（毕业生）信息", "丙方（学校）信息", "岗位及聘用条件", "学校意见", "签署信息", "统一社会信用代码", "其他约定"] {
            #expect(text.contains(label), "missing label: \(label)")
        }
    }

    @Test("A4 portrait, with the page count the footer states, and the metadata from the sheet")
    func pageSetup() throws {
        let pdf = try RenderedPDF(AgreementPDF.render(sampleSheet()))
        defer { pdf.remove() }
        let info = try pdf.info()
        #expect(info["Page size"] == "595.276 x 841.89 pts (A4)")
        let pages = try pdf.pageCount()
        #expect((1...2).contains(pages))
        for page in 1...pages {
            #expect(try pdf.compactText(page: page).contains("第\(page)页/共\(pages)页"))
        }
        #expect(info["Title"] == "全国普通高等学校毕业生就业协议书（2023410001318198442）")
        #expect(info["Creator"] == "全国高校毕业生毕业去向登记系统")
        // pdfinfo prints dates in the machine's zone; the year and day are the same in both.
        #expect(info["CreationDate"]?.contains("2024") == true)
        #expect(info["CreationDate"]?.contains("Jun  1") == true)
    }

    @Test("the CJK fonts are embedded as subsets")
    func fontsEmbedded() throws {
        let pdf = try RenderedPDF(AgreementPDF.render(sampleSheet()))
        defer { pdf.remove() }
        let listing = try run("/usr/bin/pdffonts", [pdf.file.path])
        // name type encoding emb sub uni object ID; the type may be two words ("CID Type 0C").
        let rows = listing.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(!rows.isEmpty)
        #expect(rows.contains { $0[0].contains("NotoSerifCJK") })
        #expect(rows.contains { $0[0].contains("NotoSansCJK") })
        for row in rows {
            // emb, sub, uni are the three yes/no columns before the object number.
            let flags = Array(row.suffix(5).prefix(3))
            #expect(flags == ["yes", "yes", "yes"], "font not embedded as a subset: \(row)")
            // A subset's name starts with a six-letter tag: ABCDEF+NotoSansCJKsc-Regular.
            #expect(row[0].range(of: "^[A-Z]{6}\\+", options: .regularExpression) != nil, "no subset tag: \(row[0])")
        }
    }

    @Test("the same sheet renders to the same bytes; another issue time does not")
    func deterministic() throws {
        let first = try AgreementPDF.render(sampleSheet())
        let second = try AgreementPDF.render(sampleSheet())
        #expect(first == second)
        let voided = try AgreementPDF.render(sampleSheet(voided: true))
        #expect(try AgreementPDF.render(sampleSheet(voided: true)) == voided)
        let later = try AgreementPDF.render(sampleSheet(issuedAt: Date(timeIntervalSince1970: 1_717_300_000)))
        #expect(later != first)
    }

    @Test("a voided agreement says 已作废 on every page, with the reason")
    func voided() throws {
        let sheet = sampleSheet(otherTerms: String(repeating: "甲方为乙方提供岗前培训及职业发展通道。", count: 60), voided: true)
        let pdf = try RenderedPDF(AgreementPDF.render(sheet))
        defer { pdf.remove() }
        let pages = try pdf.pageCount()
        #expect(pages >= 2)
        for page in 1...pages {
            #expect(try pdf.compactText(page: page).contains("已作废"), "page \(page) has no watermark")
        }
        #expect(try pdf.compactText().contains("双方协商一致解约，原协议作废"))
        // A valid agreement carries no such mark.
        let valid = try RenderedPDF(AgreementPDF.render(sampleSheet()))
        defer { valid.remove() }
        #expect(try !valid.compactText().contains("已作废"))
    }

    @Test("the QR code, scanned from the rasterised page, is exactly the verification link")
    func qrCodeScans() throws {
        let sheet = sampleSheet()
        let pdf = try RenderedPDF(AgreementPDF.render(sheet))
        defer { pdf.remove() }
        let prefix = pdf.folder.appendingPathComponent("page").path
        try run("/usr/bin/pdftoppm", ["-png", "-r", "150", pdf.file.path, prefix])
        let images = try FileManager.default.contentsOfDirectory(atPath: pdf.folder.path).filter { $0.hasSuffix(".png") }.sorted()
        #expect(images.count == (try pdf.pageCount()))
        var decoded: [String] = []
        for image in images {
            // zbarimg exits 4 when a page has no code; only pages with one count.
            let output = try? run("/usr/bin/zbarimg", ["--raw", "-q", pdf.folder.appendingPathComponent(image).path])
            decoded += (output ?? "").split(separator: "\n").map(String.init)
        }
        #expect(decoded == [sheet.verificationURL])
    }

    @Test("a very long 其他约定 continues on the next page, whole")
    func longTermsFlow() throws {
        let terms = longTerms
        let sheet = sampleSheet(otherTerms: terms)
        let pdf = try RenderedPDF(AgreementPDF.render(sheet))
        defer { pdf.remove() }
        let pages = try pdf.pageCount()
        #expect(pages >= 2)
        let all = try pdf.bodyText(footer: "\(AgreementPDF.title)　协议编号：\(sheet.numberText)")
        #expect(all.contains(terms.compact))
        // The first and the last clause are on different pages, and the school's opinion and
        // the signatures come after the last clause.
        let pageTexts = try (1...pages).map { try pdf.compactText(page: $0) }
        let first = try #require(pageTexts.firstIndex { $0.contains("第1条：") })
        let last = try #require(pageTexts.firstIndex { $0.contains("第40条：") })
        #expect(first < last)
        let signatures = try #require(pageTexts.firstIndex { $0.contains("六、签署信息") })
        #expect(signatures >= last)
        // The label is not left alone at the bottom of a page without its text.
        let label = try #require(pageTexts.firstIndex { $0.contains("其他约定") })
        #expect(label == first)
        // Nothing of the document is lost after the long row.
        for value in printedValues(of: sheet) {
            #expect(all.contains(value.compact), "missing: \(value.prefix(20))")
        }
    }

    @Test("before the agreement takes effect the number reads 签约信息生效后生成")
    func pendingNumber() throws {
        let pdf = try RenderedPDF(AgreementPDF.render(sampleSheet(number: nil)))
        defer { pdf.remove() }
        #expect(try pdf.compactText().contains("协议编号：签约信息生效后生成"))
        #expect(try pdf.info()["Title"] == "全国普通高等学校毕业生就业协议书")
    }

    @Test("a two-party agreement has no 丙方")
    func twoParty() throws {
        var sheet = sampleSheet()
        sheet.kind = .twoParty
        sheet.signedAt.school = nil
        let pdf = try RenderedPDF(AgreementPDF.render(sheet))
        defer { pdf.remove() }
        let text = try pdf.compactText()
        #expect(text.contains("两方协议"))
        #expect(!text.contains("丙方"))
        #expect(text.contains("学校信息"))
    }

    @Test("bad input is refused with the field and a Chinese reason", arguments: [
        ("20234100013181984", "协议编号"),
        ("2023410001318198A42", "协议编号"),
    ])
    func badNumber(number: String, field: String) {
        #expect(throws: DocumentError.invalidInput(field: field, reason: "应为19位数字")) {
            try AgreementPDF.render(sampleSheet(number: number))
        }
        #expect(DocumentError.invalidInput(field: field, reason: "应为19位数字").message == "协议编号：应为19位数字")
    }

    @Test("an empty verification link or a negative salary is refused")
    func otherBadInput() {
        var sheet = sampleSheet()
        sheet.verificationURL = ""
        #expect(throws: DocumentError.invalidInput(field: "核验链接", reason: "不能为空")) { try AgreementPDF.render(sheet) }
        sheet = sampleSheet()
        sheet.job.monthlySalaryYuan = -1
        #expect(throws: DocumentError.invalidInput(field: "月薪", reason: "不能为负数")) { try AgreementPDF.render(sheet) }
    }

    @Test("sample PDFs for people to look at, in test-output/documents")
    func samples() throws {
        let folder = packageRoot.appendingPathComponent("test-output/documents")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sample = folder.appendingPathComponent("agreement-sample.pdf")
        let voided = folder.appendingPathComponent("agreement-voided.pdf")
        try AgreementPDF.render(sampleSheet()).write(to: sample)
        try AgreementPDF.render(sampleSheet(voided: true)).write(to: voided)
        try AgreementPDF.render(sampleSheet(otherTerms: longTerms)).write(to: folder.appendingPathComponent("agreement-long-terms.pdf"))
        #expect(FileManager.default.fileExists(atPath: sample.path))
        #expect(FileManager.default.fileExists(atPath: voided.path))
    }
}

@Suite("PDF layout")
struct PDFLayoutTests {
    @Test("paragraphs flow over pages; the watermark and footer are on each one")
    func paragraphsFlow() throws {
        let paragraph = String(repeating: "毕业生就业协议书是明确毕业生、用人单位、学校三方权利和义务的书面表现形式。", count: 12)
        let document = PDFDocument(
            metadata: PDFMetadata(title: "测试", created: Date(timeIntervalSince1970: 0)),
            blocks: [.title("版式测试", subtitle: "（样张）")] + Array(repeating: PDFBlock.paragraph(paragraph), count: 12),
            watermark: "样张",
            footer: "页脚文字"
        )
        let pdf = try RenderedPDF(PDFRenderer.render(document))
        defer { pdf.remove() }
        let pages = try pdf.pageCount()
        #expect(pages >= 2)
        for page in 1...pages {
            let text = try pdf.compactText(page: page)
            #expect(text.contains("样张"))
            #expect(text.contains("页脚文字"))
            #expect(text.contains("第\(page)页/共\(pages)页"))
        }
        #expect(try pdf.bodyText(footer: "页脚文字", watermark: "样张").components(separatedBy: paragraph.compact).count == 13)
    }
}

@Suite("QR codes")
struct QRCodeTests {
    @Test("a URL becomes a square matrix with the three finder patterns")
    func matrix() throws {
        let code = try QRCode("https://jy.example.edu.cn/verify/agreements/2023410001318198442")
        #expect(code.size == 17 + 4 * code.version)
        #expect(code.rows.count == code.size)
        #expect(code.rows.allSatisfy { $0.count == code.size })
        // Finder patterns: dark 7×7 rings with a dark 3×3 centre in three corners.
        for (row, column) in [(0, 0), (0, code.size - 7), (code.size - 7, 0)] {
            #expect(code[row, column] && code[row + 6, column + 6] && code[row + 3, column + 3])
            #expect(!code[row + 1, column + 1])
        }
    }

    @Test("the same text gives the same code; empty text is refused")
    func stableAndEmpty() throws {
        #expect(try QRCode("abc") == QRCode("abc"))
        #expect(throws: QRCode.Problem.empty) { try QRCode("") }
        #expect(throws: QRCode.Problem.self) { try QRCode(String(repeating: "x", count: 5000)) }
    }
}
