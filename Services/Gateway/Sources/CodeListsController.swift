import ESigningDomain
import GraduateDomain
import Hummingbird

/// `GET /api/v1/code-lists`: the code lists forms offer (学历, 培养方式, 性别, 单位性质, 行业, 签约状态), each entry as its
/// code and name, from GraduateDomain so the console never keeps its own copy. No token:
/// the lists are public knowledge and the sign-up forms need them.
struct CodeListsController {
    struct Entry: Encodable, Sendable {
        var code: String
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
        signingStatuses: AgreementStatus.allCases.map { Entry(code: $0.rawValue, name: $0.name) }
    )

    func register(with router: Router<GatewayContext>) {
        router.group("api/v1").get("code-lists") { _, _ in
            JSONResponse(value: Self.lists)
        }
    }
}
