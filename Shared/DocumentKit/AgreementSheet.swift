public import Foundation

/// Everything printed on a 就业协议书 (DOMAIN.md §6), as display values: the esigning
/// service fills it from the agreement, the employer and the roster. Codes (学历, 培养方式,
/// 行政区划, …) arrive as the names people read. Times are instants, printed in Beijing time.
public struct AgreementSheet: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case twoParty = "两方协议"
        case threeParty = "三方协议"
    }

    /// 甲方 (用人单位).
    public struct Employer: Sendable, Hashable, Codable {
        public var name: String
        /// 统一社会信用代码
        public var creditCode: String
        /// 单位性质
        public var nature: String
        /// 单位行业
        public var industry: String
        /// 单位所在地 (e.g. "北京市海淀区" or "110108 北京市海淀区")
        public var location: String
        public var address: String
        public var contact: String
        public var phone: String
        public var email: String

        public init(name: String, creditCode: String, nature: String, industry: String, location: String, address: String, contact: String, phone: String, email: String) {
            self.name = name
            self.creditCode = creditCode
            self.nature = nature
            self.industry = industry
            self.location = location
            self.address = address
            self.contact = contact
            self.phone = phone
            self.email = email
        }
    }

    /// The post and its terms.
    public struct Job: Sendable, Hashable, Codable {
        /// 岗位名称
        public var title: String
        /// 工作地点
        public var workplace: String
        /// 月薪, whole 元
        public var monthlySalaryYuan: Int
        /// 试用期 in months; 0 means none
        public var probationMonths: Int
        /// 合同期限 (e.g. "3年" or "2024年7月1日至2027年6月30日")
        public var contractTerm: String
        /// 其他约定; may be long, it continues on the next page
        public var otherTerms: String

        public init(title: String, workplace: String, monthlySalaryYuan: Int, probationMonths: Int, contractTerm: String, otherTerms: String) {
            self.title = title
            self.workplace = workplace
            self.monthlySalaryYuan = monthlySalaryYuan
            self.probationMonths = probationMonths
            self.contractTerm = contractTerm
            self.otherTerms = otherTerms
        }
    }

    /// 乙方 (毕业生), from the roster.
    public struct Graduate: Sendable, Hashable, Codable {
        public var name: String
        public var gender: String
        /// 身份证号
        public var idNumber: String
        public var school: String
        /// 院系
        public var department: String
        /// 专业
        public var major: String
        /// 学历
        public var educationLevel: String
        /// 毕业时间 (e.g. "2024年6月" or "202406")
        public var graduationDate: String
        /// 培养方式
        public var trainingMode: String
        /// 生源地
        public var origin: String
        public var phone: String

        public init(name: String, gender: String, idNumber: String, school: String, department: String, major: String, educationLevel: String, graduationDate: String, trainingMode: String, origin: String, phone: String) {
            self.name = name
            self.gender = gender
            self.idNumber = idNumber
            self.school = school
            self.department = department
            self.major = major
            self.educationLevel = educationLevel
            self.graduationDate = graduationDate
            self.trainingMode = trainingMode
            self.origin = origin
            self.phone = phone
        }
    }

    /// 丙方 (学校): the school's employment office and its opinion.
    public struct School: Sendable, Hashable, Codable {
        public var name: String
        /// 就业部门 (e.g. "学生就业指导中心")
        public var office: String
        public var contact: String
        public var phone: String
        /// 通讯地址
        public var address: String
        /// 邮编
        public var postcode: String
        /// 学校意见
        public var opinion: String

        public init(name: String, office: String, contact: String, phone: String, address: String, postcode: String, opinion: String) {
            self.name = name
            self.office = office
            self.contact = contact
            self.phone = phone
            self.address = address
            self.postcode = postcode
            self.opinion = opinion
        }
    }

    /// When each party signed; nil for a party that has not signed (yet).
    public struct SigningTimes: Sendable, Hashable, Codable {
        public var employer: Date?
        public var graduate: Date?
        public var school: Date?

        public init(employer: Date? = nil, graduate: Date? = nil, school: Date? = nil) {
            self.employer = employer
            self.graduate = graduate
            self.school = school
        }
    }

    /// 协议编号: 19 digits, or nil before the agreement takes effect.
    public var number: String?
    public var kind: Kind
    /// The status as people read it (e.g. "已生效", "已解约").
    public var status: String
    public var employer: Employer
    public var job: Job
    public var graduate: Graduate
    public var school: School
    public var signedAt: SigningTimes
    /// The verification link: encoded in the QR code and printed under it.
    public var verificationURL: String
    /// When this PDF was issued; also the PDF's creation date, so a re-render is identical.
    public var issuedAt: Date
    public var voided: Bool
    public var voidReason: String?

    public init(
        number: String?, kind: Kind, status: String, employer: Employer, job: Job, graduate: Graduate, school: School,
        signedAt: SigningTimes, verificationURL: String, issuedAt: Date, voided: Bool = false, voidReason: String? = nil
    ) {
        self.number = number
        self.kind = kind
        self.status = status
        self.employer = employer
        self.job = job
        self.graduate = graduate
        self.school = school
        self.signedAt = signedAt
        self.verificationURL = verificationURL
        self.issuedAt = issuedAt
        self.voided = voided
        self.voidReason = voidReason
    }

    /// What the number field shows before the agreement takes effect (the list's wording).
    public static let pendingNumberText = "签约信息生效后生成"

    /// The number as printed.
    public var numberText: String { self.number ?? Self.pendingNumberText }
}
