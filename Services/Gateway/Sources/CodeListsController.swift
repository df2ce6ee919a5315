import ESigningDomain
import GraduateDomain
import Hummingbird

/// `GET /api/v1/code-lists`: the code lists forms offer (学历, 培养方式, 性别, 单位性质, 行业, 签约状态,
/// 毕业去向 with their fields, 升学的学历层次, 解约 and 去向登记 statuses, 数据统计's columns), each entry
/// as its code and name, from the domain so the console never keeps its own copy. No token:
/// the lists are public knowledge and the sign-up forms need them.
struct CodeListsController {
    struct Entry: Encodable, Sendable {
        var code: String
        var name: String
    }

    /// A §7 category a 毕业去向登记 may register, with the form it needs.
    struct DestinationCategoryEntry: Encodable, Sendable {
        struct Field: Encodable, Sendable {
            var key: String
            var label: String
            var required: Bool
        }

        var code: String
        var name: String
        /// Counts towards 落实率.
        var placed: Bool
        /// The proof to upload (录取通知书, 劳动合同 …); null: none.
        var proofName: String?
        var fields: [Field]

        init(_ category: DestinationCategory) {
            self.code = category.rawValue
            self.name = category.name
            self.placed = category.isPlaced
            self.proofName = category.proofName
            self.fields = category.fields.map { Field(key: $0.rawValue, label: $0.label, required: $0.isRequired) }
        }

        enum CodingKeys: String, CodingKey {
            case code, name, placed, proofName, fields
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.code, forKey: .code)
            try container.encode(self.name, forKey: .name)
            try container.encode(self.placed, forKey: .placed)
            try container.encode(self.proofName, forKey: .proofName)
            try container.encode(self.fields, forKey: .fields)
        }
    }

    struct Column: Encodable, Sendable {
        var key: String
        var name: String
    }

    struct Lists: Encodable, Sendable {
        var educationLevels: [Entry]
        var trainingModes: [Entry]
        var genders: [Entry]
        var employerNatures: [Entry]
        var industries: [Entry]
        /// The signing statuses with their names as DOMAIN.md spells them (list filters).
        var signingStatuses: [Entry]
        /// The categories a 毕业去向登记 may register (not 10, which only agreements give).
        var destinationCategories: [DestinationCategoryEntry]
        /// 升学's 学历层次 (the `studyLevel` field).
        var studyLevels: [Entry]
        var terminationStatuses: [Entry]
        var registrationStatuses: [Entry]
        /// 数据统计's columns, in the table's order.
        var statisticsColumns: [Column]
    }

    static func entries<List: CodeList>(_ list: List.Type) -> [Entry] {
        list.allCases.map { Entry(code: $0.rawValue, name: $0.name) }
    }

    static let lists = Lists(
        educationLevels: entries(EducationLevel.self),
        trainingModes: entries(TrainingMode.self),
        genders: entries(Gender.self),
        employerNatures: entries(EmployerNature.self),
        industries: entries(Industry.self),
        signingStatuses: AgreementStatus.allCases.map { Entry(code: $0.rawValue, name: $0.name) },
        destinationCategories: DestinationCategory.registrable.map(DestinationCategoryEntry.init),
        studyLevels: entries(StudyLevel.self),
        terminationStatuses: TerminationStatus.allCases.map { Entry(code: $0.rawValue, name: $0.name) },
        registrationStatuses: RegistrationStatus.allCases.map { Entry(code: $0.rawValue, name: $0.name) },
        statisticsColumns: StatisticsColumn.allCases.map { Column(key: $0.rawValue, name: $0.name) }
    )

    func register(with router: Router<GatewayContext>) {
        router.group("api/v1").get("code-lists") { _, _ in
            JSONResponse(value: Self.lists)
        }
    }
}
