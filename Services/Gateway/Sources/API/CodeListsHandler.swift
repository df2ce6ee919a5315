import GraduateDomain
import HTTPTypes
import Logging
import GRPCCore
import GraduateProto
import RPCTransport
import Synchronization

/// 代码表 (`GET /api/v1/code-lists`): the code lists forms offer, each entry as its code and
/// name. The roster's and employers' lists (学历, 培养方式, 性别, 单位性质, 行业) are the shared
/// domain's; signing's (签约、解约、去向登记 statuses, the registrable 毕业去向 with their fields,
/// 升学的学历层次, 数据统计's columns) are e-signing's, asked once and kept, so the console never
/// keeps its own copy and the gateway no domain of a service. No token: the lists are public
/// knowledge and the sign-up forms need them.
final class CodeListsHandler<Transport: GRPCCore.ClientTransport>: Sendable {
    let esigning: ClientPool<Transport>
    private let cached = Mutex<Components.Schemas.CodeLists?>(nil)

    init(esigning: ClientPool<Transport>) {
        self.esigning = esigning
    }

    static func entries<List: CodeList>(_ list: List.Type) -> [Components.Schemas.CodeEntry] {
        list.allCases.map { .init(code: $0.rawValue, name: $0.name) }
    }

    func lists() async throws -> Components.Schemas.CodeLists {
        if let lists = self.cached.withLock({ $0 }) { return lists }
        let api = Graduate_Esigning_V1_ESigning.Client(wrapping: self.esigning.client)
        let request = try GatewayRequest.require()
        let signing: Graduate_Esigning_V1_SigningCodeLists
        do {
            signing = try await request.forward { try await api.getCodeLists(.init(), metadata: $0) }
        } catch let error as APIError where error.status == .serviceUnavailable || error.status == .gatewayTimeout {
            // E-signing is down: the shared lists still serve employers' registration and the
            // roster (nothing of signing works meanwhile); not kept, so the next request asks again.
            request.logger.warning("code lists served without e-signing's", metadata: ["status": "\(error.status.code)"])
            return Self.lists(signing: .init())
        }
        let lists = Self.lists(signing: signing)
        self.cached.withLock { $0 = lists }
        return lists
    }

    static func lists(signing: Graduate_Esigning_V1_SigningCodeLists) -> Components.Schemas.CodeLists {
        func entries(_ list: [Graduate_Esigning_V1_CodeEntry]) -> [Components.Schemas.CodeEntry] {
            list.map { .init(code: $0.code, name: $0.name) }
        }
        return Components.Schemas.CodeLists(
            educationLevels: Self.entries(EducationLevel.self),
            trainingModes: Self.entries(TrainingMode.self),
            genders: Self.entries(Gender.self),
            employerNatures: Self.entries(EmployerNature.self),
            industries: Self.entries(Industry.self),
            signingStatuses: entries(signing.signingStatuses),
            destinationCategories: signing.destinationCategories.map { category in
                .init(
                    code: category.code, name: category.name, placed: category.placed, proofName: APIValues.text(category.proofName),
                    fields: category.fields.map { .init(key: $0.key, label: $0.label, required: $0.required) }
                )
            },
            studyLevels: entries(signing.studyLevels),
            terminationStatuses: entries(signing.terminationStatuses),
            registrationStatuses: entries(signing.registrationStatuses),
            statisticsColumns: signing.statisticsColumns.map { .init(key: $0.code, name: $0.name) }
        )
    }
}

extension GatewayAPI {
    func getCodeLists(_ input: Operations.GetCodeLists.Input) async throws -> Operations.GetCodeLists.Output {
        .ok(.init(body: .json(try await self.codeLists.lists())))
    }

    /// 行政区划 one level at a time, for the province → city → county pickers (GraduateDomain's
    /// GB/T 2260 table: the same names every service prints).
    func getRegions(_ input: Operations.GetRegions.Input) async throws -> Operations.GetRegions.Output {
        if let parent = input.query.parent, !Regions.isKnown(parent) {
            throw APIError(status: .notFound, code: "not_found", message: "没有这个行政区划代码：\(parent)", field: "parent")
        }
        let items = Regions.children(of: input.query.parent).map { region in
            Components.Schemas.Region(
                code: region.code, name: region.name, fullName: Regions.fullName(of: region.code) ?? region.name,
                hasChildren: !Regions.children(of: region.code).isEmpty
            )
        }
        return .ok(.init(body: .json(.init(items: items))))
    }
}
