import ArchiveDomain
import GraduateDomain
import Testing

/// The rules of 档案/户口信息 (DOMAIN.md §5): each rule and each message, and many problems at once.
@Suite("Archive/hukou values validation (§5)")
struct ArchiveValidationTests {
    static let context = ArchiveValidationContext(graduationDate: "2024-06-30")

    /// The receiving unit of the good drafts.
    static let unit: [ArchiveField: String] = [
        .receivingUnitName: "学信咨询服务有限公司", .receivingUnitRegion: "110108", .receivingUnitAddress: "北京市海淀区中关村大街1号",
        .receivingUnitPostcode: "100080", .receivingUnitContact: "王老师", .receivingUnitPhone: "010-12345678",
    ]

    /// A draft every rule accepts, for the type given.
    static func good(_ type: ArchiveTransferType = .employer) -> ArchiveRecordDraft {
        var texts: [ArchiveField: String] = [.transferType: type.rawValue, .migratesHukou: "否"]
        if type.needsReceivingUnit { texts.merge(Self.unit) { $1 } }
        if type == .keptBySchool { texts[.retentionDeadline] = "2026-06-30" }
        if type == .other { texts[.transferNote] = "出国留学，档案暂由本人所在街道代管" }
        return ArchiveRecordDraft(texts)
    }

    static func problems(_ draft: ArchiveRecordDraft, _ context: ArchiveValidationContext = Self.context) -> [ArchiveFieldProblem] {
        if case .failure(let failure) = ArchiveValidation.validate(draft, context: context) { failure.problems } else { [] }
    }

    static func values(_ draft: ArchiveRecordDraft) -> ArchiveRecordValues? {
        try? ArchiveValidation.validate(draft, context: Self.context).get()
    }

    static func with(_ draft: ArchiveRecordDraft, _ field: ArchiveField, _ text: String) -> ArchiveRecordDraft {
        var draft = draft
        draft[field] = text
        return draft
    }

    @Test("a good draft of every type passes", arguments: ArchiveTransferType.allCases)
    func goodDrafts(type: ArchiveTransferType) {
        #expect(Self.problems(Self.good(type)) == [])
        #expect(Self.values(Self.good(type))?.transferType == type)
    }

    @Test("values are trimmed and normalised; codes are taken by code or by name")
    func normalised() throws {
        var draft = Self.good()
        draft.texts.merge([
            .transferType: " 单位接收 ", .receivingUnitName: "\u{3000}学信咨询服务有限公司 ", .receivingUnitPhone: " 138 0013 8000 ",
            .transferMethod: "EMS", .trackingNumber: " ea123456789cn ", .migratesHukou: "1", .hukouMigrationType: "02",
            .hukouRegion: "310115", .hukouAddress: " 浦东新区世纪大道100号 ", .policeStation: "陆家嘴派出所",
        ]) { $1 }
        let values = try #require(Self.values(draft))
        #expect(values == ArchiveRecordValues(
            transferType: .employer, receivingUnitName: "学信咨询服务有限公司", receivingUnitRegion: "110108",
            receivingUnitAddress: "北京市海淀区中关村大街1号", receivingUnitPostcode: "100080", receivingUnitContact: "王老师",
            receivingUnitPhone: "13800138000", transferMethod: .ems, trackingNumber: "EA123456789CN",
            migratesHukou: true, hukouMigrationType: .employer, hukouRegion: "310115", hukouAddress: "浦东新区世纪大道100号",
            policeStation: "陆家嘴派出所"
        ))
    }

    @Test("档案转递类型 is required and must be in the list")
    func transferType() {
        #expect(Self.problems(Self.with(Self.good(), .transferType, " ")) == [ArchiveFieldProblem(.transferType, "请选择档案转递类型")])
        #expect(Self.problems(Self.with(Self.good(), .transferType, "06")) == [ArchiveFieldProblem(
            .transferType, "档案转递类型不在代码表中（01 单位接收、02 托管单位接收、03 转回生源地、04 升学外校接收、05 保留原校、99 其他）"
        )])
    }

    @Test("a file sent to a unit needs each of the unit's fields", arguments: [ArchiveTransferType.employer, .custodian, .origin, .furtherStudy])
    func receivingUnitRequired(type: ArchiveTransferType) {
        for field in ArchiveField.receivingUnit {
            #expect(Self.problems(Self.with(Self.good(type), field, "")) == [
                ArchiveFieldProblem(field, "档案转递类型为“\(type.name)”时，请填写\(field.label)"),
            ], "\(type) \(field)")
        }
    }

    @Test("保留原校 needs 保留期限 and none of the unit's fields, the method or the number")
    func keptBySchool() {
        #expect(Self.problems(Self.with(Self.good(.keptBySchool), .retentionDeadline, "")) == [
            ArchiveFieldProblem(.retentionDeadline, "档案转递类型为“保留原校”时，请填写保留期限"),
        ])
        let filled: [ArchiveField: String] = [
            .receivingUnitName: "某公司", .receivingUnitRegion: "110108", .receivingUnitAddress: "某路1号", .receivingUnitPostcode: "100080",
            .receivingUnitContact: "李老师", .receivingUnitPhone: "13800138000", .transferMethod: "01", .trackingNumber: "A1",
        ]
        for (field, text) in filled {
            #expect(Self.problems(Self.with(Self.good(.keptBySchool), field, text)) == [
                ArchiveFieldProblem(field, "档案转递类型为“保留原校”时不填写\(field.label)"),
            ], "\(field)")
        }
    }

    @Test("保留期限: a date after graduation, at most 2 years after it", arguments: [
        ("2026-06-30", nil),
        ("2024-07-01", nil),
        ("2026-07-01", "档案保留原校最长为毕业后2年，保留期限不能晚于2026-06-30"),
        ("2030-01-01", "档案保留原校最长为毕业后2年，保留期限不能晚于2026-06-30"),
        ("2024-06-30", "保留期限应晚于毕业时间（2024-06-30）"),
        ("2023-12-31", "保留期限应晚于毕业时间（2024-06-30）"),
        ("20260630", "保留期限应为日期，格式如2026-06-30"),
        ("2026-02-30", "保留期限应为日期，格式如2026-06-30"),
        ("明年六月", "保留期限应为日期，格式如2026-06-30"),
    ] as [(String, String?)])
    func retention(date: String, reason: String?) {
        let problems = Self.problems(Self.with(Self.good(.keptBySchool), .retentionDeadline, date))
        #expect(problems == (reason.map { [ArchiveFieldProblem(.retentionDeadline, $0)] } ?? []))
    }

    @Test("2 years after a 29 February is 28 February; the roster's 毕业时间 gives the month's last day")
    func graduationDates() {
        #expect(ArchiveValidationContext(graduationDate: "2024-02-29").latestRetentionDeadline == "2026-02-28")
        #expect(ArchiveValidationContext(graduationDate: nil).latestRetentionDeadline == nil)
        #expect(ArchiveValidationContext(graduationYearMonth: "202406", cohortYear: 2024).graduationDate == "2024-06-30")
        #expect(ArchiveValidationContext(graduationYearMonth: "202407", cohortYear: 2024).graduationDate == "2024-07-31")
        #expect(ArchiveValidationContext(graduationYearMonth: "202402", cohortYear: 2024).graduationDate == "2024-02-29")
        #expect(ArchiveValidationContext(graduationYearMonth: "202302", cohortYear: 2023).graduationDate == "2023-02-28")
        for unreadable in ["", "2024", "202413", "2024-6", "abcdef"] {
            #expect(ArchiveValidationContext(graduationYearMonth: unreadable, cohortYear: 2025).graduationDate == "2025-06-30", "\(unreadable)")
        }
        // Unknown graduation: only the date's form is checked.
        let unknown = ArchiveValidationContext(graduationDate: nil)
        #expect(Self.problems(Self.with(Self.good(.keptBySchool), .retentionDeadline, "2099-01-01"), unknown) == [])
        #expect(Self.problems(Self.with(Self.good(.keptBySchool), .retentionDeadline, "2099"), unknown).map(\.field) == [.retentionDeadline])
    }

    @Test("保留期限 only for 保留原校", arguments: ArchiveTransferType.allCases.filter { $0 != .keptBySchool })
    func retentionOnlyWhenKept(type: ArchiveTransferType) {
        #expect(Self.problems(Self.with(Self.good(type), .retentionDeadline, "2025-06-30")) == [
            ArchiveFieldProblem(.retentionDeadline, "只有档案转递类型为“保留原校”时才填写保留期限"),
        ])
    }

    @Test("其他 needs 档案转递说明; the unit's fields are optional but checked when given")
    func other() {
        #expect(Self.problems(Self.with(Self.good(.other), .transferNote, "")) == [
            ArchiveFieldProblem(.transferNote, "档案转递类型为“其他”时，请填写档案转递说明（档案去向）"),
        ])
        var withUnit = Self.good(.other)
        withUnit[.receivingUnitName] = "某街道社区服务中心"
        withUnit[.receivingUnitPostcode] = "1000"
        #expect(Self.problems(withUnit) == [ArchiveFieldProblem(.receivingUnitPostcode, "邮编应为6位数字")])
    }

    @Test("邮编 is exactly 6 ASCII digits", arguments: [
        ("100080", true), ("10008", false), ("1000800", false), ("10008a", false), ("１０００８０", false), ("100 080", false),
    ])
    func postcode(text: String, valid: Bool) {
        let problems = Self.problems(Self.with(Self.good(), .receivingUnitPostcode, text))
        #expect(problems == (valid ? [] : [ArchiveFieldProblem(.receivingUnitPostcode, "邮编应为6位数字")]))
    }

    @Test("联系电话 is a mobile or a landline with its area code", arguments: [
        ("13800138000", true), ("010-12345678", true), ("0755-1234567-89", true), ("12345", false), ("12800138000", false),
        ("12345678", false), ("010-1234", false), ("电话13800138000", false),
    ])
    func phone(text: String, valid: Bool) {
        let problems = Self.problems(Self.with(Self.good(), .receivingUnitPhone, text))
        #expect(problems == (valid ? [] : [ArchiveFieldProblem(.receivingUnitPhone, ContactPhone.problemMessage)]))
    }

    @Test("places are 6-digit codes of the national list", arguments: [ArchiveField.receivingUnitRegion, .hukouRegion])
    func regions(field: ArchiveField) {
        var draft = Self.good()
        if field == .hukouRegion {
            draft[.migratesHukou] = "是"
            draft[.hukouMigrationType] = "迁至就业单位所在地"
            draft[.hukouAddress] = "中关村大街1号"
            draft[.policeStation] = "中关村派出所"
        }
        #expect(Self.problems(Self.with(draft, field, "110108")) == [])
        #expect(Self.problems(Self.with(draft, field, "110000")) == [])
        #expect(Self.problems(Self.with(draft, field, "11010")) == [ArchiveFieldProblem(field, "\(field.label)应为6位行政区划代码")])
        #expect(Self.problems(Self.with(draft, field, "北京市海淀区")) == [ArchiveFieldProblem(field, "\(field.label)应为6位行政区划代码")])
        #expect(Self.problems(Self.with(draft, field, "999999")) == [
            ArchiveFieldProblem(field, "\(field.label)不在国家行政区划代码表（GB/T 2260）中，请从省、市、区县中选择"),
        ])
    }

    @Test("转递方式 from its list; 转递单号 optional, letters and digits, and only with a 转递方式")
    func transfer() {
        #expect(Self.problems(Self.with(Self.good(), .transferMethod, "机要通信")) == [])
        #expect(Self.problems(Self.with(Self.good(), .transferMethod, "顺丰")) == [
            ArchiveFieldProblem(.transferMethod, "转递方式不在代码表中（01 机要通信、02 EMS）"),
        ])
        var sent = Self.with(Self.good(), .transferMethod, "02")
        sent[.trackingNumber] = "1234567890123"
        #expect(Self.problems(sent) == [])
        #expect(Self.problems(Self.with(sent, .trackingNumber, "EA-1234")) == [ArchiveFieldProblem(.trackingNumber, "转递单号只能包含字母和数字")])
        #expect(Self.problems(Self.with(sent, .trackingNumber, "ＥＡ１２３")) == [ArchiveFieldProblem(.trackingNumber, "转递单号只能包含字母和数字")])
        #expect(Self.problems(Self.with(Self.good(), .trackingNumber, "EA123")) == [
            ArchiveFieldProblem(.transferMethod, "填写转递单号时，请选择转递方式"),
        ])
    }

    @Test("texts are bounded and show what they hold")
    func texts() {
        let limits: [(ArchiveField, Int)] = [
            (.receivingUnitName, 100), (.receivingUnitAddress, 200), (.receivingUnitContact, 50), (.transferNote, 200),
        ]
        for (field, limit) in limits {
            #expect(Self.problems(Self.with(Self.good(), field, String(repeating: "档", count: limit))) == [], "\(field)")
            #expect(Self.problems(Self.with(Self.good(), field, String(repeating: "档", count: limit + 1))) == [
                ArchiveFieldProblem(field, "\(field.label)不能超过\(limit)个字符"),
            ], "\(field)")
        }
        let longNumber = Self.with(Self.with(Self.good(), .transferMethod, "01"), .trackingNumber, String(repeating: "1", count: 31))
        #expect(Self.problems(longNumber) == [ArchiveFieldProblem(.trackingNumber, "转递单号不能超过30个字符")])
        let hidden = Self.with(Self.good(), .receivingUnitName, "学信\u{200B}咨询")
        #expect(Self.problems(hidden) == [ArchiveFieldProblem(.receivingUnitName, "档案接收单位名称" + (DisplayText.problem(in: "\u{200B}") ?? ""))])
        let control = Self.with(Self.good(), .receivingUnitAddress, "某路\u{0}1号")
        #expect(Self.problems(control) == [ArchiveFieldProblem(.receivingUnitAddress, "接收单位地址含有控制字符（如换行、制表符或空字符），请删除")])
    }

    @Test("是否迁移户口 is answered 是 or 否")
    func migratesAnswered() {
        #expect(Self.problems(Self.with(Self.good(), .migratesHukou, "")) == [ArchiveFieldProblem(.migratesHukou, "请选择是否迁移户口")])
        #expect(Self.problems(Self.with(Self.good(), .migratesHukou, "也许")) == [
            ArchiveFieldProblem(.migratesHukou, "是否迁移户口不在代码表中（1 是、0 否）"),
        ])
        #expect(Self.values(Self.with(Self.good(), .migratesHukou, "0"))?.migratesHukou == false)
    }

    static var migrating: ArchiveRecordDraft {
        var draft = Self.with(Self.good(), .migratesHukou, "是")
        draft[.hukouMigrationType] = "01"
        draft[.hukouRegion] = "440305"
        draft[.hukouAddress] = "南山区科技园路1号"
        draft[.policeStation] = "粤海派出所"
        return draft
    }

    @Test("迁移户口 needs its type, place, address and 派出所; not migrating, they stay empty")
    func hukouConsistency() {
        #expect(Self.problems(Self.migrating) == [])
        for field in ArchiveField.hukouDestination {
            #expect(Self.problems(Self.with(Self.migrating, field, "")) == [ArchiveFieldProblem(field, "迁移户口时，请填写\(field.label)")], "\(field)")
            let staying = Self.with(Self.with(Self.good(), .migratesHukou, "否"), field, Self.migrating[field])
            #expect(Self.problems(staying) == [ArchiveFieldProblem(field, "不迁移户口时不填写\(field.label)")], "\(field)")
        }
        #expect(Self.problems(Self.with(Self.migrating, .hukouMigrationType, "迁往外国")) == [
            ArchiveFieldProblem(.hukouMigrationType, "户口迁移类型不在代码表中（01 迁回生源地、02 迁至就业单位所在地、03 迁至升学学校、99 其他）"),
        ])
        // Unanswered, the 户口 fields are checked for form only.
        let unanswered = Self.with(Self.with(Self.migrating, .migratesHukou, ""), .hukouRegion, "12345")
        #expect(Self.problems(unanswered) == [
            ArchiveFieldProblem(.migratesHukou, "请选择是否迁移户口"),
            ArchiveFieldProblem(.hukouRegion, "户口迁入地区应为6位行政区划代码"),
        ])
    }

    @Test("every problem at once, in form order")
    func manyAtOnce() {
        var draft = ArchiveRecordDraft([
            .transferType: "单位接收", .receivingUnitRegion: "000000", .receivingUnitPostcode: "abc", .receivingUnitPhone: "110",
            .trackingNumber: "#1", .retentionDeadline: "2025-01-01", .migratesHukou: "是", .hukouRegion: "110108",
        ])
        draft[.receivingUnitContact] = String(repeating: "人", count: 51)
        #expect(Self.problems(draft) == [
            ArchiveFieldProblem(.receivingUnitName, "档案转递类型为“单位接收”时，请填写档案接收单位名称"),
            ArchiveFieldProblem(.receivingUnitRegion, "接收单位所在地不在国家行政区划代码表（GB/T 2260）中，请从省、市、区县中选择"),
            ArchiveFieldProblem(.receivingUnitAddress, "档案转递类型为“单位接收”时，请填写接收单位地址"),
            ArchiveFieldProblem(.receivingUnitPostcode, "邮编应为6位数字"),
            ArchiveFieldProblem(.receivingUnitContact, "联系人不能超过50个字符"),
            ArchiveFieldProblem(.receivingUnitPhone, ContactPhone.problemMessage),
            ArchiveFieldProblem(.transferMethod, "填写转递单号时，请选择转递方式"),
            ArchiveFieldProblem(.trackingNumber, "转递单号只能包含字母和数字"),
            ArchiveFieldProblem(.retentionDeadline, "只有档案转递类型为“保留原校”时才填写保留期限"),
            ArchiveFieldProblem(.hukouMigrationType, "迁移户口时，请填写户口迁移类型"),
            ArchiveFieldProblem(.hukouAddress, "迁移户口时，请填写户口迁入详细地址"),
            ArchiveFieldProblem(.policeStation, "迁移户口时，请填写接收派出所"),
        ])
    }

    @Test("API field names are camelCase and unique; labels are unique")
    func fieldNames() {
        #expect(Set(ArchiveField.allCases.map(\.rawValue)).count == ArchiveField.allCases.count)
        #expect(Set(ArchiveField.allCases.map(\.label)).count == ArchiveField.allCases.count)
        for field in ArchiveField.allCases {
            #expect(field.rawValue.first?.isLowercase == true && field.rawValue.allSatisfy { $0.isASCII && $0.isLetter }, "\(field)")
        }
    }
}
