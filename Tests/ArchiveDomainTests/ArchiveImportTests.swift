import ArchiveDomain
import GraduateDomain
import Testing

/// The school's import of many records: the template's columns, rows good and bad, 下载代码.
@Suite("Archive import rows and 下载代码 (§5)")
struct ArchiveImportTests {
    static let id = "11010519491231002X"
    static let today = 20_250_101
    static let graduate = ArchiveImportGraduate(name: "张三", context: ArchiveValidationContext(graduationDate: "2024-06-30"))

    static func roster(_ number: IDNumber) -> ArchiveImportGraduate? { number.value == Self.id ? Self.graduate : nil }

    /// A good row: 单位接收, no 户口 migration, codes given by name.
    static let good = [
        id, "张三", "单位接收", "学信咨询服务有限公司", "110108", "中关村大街1号", "100080", "王老师", "13800138000",
        "EMS", "EA123456789CN", "", "", "否", "", "", "", "",
    ]

    static func errors(_ cells: [String], row: Int = 2, roster: (IDNumber) -> ArchiveImportGraduate? = Self.roster) -> [ArchiveImportError] {
        if case .failure(let rejection) = ArchiveImport.validate(cells, row: row, today: Self.today, graduate: roster) { rejection.errors } else { [] }
    }

    static func replacing(_ index: Int, with text: String, in cells: [String] = Self.good) -> [String] {
        var cells = cells
        cells[index] = text
        return cells
    }

    @Test("the template's headers, in order")
    func headers() {
        #expect(ArchiveImport.headers == [
            "身份证号", "姓名", "档案转递类型", "档案接收单位名称", "接收单位所在地", "接收单位地址", "邮编", "联系人", "联系电话",
            "转递方式", "转递单号", "保留期限", "档案转递说明", "是否迁移户口", "户口迁移类型", "户口迁入地区", "户口迁入详细地址", "接收派出所",
        ])
        #expect(Self.good.count == ArchiveImport.headers.count)
    }

    @Test("a good row gives the graduate and the values, codes by code or name alike")
    func goodRow() throws {
        let row = try ArchiveImport.validate(Self.good, row: 7, today: Self.today, graduate: Self.roster).get()
        #expect(row.row == 7 && row.idNumber.value == Self.id)
        #expect(row.values.transferType == .employer && row.values.transferMethod == .ems && !row.values.migratesHukou)
        let byCode = Self.replacing(9, with: "02", in: Self.replacing(2, with: "01", in: Self.replacing(13, with: "0")))
        #expect(try ArchiveImport.validate(byCode, row: 7, today: Self.today, graduate: Self.roster).get() == row)
        // Trailing empty cells may be missing, and 身份证号 may be written with a lower-case x.
        let short = Array(Self.replacing(0, with: " 11010519491231002x ").prefix(14))
        #expect(try ArchiveImport.validate(short, row: 7, today: Self.today, graduate: Self.roster).get() == row)
    }

    @Test("the graduate: 身份证号 valid and on the roster, 姓名 matching it, no application under review")
    func graduate() {
        #expect(Self.errors(Self.replacing(0, with: "")) == [ArchiveImportError(row: 2, column: "身份证号", reason: "不能为空")])
        #expect(Self.errors(Self.replacing(0, with: "110105194912310021")) == [
            ArchiveImportError(row: 2, column: "身份证号", reason: "身份证号校验位不正确（应为X）"),
        ])
        let stranger = IDNumber.withCheckDigit("11010519900101001")
        #expect(Self.errors(Self.replacing(0, with: stranger)) == [
            ArchiveImportError(row: 2, column: "身份证号", reason: "该身份证号不在本校学生名单中"),
        ])
        #expect(Self.errors(Self.replacing(1, with: "李四")) == [
            ArchiveImportError(row: 2, column: "姓名", reason: "与学生名单中该身份证号的姓名不一致"),
        ])
        #expect(Self.errors(Self.replacing(1, with: " ")) == [ArchiveImportError(row: 2, column: "姓名", reason: "不能为空")])
        let pending = ArchiveImportGraduate(name: "张三", context: Self.graduate.context, hasApplicationUnderReview: true)
        #expect(Self.errors(Self.good, roster: { _ in pending }) == [
            ArchiveImportError(row: 2, column: "身份证号", reason: "该毕业生有审核中的档案/户口信息申请，请先审核"),
        ])
    }

    @Test("the values' problems come under their columns, with the row number")
    func badValues() {
        let cells = Self.replacing(6, with: "10008", in: Self.replacing(2, with: "单位", in: Self.replacing(13, with: "是")))
        #expect(Self.errors(cells, row: 12) == [
            ArchiveImportError(row: 12, column: "档案转递类型", reason: "档案转递类型不在代码表中（01 单位接收、02 托管单位接收、03 转回生源地、04 升学外校接收、05 保留原校、99 其他）"),
            ArchiveImportError(row: 12, column: "邮编", reason: "邮编应为6位数字"),
            ArchiveImportError(row: 12, column: "户口迁移类型", reason: "迁移户口时，请填写户口迁移类型"),
            ArchiveImportError(row: 12, column: "户口迁入地区", reason: "迁移户口时，请填写户口迁入地区"),
            ArchiveImportError(row: 12, column: "户口迁入详细地址", reason: "迁移户口时，请填写户口迁入详细地址"),
            ArchiveImportError(row: 12, column: "接收派出所", reason: "迁移户口时，请填写接收派出所"),
        ])
    }

    @Test("保留期限 is checked against the graduate's own graduation")
    func retention() {
        var kept = Array(repeating: "", count: ArchiveImport.headers.count)
        kept[0] = Self.id
        kept[1] = "张三"
        kept[2] = "保留原校"
        kept[11] = "2026-06-30"
        kept[13] = "否"
        #expect(Self.errors(kept) == [])
        #expect(Self.errors(Self.replacing(11, with: "2026-07-01", in: kept)) == [
            ArchiveImportError(row: 2, column: "保留期限", reason: "档案保留原校最长为毕业后2年，保留期限不能晚于2026-06-30"),
        ])
    }

    @Test("a graduate not found and bad values: every error of the row at once")
    func everything() {
        let stranger = IDNumber.withCheckDigit("11010519900101001")
        let cells = Self.replacing(0, with: stranger, in: Self.replacing(8, with: "123") + ["多余"])
        #expect(Self.errors(cells, row: 3) == [
            ArchiveImportError(row: 3, column: "文件", reason: "列数多于模板（18列）"),
            ArchiveImportError(row: 3, column: "身份证号", reason: "该身份证号不在本校学生名单中"),
            ArchiveImportError(row: 3, column: "联系电话", reason: ContactPhone.problemMessage),
        ])
    }

    @Test("下载代码: each code column's list, then the 行政区划 codes with their full names")
    func codeRows() {
        let rows = ArchiveImport.codeRows
        let lists = rows.filter { $0.list != "行政区划" }.map { "\($0.list) \($0.code) \($0.name)" }
        #expect(lists == [
            "档案转递类型 01 单位接收", "档案转递类型 02 托管单位接收", "档案转递类型 03 转回生源地", "档案转递类型 04 升学外校接收",
            "档案转递类型 05 保留原校", "档案转递类型 99 其他", "转递方式 01 机要通信", "转递方式 02 EMS",
            "是否迁移户口 1 是", "是否迁移户口 0 否",
            "户口迁移类型 01 迁回生源地", "户口迁移类型 02 迁至就业单位所在地", "户口迁移类型 03 迁至升学学校", "户口迁移类型 99 其他",
        ])
        let regions = rows.filter { $0.list == "行政区划" }
        #expect(regions.count == 3219)
        #expect(regions.map(\.code) == regions.map(\.code).sorted())
        #expect(regions.contains(ArchiveCodeRow(list: "行政区划", code: "310115", name: "上海市浦东新区")))
        #expect(regions.allSatisfy { Regions.isKnown($0.code) })
    }
}
