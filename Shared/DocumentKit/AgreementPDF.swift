public import Foundation

/// The printable 全国普通高等学校毕业生就业协议书 (A4): number and status, the three parties,
/// the job terms, the school's opinion, the signing times and a QR code of the verification
/// link. A voided agreement carries "已作废" diagonally across every page and the reason.
public enum AgreementPDF {
    public static let title = "全国普通高等学校毕业生就业协议书"
    public static let voidedWatermark = "已作废"

    /// The PDF's bytes; the same sheet always gives the same bytes.
    public static func render(_ sheet: AgreementSheet) throws(DocumentError) -> Data {
        try PDFRenderer.render(self.document(for: sheet))
    }

    /// The document before drawing (for tests and for other layouts that reuse parts).
    public static func document(for sheet: AgreementSheet) throws(DocumentError) -> PDFDocument {
        if let number = sheet.number {
            guard number.count == 19, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalidInput(field: "协议编号", reason: "应为19位数字")
            }
        }
        guard !sheet.verificationURL.isEmpty else { throw .invalidInput(field: "核验链接", reason: "不能为空") }
        guard sheet.job.monthlySalaryYuan >= 0 else { throw .invalidInput(field: "月薪", reason: "不能为负数") }
        guard sheet.job.probationMonths >= 0 else { throw .invalidInput(field: "试用期", reason: "不能为负数") }
        let code: QRCode
        do { code = try QRCode(sheet.verificationURL) } catch { throw .qrCode(error) }

        let threeParty = sheet.kind == .threeParty
        var blocks: [PDFBlock] = [
            .splitLine(left: "协议类型：\(sheet.kind.rawValue)　　状态：\(sheet.status)", right: "协议编号：\(sheet.numberText)", style: .small.with { $0.size = 9; $0.color = .darkGray }),
            .spacer(mm: 4),
            .title(self.title, subtitle: "（\(sheet.kind.rawValue)）"),
        ]
        if sheet.voided {
            let reason = sheet.voidReason.map { "作废原因：\($0)" } ?? ""
            blocks.append(.paragraph("本协议已作废，不再具有效力。\(reason)", style: .notice))
        }
        let parties = threeParty ? "甲方（用人单位）、乙方（毕业生）、丙方（学校）" : "甲方（用人单位）、乙方（毕业生）"
        blocks.append(.paragraph(
            "根据国家有关高校毕业生就业的政策规定，\(parties)经双向选择、平等协商，"
                + (threeParty ? "并经丙方鉴证，" : "")
                + "自愿签订本协议，共同遵守。本协议各方信息及约定如下：",
            style: .body.with { $0.lineSpacing = 1.45 }
        ))

        let employer = sheet.employer
        blocks.append(.heading("一、甲方（用人单位）信息"))
        blocks.append(.table(.labelValue([
            ("单位名称", employer.name, true),
            ("统一社会信用代码", employer.creditCode, false), ("单位性质", employer.nature, false),
            ("单位行业", employer.industry, false), ("单位所在地", employer.location, false),
            ("单位地址", employer.address, true),
            ("联系人", employer.contact, false), ("联系电话", employer.phone, false),
            ("电子邮箱", employer.email, true),
        ])))

        let graduate = sheet.graduate
        blocks.append(.heading("二、乙方（毕业生）信息"))
        blocks.append(.table(.labelValue([
            ("姓名", graduate.name, false), ("性别", graduate.gender, false),
            ("身份证号", graduate.idNumber, false), ("学历", graduate.educationLevel, false),
            ("学校", graduate.school, false), ("院系", graduate.department, false),
            ("专业", graduate.major, false), ("培养方式", graduate.trainingMode, false),
            ("毕业时间", graduate.graduationDate, false), ("生源地", graduate.origin, false),
            ("联系电话", graduate.phone, true),
        ])))

        let school = sheet.school
        blocks.append(.heading(threeParty ? "三、丙方（学校）信息" : "三、学校信息"))
        blocks.append(.table(.labelValue([
            ("学校名称", school.name, true),
            ("就业部门", school.office, false), ("联系人", school.contact, false),
            ("联系电话", school.phone, false), ("邮编", school.postcode, false),
            ("通讯地址", school.address, true),
        ])))

        let job = sheet.job
        blocks.append(.heading("四、岗位及聘用条件"))
        blocks.append(.table(.labelValue([
            ("岗位名称", job.title, false), ("工作地点", job.workplace, false),
            ("月薪", "\(self.yuan(job.monthlySalaryYuan)) 元", false),
            ("试用期", job.probationMonths == 0 ? "无" : "\(job.probationMonths) 个月", false),
            ("合同期限", job.contractTerm, true),
            ("其他约定", job.otherTerms.isEmpty ? "无" : job.otherTerms, true),
        ])))

        blocks.append(.heading("五、学校意见"))
        blocks.append(.table(PDFTable(
            columns: [0.19, 0.81],
            rows: [[.label(threeParty ? "丙方意见" : "学校意见"), .value(school.opinion.isEmpty ? "（无）" : school.opinion)]],
            minimumRowHeightMM: 14
        )))

        blocks.append(.heading("六、签署信息"))
        func signed(_ date: Date?) -> String { date.map { "已签署　\($0.beijingMinutes)" } ?? "未签署" }
        var signingRows: [[PDFTable.Cell]] = [
            [.label("甲方（用人单位）"), .value(employer.name), .value(signed(sheet.signedAt.employer))],
            [.label("乙方（毕业生）"), .value(graduate.name), .value(signed(sheet.signedAt.graduate))],
        ]
        if threeParty || sheet.signedAt.school != nil {
            signingRows.append([.label(threeParty ? "丙方（学校）" : "学校"), .value(school.name), .value(signed(sheet.signedAt.school))])
        }
        blocks.append(.table(PDFTable(columns: [0.19, 0.46, 0.35], rows: signingRows)))

        blocks.append(.spacer(mm: 4))
        blocks.append(.qrCode(
            code, sizeMM: 32, caption: ["扫码核验", sheet.verificationURL],
            note: "核验说明：本协议书由全国高校毕业生毕业去向登记系统生成，各方签署时间以系统记录为准。"
                + "扫描右侧二维码或访问其下方链接，可核验本协议的真实性及当前状态；"
                + "打印件与系统记录不一致的，以系统记录为准。\n"
                + "协议编号：\(sheet.numberText)\n生成时间：\(sheet.issuedAt.beijingMinutes)"
        ))

        return PDFDocument(
            metadata: PDFMetadata(
                title: sheet.number.map { "\(self.title)（\($0)）" } ?? self.title,
                subject: "\(employer.name) — \(graduate.name)",
                created: sheet.issuedAt
            ),
            blocks: blocks,
            watermark: sheet.voided ? self.voidedWatermark : nil,
            footer: "\(self.title)　协议编号：\(sheet.numberText)"
        )
    }

    /// 12345 → "12,345".
    static func yuan(_ amount: Int) -> String {
        let digits = Array(String(amount))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
