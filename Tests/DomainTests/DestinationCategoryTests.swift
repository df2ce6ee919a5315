import GraduateDomain
import Testing

/// 毕业去向 (DOMAIN.md §7): the code list, each category's fields and their checks, and the
/// 31 August rule.
@Suite("Destination categories (§7)")
struct DestinationCategoryTests {
    /// A valid credit code (GB 32100 check character worked out by hand for these 17) and one
    /// with the wrong check character.
    static let creditCode = "91110108MA01ABCD1E"
    static let badCreditCode = "91110108MA01ABCD1F"

    /// A valid value for every field.
    static let valid: [DestinationField: String] = [
        .unitName: "北京示范科技有限公司", .creditCode: creditCode, .unitRegion: "110108", .jobTitle: "软件工程师",
        .enlistmentRegion: "320102", .projectName: "大学生志愿服务西部计划", .serviceUnit: "某县人民政府",
        .enterpriseName: "杭州某某创意设计工作室", .occupation: "独立插画设计", .admittingSchool: "北京大学",
        .admittedMajor: "计算机科学与技术", .studyLevel: "11", .country: "英国", .schoolOrUnit: "剑桥大学",
        .remark: "准备考公",
    ]

    /// Each category's fields, written out from §7 (升学: 录取学校, 录取专业, 学历层次; 出国出境:
    /// 国家/地区, 学校或单位; 自主创业: 企业名称, 统一社会信用代码, 所在地; 基层项目: 项目名称, 服务单位 …).
    static let expectedFields: [DestinationCategory: [DestinationField]] = [
        .agreement: [],
        .labourContract: [.unitName, .creditCode, .unitRegion, .jobTitle],
        .otherEmployment: [.unitName, .creditCode, .unitRegion, .jobTitle],
        .researchAssistant: [.unitName, .unitRegion, .jobTitle],
        .conscript: [.enlistmentRegion],
        .nationalGrassroots: [.projectName, .serviceUnit, .unitRegion],
        .localGrassroots: [.projectName, .serviceUnit, .unitRegion],
        .selfEmployed: [.enterpriseName, .creditCode, .unitRegion],
        .freelance: [.occupation, .unitRegion],
        .furtherStudy: [.admittingSchool, .admittedMajor, .studyLevel],
        .abroad: [.country, .schoolOrUnit],
        .awaitingEmployment: [.remark],
        .preparingForStudy: [.remark],
        .otherNotEmployed: [.remark],
    ]

    static func values(_ fields: [DestinationField], padded: Bool = false) -> [String: String] {
        var values: [String: String] = [:]
        for field in fields { values[field.rawValue] = padded ? "  \(Self.valid[field] ?? "")\n" : Self.valid[field] }
        return values
    }

    static func check(_ category: DestinationCategory, _ values: [String: String]) -> Result<[String: String], DestinationFieldError> {
        do {
            let checked = try category.checked(values)
            return .success(checked)
        } catch {
            return .failure(error)
        }
    }

    @Test("the national codes and names of §7")
    func codes() {
        let expected: [(String, String)] = [
            ("10", "签就业协议形式就业"), ("11", "签劳动合同形式就业"), ("12", "其他录用形式就业"), ("27", "科研助理、管理助理"),
            ("46", "应征义务兵"), ("50", "国家基层项目"), ("51", "地方基层项目"), ("75", "自主创业"), ("76", "自由职业"),
            ("80", "升学"), ("85", "出国、出境"), ("70", "待就业"), ("71", "不就业拟升学"), ("72", "其他暂不就业"),
        ]
        #expect(DestinationCategory.allCases.count == expected.count)
        for (code, name) in expected {
            #expect(DestinationCategory(rawValue: code)?.name == name, "\(code)")
        }
    }

    @Test("registrable: every category but 10, which only an agreement produces")
    func registrable() {
        #expect(!DestinationCategory.registrable.contains(.agreement))
        #expect(Set(DestinationCategory.registrable) == Set(DestinationCategory.allCases).subtracting([.agreement]))
        #expect(DestinationCategory.registrable.count == 13)
    }

    @Test("isPlaced is false exactly for 70, 71 and 72; those need no proof")
    func placed() {
        for category in DestinationCategory.allCases {
            let notPlaced = ["70", "71", "72"].contains(category.rawValue)
            #expect(category.isPlaced == !notPlaced, "\(category.rawValue)")
            #expect((category.proofName == nil) == notPlaced, "\(category.rawValue)")
        }
        #expect(DestinationCategory.furtherStudy.proofName == "录取通知书")
        #expect(DestinationCategory.labourContract.proofName == "劳动合同")
    }

    @Test("each category has the fields of §7")
    func fields() {
        for category in DestinationCategory.allCases {
            #expect(category.fields == Self.expectedFields[category], "\(category.rawValue)")
        }
    }

    @Test("each registrable category with valid fields passes and keeps only its own fields, trimmed")
    func validPasses() throws {
        // Every field present (so other categories' fields must be dropped), padded with blanks.
        let everything = Self.values(DestinationField.allCases, padded: true)
        for category in DestinationCategory.registrable {
            let result = try category.checked(everything)
            #expect(Set(result.keys) == Set(category.fields.map(\.rawValue)), "\(category.rawValue): \(result.keys.sorted())")
            for field in category.fields {
                #expect(result[field.rawValue] == Self.valid[field], "\(category.rawValue) \(field)")
            }
            // Exactly its own fields, unpadded, give the same.
            let own = try category.checked(Self.values(category.fields))
            #expect(own == result, "\(category.rawValue)")
        }
    }

    @Test("a missing or blank required field is refused naming that field")
    func missingField() {
        for category in DestinationCategory.registrable {
            for field in category.fields where field != .remark {
                for blank in [nil, "", "   "] as [String?] {
                    var values = Self.values(category.fields)
                    values[field.rawValue] = blank
                    let result = Self.check(category, values)
                    #expect(result.error?.field == field.rawValue, "\(category.rawValue) without \(field)")
                    #expect(result.error?.message == "请填写\(field.label)")
                }
            }
        }
    }

    @Test("the remark of the not-placed categories is optional but limited to 200 characters")
    func remark() throws {
        for category in [DestinationCategory.awaitingEmployment, .preparingForStudy, .otherNotEmployed] {
            #expect(try category.checked([:]) == [:])
            #expect(try category.checked(["remark": "  "]) == [:])
            #expect(try category.checked(["remark": " 在家备考 "]) == ["remark": "在家备考"])
            let longest = String(repeating: "备", count: 200)
            #expect(try category.checked(["remark": longest]) == ["remark": longest])
            #expect(Self.check(category, ["remark": longest + "考"]).error?.field == "remark")
        }
    }

    @Test("overlong text is refused: at most 100 characters in a field")
    func overlong() throws {
        let longest = String(repeating: "某", count: 100)
        var values = Self.values(DestinationCategory.researchAssistant.fields)
        values["unitName"] = longest
        #expect(try DestinationCategory.researchAssistant.checked(values)["unitName"] == longest)
        values["unitName"] = longest + "某"
        let refused = Self.check(.researchAssistant, values)
        #expect(refused.error?.field == "unitName")
        #expect(refused.error?.message.contains("100") == true)
        var study = Self.values(DestinationCategory.furtherStudy.fields)
        study["admittedMajor"] = String(repeating: "a", count: 101)
        #expect(Self.check(.furtherStudy, study).error?.field == "admittedMajor")
    }

    @Test("a bad 统一社会信用代码 is refused naming the field; a lower-case one is normalised")
    func creditCode() throws {
        for category in [DestinationCategory.labourContract, .otherEmployment, .selfEmployed] {
            for bad in [Self.badCreditCode, "91110108MA01ABCD1", "91110108MA01ABCDIE"] {
                var values = Self.values(category.fields)
                values["creditCode"] = bad
                let result = Self.check(category, values)
                #expect(result.error?.field == "creditCode", "\(category.rawValue) \(bad)")
                #expect(result.error?.message.contains("统一社会信用代码") == true)
            }
            var lower = Self.values(category.fields)
            lower["creditCode"] = Self.creditCode.lowercased()
            #expect(try category.checked(lower)["creditCode"] == Self.creditCode)
        }
    }

    @Test("a bad region code is refused naming the field")
    func regionCode() {
        let cases: [(DestinationCategory, DestinationField)] = [
            (.labourContract, .unitRegion), (.researchAssistant, .unitRegion), (.nationalGrassroots, .unitRegion),
            (.selfEmployed, .unitRegion), (.freelance, .unitRegion), (.conscript, .enlistmentRegion),
        ]
        for (category, field) in cases {
            for bad in ["11010", "1101080", "99010A", "990108", "北京市海淀区"] {
                var values = Self.values(category.fields)
                values[field.rawValue] = bad
                #expect(Self.check(category, values).error?.field == field.rawValue, "\(category.rawValue) \(field) \(bad)")
            }
        }
    }

    @Test("学历层次 takes the code or the name and stores the code; anything else is refused")
    func studyLevel() throws {
        var values = Self.values(DestinationCategory.furtherStudy.fields)
        for (given, stored) in [("11", "11"), ("01", "01"), ("32", "32"), ("33", "33"), ("硕士研究生", "11"), ("博士研究生", "01"),
                                ("第二学士学位", "32"), (" 专升本 ", "33")] {
            values["studyLevel"] = given
            #expect(try DestinationCategory.furtherStudy.checked(values)["studyLevel"] == stored, "\(given)")
        }
        for bad in ["本科", "12", "master"] {
            values["studyLevel"] = bad
            #expect(Self.check(.furtherStudy, values).error?.field == "studyLevel", "\(bad)")
        }
    }

    @Test("the list summary names the unit, school or project")
    func summary() {
        #expect(DestinationCategory.furtherStudy.summary(of: ["admittingSchool": "北京大学", "admittedMajor": "数学"]) == "北京大学")
        #expect(DestinationCategory.selfEmployed.summary(of: ["enterpriseName": "某工作室"]) == "某工作室")
        #expect(DestinationCategory.awaitingEmployment.summary(of: ["remark": "备考"]) == "")
    }

    // MARK: - 31 August

    /// 2027-09-01 00:00 in Beijing (UTC+8) = 2027-08-31 16:00 UTC. 2027-01-01 00:00 UTC is
    /// 1_798_761_600 s; 1 January to 31 August is 242 days (31+28+31+30+31+30+31+30), so
    /// 2027-08-31 00:00 UTC is 1_798_761_600 + 242 × 86_400 = 1_819_670_400 s, plus 16 h.
    static let september2027 = Int64(1_819_670_400 + 16 * 3_600) * 1_000

    @Test("destinations may change until 31 August 23:59:59 Beijing time, not from 1 September")
    func deadline() {
        #expect(Self.september2027 == 1_819_728_000_000)
        #expect(DestinationChangeDeadline.closes(cohort: 2027) == Self.september2027)
        #expect(DestinationChangeDeadline.isOpen(cohort: 2027, now: Self.september2027 - 1_000))   // 23:59:59
        #expect(DestinationChangeDeadline.isOpen(cohort: 2027, now: Self.september2027 - 1))
        #expect(!DestinationChangeDeadline.isOpen(cohort: 2027, now: Self.september2027))          // 00:00
        #expect(!DestinationChangeDeadline.isOpen(cohort: 2027, now: Self.september2027 + 86_400_000))
        // Midnight UTC on 1 September is already 08:00 in Beijing: closed.
        #expect(!DestinationChangeDeadline.isOpen(cohort: 2027, now: Self.september2027 + 8 * 3_600_000))
        // A leap year: 2024-09-01 00:00 +08:00 is 1_725_120_000 s.
        #expect(DestinationChangeDeadline.closes(cohort: 2024) == 1_725_120_000_000)
        // A later cohort is still open when an earlier one has closed.
        #expect(DestinationChangeDeadline.isOpen(cohort: 2028, now: Self.september2027))
        #expect(DestinationChangeDeadline.closedMessage(cohort: 2027).contains("2027年8月31日"))
    }
}

extension Result {
    var error: Failure? { if case .failure(let error) = self { error } else { nil } }
}
