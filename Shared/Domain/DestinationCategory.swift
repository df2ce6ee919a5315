import Foundation

/// 毕业去向 (DOMAIN.md §7), the national code list. The agreement flows (§4.1–§4.3) produce
/// code 10; a 毕业去向登记 (§4.6) registers any of the others, each with its own fields.
public enum DestinationCategory: String, CodeList, Sendable, Codable {
    case agreement = "10"
    case labourContract = "11"
    case otherEmployment = "12"
    case researchAssistant = "27"
    case conscript = "46"
    case nationalGrassroots = "50"
    case localGrassroots = "51"
    case selfEmployed = "75"
    case freelance = "76"
    case furtherStudy = "80"
    case abroad = "85"
    case awaitingEmployment = "70"
    case preparingForStudy = "71"
    case otherNotEmployed = "72"

    public var name: String {
        switch self {
        case .agreement: "签就业协议形式就业"
        case .labourContract: "签劳动合同形式就业"
        case .otherEmployment: "其他录用形式就业"
        case .researchAssistant: "科研助理、管理助理"
        case .conscript: "应征义务兵"
        case .nationalGrassroots: "国家基层项目"
        case .localGrassroots: "地方基层项目"
        case .selfEmployed: "自主创业"
        case .freelance: "自由职业"
        case .furtherStudy: "升学"
        case .abroad: "出国、出境"
        case .awaitingEmployment: "待就业"
        case .preparingForStudy: "不就业拟升学"
        case .otherNotEmployed: "其他暂不就业"
        }
    }

    /// The categories a 毕业去向登记 may register (code 10 comes only from an agreement).
    public static var registrable: [DestinationCategory] { Self.allCases.filter { $0 != .agreement } }

    /// Counts towards 落实率: employment or study (§7: 就业人数 = 总数 − 70/71/72 − nothing registered).
    public var isPlaced: Bool { ![.awaitingEmployment, .preparingForStudy, .otherNotEmployed].contains(self) }

    /// Employment at a unit: what a 定向/委培 graduate registers for their unit (§4.6).
    public var isEmploymentAtUnit: Bool { [.labourContract, .otherEmployment, .researchAssistant].contains(self) }

    /// The proof people upload (录取通知书, 劳动合同 …); the not-placed categories need none.
    public var proofName: String? {
        switch self {
        case .agreement: "就业协议书"
        case .labourContract: "劳动合同"
        case .otherEmployment, .researchAssistant: "录用证明"
        case .conscript: "入伍通知书"
        case .nationalGrassroots, .localGrassroots: "基层项目录取或服务证明"
        case .selfEmployed: "营业执照"
        case .freelance: "自由职业情况说明"
        case .furtherStudy: "录取通知书"
        case .abroad: "录取通知书或工作证明"
        case .awaitingEmployment, .preparingForStudy, .otherNotEmployed: nil
        }
    }

    /// The fields of this category, in the order forms show them.
    public var fields: [DestinationField] {
        switch self {
        case .agreement:
            []
        case .labourContract, .otherEmployment:
            [.unitName, .creditCode, .unitRegion, .jobTitle]
        case .researchAssistant:
            [.unitName, .unitRegion, .jobTitle]
        case .conscript:
            [.enlistmentRegion]
        case .nationalGrassroots, .localGrassroots:
            [.projectName, .serviceUnit, .unitRegion]
        case .selfEmployed:
            [.enterpriseName, .creditCode, .unitRegion]
        case .freelance:
            [.occupation, .unitRegion]
        case .furtherStudy:
            [.admittingSchool, .admittedMajor, .studyLevel]
        case .abroad:
            [.country, .schoolOrUnit]
        case .awaitingEmployment, .preparingForStudy, .otherNotEmployed:
            [.remark]
        }
    }

    /// The name lists show for a registration: the unit, school or project.
    public func summary(of values: [String: String]) -> String {
        for field in [DestinationField.unitName, .enterpriseName, .admittingSchool, .schoolOrUnit, .projectName, .occupation] {
            if let value = values[field.rawValue], !value.isEmpty { return value }
        }
        return ""
    }
}

/// One field of a 毕业去向登记 and how it is checked.
public enum DestinationField: String, CaseIterable, Sendable, Codable {
    case unitName
    case creditCode
    case unitRegion
    case jobTitle
    case enlistmentRegion
    case projectName
    case serviceUnit
    case enterpriseName
    case occupation
    case admittingSchool
    case admittedMajor
    case studyLevel
    case country
    case schoolOrUnit
    case remark

    public var label: String {
        switch self {
        case .unitName: "单位名称"
        case .creditCode: "统一社会信用代码"
        case .unitRegion: "所在地（行政区划代码）"
        case .jobTitle: "岗位名称"
        case .enlistmentRegion: "入伍地（行政区划代码）"
        case .projectName: "项目名称"
        case .serviceUnit: "服务单位"
        case .enterpriseName: "企业名称"
        case .occupation: "从业内容"
        case .admittingSchool: "录取学校"
        case .admittedMajor: "录取专业"
        case .studyLevel: "学历层次"
        case .country: "国家/地区"
        case .schoolOrUnit: "学校或单位"
        case .remark: "说明"
        }
    }

    public var isRequired: Bool { self != .remark }

    /// The longest text accepted.
    public var maxLength: Int { self == .remark ? 200 : 100 }
}

/// Why a registration's fields were refused: the field and a Chinese message.
public struct DestinationFieldError: Error, Sendable, Equatable {
    public var field: String
    public var message: String
}

extension DestinationCategory {
    /// The category's fields, trimmed and checked; fields of other categories are dropped.
    public func checked(_ values: [String: String]) throws(DestinationFieldError) -> [String: String] {
        var result: [String: String] = [:]
        for field in self.fields {
            let value = (values[field.rawValue] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                if field.isRequired { throw DestinationFieldError(field: field.rawValue, message: "请填写\(field.label)") }
                continue
            }
            guard value.count <= field.maxLength else {
                throw DestinationFieldError(field: field.rawValue, message: "\(field.label)最多\(field.maxLength)字")
            }
            switch field {
            case .creditCode:
                do {
                    result[field.rawValue] = try CreditCode(value).value
                } catch {
                    throw DestinationFieldError(field: field.rawValue, message: error.message)
                }
                continue
            case .unitRegion, .enlistmentRegion:
                do {
                    _ = try RegionCode(value)
                } catch {
                    let name = field.label.prefix(while: { $0 != "（" })
                    let message = switch error {
                    case .wrongFormat: "\(name)应为6位行政区划代码"
                    case .unknownProvince: "\(name)的行政区划代码不正确（前两位不是有效的省级代码）"
                    case .unknownCode: "\(name)的行政区划代码不在国家行政区划代码表（GB/T 2260）中，请从省、市、区县中选择"
                    }
                    throw DestinationFieldError(field: field.rawValue, message: message)
                }
            case .studyLevel:
                guard let level = StudyLevel(codeOrName: value) else {
                    throw DestinationFieldError(field: field.rawValue, message: "学历层次应为硕士研究生、博士研究生、第二学士学位或专升本")
                }
                result[field.rawValue] = level.rawValue
                continue
            default:
                break
            }
            result[field.rawValue] = value
        }
        return result
    }
}

/// 学历层次 of 升学 (§7).
public enum StudyLevel: String, CodeList, Sendable, Codable {
    case master = "11"
    case doctorate = "01"
    case secondBachelor = "32"
    case associateToBachelor = "33"

    public var name: String {
        switch self {
        case .master: "硕士研究生"
        case .doctorate: "博士研究生"
        case .secondBachelor: "第二学士学位"
        case .associateToBachelor: "专升本"
        }
    }
}

/// The national rule (§7): a graduate's destination may change until 31 August of the
/// graduation year; after that only the school changes it.
public enum DestinationChangeDeadline {
    /// The first moment (Unix milliseconds, Beijing 1 September 00:00) when graduates and
    /// employers can no longer change the destination of a 届别.
    public static func closes(cohort: Int) -> Int64 {
        BeijingTime.startOfDay(String(format: "%04d-09-01", cohort)) ?? .max
    }

    public static func isOpen(cohort: Int, now: Int64) -> Bool { now < Self.closes(cohort: cohort) }

    public static func closedMessage(cohort: Int) -> String {
        "已过\(cohort)年8月31日，毕业去向的变更只能由学校办理"
    }
}
