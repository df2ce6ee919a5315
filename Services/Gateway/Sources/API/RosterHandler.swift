import Foundation
import GraduateDomain
import GRPCCore
import GraduateProto
import OpenAPIRuntime
import RPCTransport

/// 学生名单管理: the roster (list with filters and paging, add, edit, remove, 培养方式 changes
/// and their log) and its file import, on the generated API.
struct RosterHandler<Transport: GRPCCore.ClientTransport> {
    let accounts: ClientPool<Transport>
    /// For the list's 业务 tags: the graduates' signing business lives in e-signing.
    let esigning: ClientPool<Transport>

    private var api: Graduate_Accounts_V1_Accounts.Client<Transport> { .init(wrapping: self.accounts.client) }

    /// The list's filters, as the list and its Excel export share them.
    static func listRequest(_ query: Operations.GetGraduates.Input.Query) -> Graduate_Accounts_V1_ListGraduatesRequest {
        var rpc = Graduate_Accounts_V1_ListGraduatesRequest()
        rpc.department = query.department ?? ""
        rpc.major = query.major ?? ""
        rpc.educationLevel = query.educationLevel ?? ""
        rpc.trainingMode = query.trainingMode ?? ""
        rpc.query = query.q ?? ""
        rpc.cohort = query.cohort ?? 0
        rpc.pageSize = query.pageSize ?? 0
        rpc.pageToken = query.pageToken ?? ""
        return rpc
    }

    func export(_ query: Operations.GetGraduates.Input.Query) async throws -> Graduate_Accounts_V1_RosterExport {
        let rpc = Self.listRequest(query)
        return try await GatewayRequest.require().forward { try await self.api.exportGraduates(rpc, metadata: $0) }
    }

    func list(_ query: Operations.GetGraduates.Input.Query) async throws -> Operations.GetGraduates.Output.Ok.Body.JsonPayload {
        let rpc = Self.listRequest(query)
        let request = try GatewayRequest.require()
        let response = try await request.forward { try await self.api.listGraduates(rpc, metadata: $0) }
        // The roster is accounts' own: when e-signing cannot answer, the list still comes,
        // without its 业务 tags (left out, not shown as none).
        let business = try? await self.business(of: response.graduates.map(\.id), request)
        return .init(
            items: response.graduates.map { graduate in
                var item = Components.Schemas.Graduate(graduate)
                item.business = business.map { tags in
                    (tags[graduate.id] ?? []).compactMap(Components.Schemas.SigningBusinessTag.init(rawValue:))
                }
                return item
            },
            total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        )
    }

    /// The page's 业务 tags by graduate id, from e-signing (one call per page).
    /// (A preview asks for up to 1,000 graduates: e-signing answers 200 at a time.)
    private func business(of ids: [String], _ request: GatewayRequest) async throws -> [String: [String]] {
        let signing = Graduate_Esigning_V1_ESigning.Client(wrapping: self.esigning.client)
        var tags: [String: [String]] = [:]
        for start in stride(from: 0, to: ids.count, by: 200) {
            var rpc = Graduate_Esigning_V1_GetGraduateBusinessRequest()
            rpc.graduateIds = Array(ids[start..<min(ids.count, start + 200)])
            let response = try await request.forward { try await signing.getGraduateBusiness(rpc, metadata: $0) }
            for graduate in response.graduates where tags[graduate.graduateID] == nil { tags[graduate.graduateID] = graduate.tags }
        }
        return tags
    }

    func add(_ body: Components.Schemas.NewGraduate) async throws -> Components.Schemas.Graduate {
        var graduate = Graduate_Accounts_V1_Graduate()
        graduate.department = body.department
        graduate.major = body.major
        graduate.educationLevel = body.educationLevel.rawValue
        graduate.candidateNumber = body.candidateNumber
        graduate.name = body.name
        graduate.idNumber = body.idNumber
        graduate.studentNumber = body.studentNumber
        graduate.gender = body.gender?.rawValue ?? ""
        graduate.cohort = body.cohort
        graduate.graduationDate = body.graduationDate ?? ""
        graduate.lengthOfSchooling = body.lengthOfSchooling ?? ""
        graduate.trainingMode = body.trainingMode.rawValue
        graduate.boundUnit = body.boundUnit ?? ""
        graduate.originRegion = body.originRegion ?? ""
        graduate.mobile = body.mobile ?? ""
        return .init(try await GatewayRequest.require().forward { try await self.api.addGraduate(graduate, metadata: $0) })
    }

    func update(id: String, _ body: Components.Schemas.GraduateInput) async throws -> Components.Schemas.Graduate {
        var graduate = Graduate_Accounts_V1_Graduate()
        graduate.id = id
        graduate.department = body.department
        graduate.major = body.major
        graduate.educationLevel = body.educationLevel.rawValue
        graduate.candidateNumber = body.candidateNumber
        graduate.name = body.name
        graduate.idNumber = body.idNumber ?? ""
        graduate.studentNumber = body.studentNumber
        graduate.gender = body.gender?.rawValue ?? ""
        graduate.cohort = body.cohort
        graduate.graduationDate = body.graduationDate ?? ""
        graduate.lengthOfSchooling = body.lengthOfSchooling ?? ""
        graduate.trainingMode = body.trainingMode?.rawValue ?? ""
        graduate.boundUnit = body.boundUnit ?? ""
        graduate.originRegion = body.originRegion ?? ""
        graduate.mobile = body.mobile ?? ""
        return .init(try await GatewayRequest.require().forward { try await self.api.updateGraduate(graduate, metadata: $0) })
    }

    func remove(id: String, _ body: Components.Schemas.Removal) async throws -> Components.Schemas.Graduate {
        var rpc = Graduate_Accounts_V1_RemoveGraduateRequest()
        rpc.graduateID = id
        rpc.reason = body.reason
        return .init(try await GatewayRequest.require().forward { try await self.api.removeGraduate(rpc, metadata: $0) })
    }

    func changeTrainingMode(id: String, _ body: Components.Schemas.TrainingModeInput) async throws -> Components.Schemas.TrainingModeChange {
        var rpc = Graduate_Accounts_V1_ChangeTrainingModeRequest()
        rpc.graduateID = id
        rpc.trainingMode = body.trainingMode.rawValue
        rpc.boundUnit = body.boundUnit ?? ""
        rpc.reason = body.reason
        return .init(try await GatewayRequest.require().forward { try await self.api.changeTrainingMode(rpc, metadata: $0) })
    }

    func trainingModeChanges(
        _ query: Operations.GetTrainingModeChanges.Input.Query
    ) async throws -> Operations.GetTrainingModeChanges.Output.Ok.Body.JsonPayload {
        var rpc = Graduate_Accounts_V1_ListTrainingModeChangesRequest()
        rpc.query = query.q ?? ""
        rpc.pageSize = query.pageSize ?? 0
        rpc.pageToken = query.pageToken ?? ""
        let response = try await GatewayRequest.require().forward { try await self.api.listTrainingModeChanges(rpc, metadata: $0) }
        return .init(
            items: response.changes.map(Components.Schemas.TrainingModeChange.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        )
    }

    func template() async throws -> Graduate_Accounts_V1_RosterTemplate {
        try await GatewayRequest.require().forward { try await self.api.getRosterTemplate(.init(), metadata: $0) }
    }

    /// A roster file (CSV or .xlsx) synced into the roster: previewed (nothing written) or
    /// applied, all or nothing; the answer is the plan either way.
    /// A preview names the signing business of the graduates whose 姓名 or 考生号 changes and of
    /// those a replace removes, for the school to confirm (left out when e-signing cannot answer).
    func importFile(_ rpc: Graduate_Accounts_V1_ImportRosterRequest, preview: Bool) async throws -> Components.Schemas.ImportResult {
        let request = try GatewayRequest.require()
        let response = try await request.forward {
            preview ? try await self.api.previewRosterImport(rpc, metadata: $0) : try await self.api.importRoster(rpc, metadata: $0)
        }
        var result = Components.Schemas.ImportResult(response)
        guard preview else { return result }
        let concerned = (response.changed + response.restored).filter(\.identityChanged) + response.removed
        let ids = concerned.map(\.graduateID).filter { !$0.isEmpty }
        guard !ids.isEmpty, let business = try? await self.business(of: ids, request) else { return result }
        func tagged(_ entries: inout [Components.Schemas.RosterPlanEntry], all: Bool) {
            for index in entries.indices where all || entries[index].identityChanged {
                guard let id = entries[index].graduateId else { continue }
                entries[index].business = (business[id] ?? []).compactMap(Components.Schemas.SigningBusinessTag.init(rawValue:))
            }
        }
        tagged(&result.changed, all: false)
        tagged(&result.restored, all: false)
        tagged(&result.removed, all: true)
        return result
    }
}

extension Components.Schemas.ImportResult {
    init(_ response: Graduate_Accounts_V1_ImportRosterResponse) {
        self.init(
            imported: Int(response.imported), applied: response.applied, planDigest: APIValues.text(response.planDigest),
            addedCount: Int(response.addedCount), changedCount: Int(response.changedCount), restoredCount: Int(response.restoredCount),
            removedCount: Int(response.removedCount), unchangedCount: Int(response.unchangedCount),
            identityChangeCount: Int(response.identityChangeCount),
            added: response.added.map(Components.Schemas.RosterPlanEntry.init),
            changed: response.changed.map(Components.Schemas.RosterPlanEntry.init),
            restored: response.restored.map(Components.Schemas.RosterPlanEntry.init),
            removed: response.removed.map(Components.Schemas.RosterPlanEntry.init),
            newDepartments: response.newDepartments,
            errorCount: Int(response.errorCount),
            errors: response.errors.map { .init(row: Int($0.row), field: $0.field, reason: $0.reason) }
        )
    }
}

extension Components.Schemas.RosterPlanEntry {
    init(_ entry: Graduate_Accounts_V1_RosterPlanEntry) {
        self.init(
            row: Int(entry.row), graduateId: APIValues.text(entry.graduateID), name: entry.name, idNumber: entry.idNumber,
            studentNumber: entry.studentNumber, department: entry.department, cohort: Int(entry.cohort),
            changes: entry.changes.map { .init(field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue) },
            identityChanged: entry.identityChanged
        )
    }
}

extension Components.Schemas.Graduate {
    init(_ graduate: Graduate_Accounts_V1_Graduate) {
        self.init(
            id: graduate.id,
            department: graduate.department,
            major: graduate.major,
            educationLevel: graduate.educationLevel,
            educationLevelName: EducationLevel.name(ofCode: graduate.educationLevel) ?? "",
            candidateNumber: graduate.candidateNumber,
            name: graduate.name,
            idNumber: graduate.idNumber,
            studentNumber: graduate.studentNumber,
            gender: Gender.name(ofCode: graduate.gender) ?? "",
            cohort: Int(graduate.cohort),
            graduationDate: graduate.graduationDate,
            lengthOfSchooling: graduate.lengthOfSchooling,
            trainingMode: graduate.trainingMode,
            trainingModeName: TrainingMode.name(ofCode: graduate.trainingMode) ?? "",
            boundUnit: graduate.boundUnit,
            originRegion: graduate.originRegion,
            originRegionName: Regions.fullName(of: graduate.originRegion),
            mobile: graduate.mobile,
            updatedAt: Date(milliseconds: graduate.updatedAtMs)
        )
    }
}

extension Components.Schemas.TrainingModeChange {
    init(_ change: Graduate_Accounts_V1_TrainingModeChange) {
        self.init(
            id: change.id,
            graduateId: change.graduateID,
            graduateName: change.graduateName,
            idNumber: change.idNumber,
            department: change.department,
            oldTrainingMode: change.oldTrainingMode,
            oldTrainingModeName: TrainingMode.name(ofCode: change.oldTrainingMode) ?? "",
            newTrainingMode: change.newTrainingMode,
            newTrainingModeName: TrainingMode.name(ofCode: change.newTrainingMode) ?? "",
            oldBoundUnit: change.oldBoundUnit,
            newBoundUnit: change.newBoundUnit,
            reason: change.reason,
            changedBy: change.changedBy,
            changedAt: Date(milliseconds: change.changedAtMs)
        )
    }
}

/// The 学生名单管理 operations of the generated API.
extension GatewayAPI {
    func getGraduates(_ input: Operations.GetGraduates.Input) async throws -> Operations.GetGraduates.Output {
        if input.query.format == .xlsx {
            let file = try await self.roster.export(input.query)
            return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: file.fileName)),
                             body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(APIValues.body(file.content))))
        }
        return .ok(.init(body: .json(try await self.roster.list(input.query))))
    }

    func postGraduates(_ input: Operations.PostGraduates.Input) async throws -> Operations.PostGraduates.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.roster.add(body))))
    }

    func putGraduatesId(_ input: Operations.PutGraduatesId.Input) async throws -> Operations.PutGraduatesId.Output {
        let body = switch input.body { case .json(let body): body }
        return .ok(.init(body: .json(try await self.roster.update(id: input.path.id, body))))
    }

    func postGraduatesIdRemove(_ input: Operations.PostGraduatesIdRemove.Input) async throws -> Operations.PostGraduatesIdRemove.Output {
        let body = switch input.body { case .json(let body): body }
        return .ok(.init(body: .json(try await self.roster.remove(id: input.path.id, body))))
    }

    func postGraduatesIdTrainingMode(
        _ input: Operations.PostGraduatesIdTrainingMode.Input
    ) async throws -> Operations.PostGraduatesIdTrainingMode.Output {
        let body = switch input.body { case .json(let body): body }
        return .created(.init(body: .json(try await self.roster.changeTrainingMode(id: input.path.id, body))))
    }

    func getTrainingModeChanges(_ input: Operations.GetTrainingModeChanges.Input) async throws -> Operations.GetTrainingModeChanges.Output {
        .ok(.init(body: .json(try await self.roster.trainingModeChanges(input.query))))
    }

    func getGraduatesTemplate(_ input: Operations.GetGraduatesTemplate.Input) async throws -> Operations.GetGraduatesTemplate.Output {
        let file = try await self.roster.template()
        return .ok(.init(headers: .init(contentDisposition: APIValues.attachment(fileName: file.fileName)), body: .csv(APIValues.body(file.content))))
    }

    /// The body is the file itself (text/csv, or the .xlsx media type), its name in X-File-Name.
    /// 200 when imported, 422 with every bad row when nothing was.
    func postGraduatesImports(_ input: Operations.PostGraduatesImports.Input) async throws -> Operations.PostGraduatesImports.Output {
        let file = switch input.body {
        case .csv(let body): (body, "roster.csv")
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let body): (body, "roster.xlsx")
        }
        var rpc = try await Self.rosterFile(
            file, fileName: input.headers.xFileName, mode: input.query.mode?.rawValue, createDepartments: input.query.createDepartments
        )
        rpc.confirmIdentityChanges = input.query.confirmIdentityChanges ?? false
        rpc.expectedPlanDigest = input.query.expectedPlanDigest ?? ""
        let result = try await self.roster.importFile(rpc, preview: false)
        return result.errors.isEmpty ? .ok(.init(body: .json(result))) : .unprocessableContent(.init(body: .json(result)))
    }

    func postGraduatesImportPreviews(_ input: Operations.PostGraduatesImportPreviews.Input) async throws -> Operations.PostGraduatesImportPreviews.Output {
        let file = switch input.body {
        case .csv(let body): (body, "roster.csv")
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let body): (body, "roster.xlsx")
        }
        let rpc = try await Self.rosterFile(
            file, fileName: input.headers.xFileName, mode: input.query.mode?.rawValue, createDepartments: input.query.createDepartments
        )
        return .ok(.init(body: .json(try await self.roster.importFile(rpc, preview: true))))
    }

    /// The import's file and the options an import and its preview share.
    private static func rosterFile(
        _ file: (body: HTTPBody, defaultName: String), fileName: String?, mode: String?, createDepartments: Bool?
    ) async throws -> Graduate_Accounts_V1_ImportRosterRequest {
        var rpc = Graduate_Accounts_V1_ImportRosterRequest()
        rpc.content = try await APIValues.file(file.body, field: "file")
        rpc.fileName = fileName?.removingPercentEncoding ?? file.defaultName
        rpc.mode = mode == "replace" ? .replace : .merge
        rpc.createDepartments = createDepartments ?? false
        return rpc
    }
}
