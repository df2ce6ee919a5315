import Foundation
import GraduateDomain
import GRPCCore
import GraduateProto
import RPCTransport

/// 学生名单管理: the roster (list with filters and paging, add, edit, remove, 培养方式 changes
/// and their log) and its file import, on the generated API.
struct RosterHandler<Transport: GRPCCore.ClientTransport> {
    let accounts: ClientPool<Transport>

    private var api: Graduate_Accounts_V1_Accounts.Client<Transport> { .init(wrapping: self.accounts.client) }

    func list(_ query: Operations.GetGraduates.Input.Query) async throws -> Operations.GetGraduates.Output.Ok.Body.JsonPayload {
        var rpc = Graduate_Accounts_V1_ListGraduatesRequest()
        rpc.department = query.department ?? ""
        rpc.major = query.major ?? ""
        rpc.educationLevel = query.educationLevel ?? ""
        rpc.trainingMode = query.trainingMode ?? ""
        rpc.query = query.q ?? ""
        rpc.cohort = query.cohort ?? 0
        rpc.pageSize = query.pageSize ?? 0
        rpc.pageToken = query.pageToken ?? ""
        let response = try await GatewayRequest.require().forward { try await self.api.listGraduates(rpc, metadata: $0) }
        return .init(
            items: response.graduates.map(Components.Schemas.Graduate.init), total: Int(response.total),
            nextPageToken: APIValues.text(response.nextPageToken)
        )
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

    /// A roster file (CSV or .xlsx): every row is imported, or none is and every bad row is told.
    func importFile(_ content: Data, fileName: String) async throws -> Components.Schemas.ImportResult {
        var rpc = Graduate_Accounts_V1_ImportRosterRequest()
        rpc.content = content
        rpc.fileName = fileName
        let response = try await GatewayRequest.require().forward { try await self.api.importRoster(rpc, metadata: $0) }
        return .init(
            imported: Int(response.imported), errorCount: Int(response.errorCount),
            errors: response.errors.map { .init(row: Int($0.row), field: $0.field, reason: $0.reason) }
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
        .ok(.init(body: .json(try await self.roster.list(input.query))))
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
        let (body, defaultName) = switch input.body {
        case .csv(let body): (body, "roster.csv")
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let body): (body, "roster.xlsx")
        }
        let content = try await APIValues.file(body, field: "file")
        let fileName = input.headers.xFileName?.removingPercentEncoding ?? defaultName
        let result = try await self.roster.importFile(content, fileName: fileName)
        return result.errors.isEmpty ? .ok(.init(body: .json(result))) : .unprocessableContent(.init(body: .json(result)))
    }
}
