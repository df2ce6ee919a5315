import Foundation
import GRPCCore
import GraduateDomain
import GraduateProto
import Hummingbird
import RPCTransport

/// The roster (`/api/v1/graduates`): list with filters and paging, and file import.
struct GraduatesController {
    let accounts: ClientPool

    private var api: Graduate_Accounts_V1_Accounts.Client<TCPClientTransport> { .init(wrapping: self.accounts.client) }

    struct Graduate: Encodable, Sendable {
        var id: String
        var department: String
        var major: String
        var educationLevel: String
        var educationLevelName: String
        var candidateNumber: String
        var name: String
        var idNumber: String
        var studentNumber: String
        var gender: String
        var cohort: Int32
        var graduationDate: String
        var lengthOfSchooling: String
        var trainingMode: String
        var trainingModeName: String
        var boundUnit: String
        var originRegion: String
        var mobile: String
        var updatedAt: String

        init(_ graduate: Graduate_Accounts_V1_Graduate) {
            self.id = graduate.id
            self.department = graduate.department
            self.major = graduate.major
            self.educationLevel = graduate.educationLevel
            self.educationLevelName = EducationLevel.name(ofCode: graduate.educationLevel) ?? ""
            self.candidateNumber = graduate.candidateNumber
            self.name = graduate.name
            self.idNumber = graduate.idNumber
            self.studentNumber = graduate.studentNumber
            self.gender = Gender.name(ofCode: graduate.gender) ?? ""
            self.cohort = graduate.cohort
            self.graduationDate = graduate.graduationDate
            self.lengthOfSchooling = graduate.lengthOfSchooling
            self.trainingMode = graduate.trainingMode
            self.trainingModeName = TrainingMode.name(ofCode: graduate.trainingMode) ?? ""
            self.boundUnit = graduate.boundUnit
            self.originRegion = graduate.originRegion
            self.mobile = graduate.mobile
            self.updatedAt = beijingTime(milliseconds: graduate.updatedAtMs)
        }
    }


    /// A graduate as sent by a client: every roster field by its code.
    struct GraduateInput: Decodable {
        var department: String
        var major: String
        var educationLevel: String
        var candidateNumber: String
        var name: String
        var idNumber: String?
        var studentNumber: String
        var gender: String?
        var cohort: Int32
        var graduationDate: String?
        var lengthOfSchooling: String?
        var trainingMode: String?
        var boundUnit: String?
        var originRegion: String?
        var mobile: String?

        func rpc(id: String = "") -> Graduate_Accounts_V1_Graduate {
            var graduate = Graduate_Accounts_V1_Graduate()
            graduate.id = id
            graduate.department = self.department
            graduate.major = self.major
            graduate.educationLevel = self.educationLevel
            graduate.candidateNumber = self.candidateNumber
            graduate.name = self.name
            graduate.idNumber = self.idNumber ?? ""
            graduate.studentNumber = self.studentNumber
            graduate.gender = self.gender ?? ""
            graduate.cohort = self.cohort
            graduate.graduationDate = self.graduationDate ?? ""
            graduate.lengthOfSchooling = self.lengthOfSchooling ?? ""
            graduate.trainingMode = self.trainingMode ?? ""
            graduate.boundUnit = self.boundUnit ?? ""
            graduate.originRegion = self.originRegion ?? ""
            graduate.mobile = self.mobile ?? ""
            return graduate
        }
    }

    struct Removal: Decodable {
        var reason: String
    }

    struct TrainingModeInput: Decodable {
        var trainingMode: String
        var boundUnit: String?
        var reason: String
    }

    struct TrainingModeChange: Encodable, Sendable {
        var id: String
        var graduateId: String
        var graduateName: String
        var idNumber: String
        var department: String
        var oldTrainingMode: String
        var oldTrainingModeName: String
        var newTrainingMode: String
        var newTrainingModeName: String
        var oldBoundUnit: String
        var newBoundUnit: String
        var reason: String
        var changedBy: String
        var changedAt: String

        init(_ change: Graduate_Accounts_V1_TrainingModeChange) {
            self.id = change.id
            self.graduateId = change.graduateID
            self.graduateName = change.graduateName
            self.idNumber = change.idNumber
            self.department = change.department
            self.oldTrainingMode = change.oldTrainingMode
            self.oldTrainingModeName = TrainingMode.name(ofCode: change.oldTrainingMode) ?? ""
            self.newTrainingMode = change.newTrainingMode
            self.newTrainingModeName = TrainingMode.name(ofCode: change.newTrainingMode) ?? ""
            self.oldBoundUnit = change.oldBoundUnit
            self.newBoundUnit = change.newBoundUnit
            self.reason = change.reason
            self.changedBy = change.changedBy
            self.changedAt = beijingTime(milliseconds: change.changedAtMs)
        }
    }


    struct RowError: Encodable, Sendable {
        var row: Int32
        var field: String
        var reason: String
    }

    struct ImportResult: Encodable, Sendable {
        var imported: Int32
        /// The first 1,000 bad rows; `errorCount` says how many there are in all.
        var errors: [RowError]
        var errorCount: Int32
    }

    static let xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    func register(with router: Router<GatewayContext>) {
        let group = router.group("api/v1")
        group.get("graduates") { request, context in
            let query = request.uri.queryParameters
            var rpc = Graduate_Accounts_V1_ListGraduatesRequest()
            rpc.department = query.get("department") ?? ""
            rpc.major = query.get("major") ?? ""
            rpc.educationLevel = query.get("educationLevel") ?? ""
            rpc.trainingMode = query.get("trainingMode") ?? ""
            rpc.query = query.get("q") ?? ""
            (rpc.pageSize, rpc.pageToken) = try Paged<Graduate>.parameters(query)
            rpc.cohort = try SigningController.cohort(query, required: false)
            let response = try await forward(request, context) { try await self.api.listGraduates(rpc, metadata: $0) }
            return JSONResponse(value: Paged(
                items: response.graduates.map(Graduate.init), total: response.total, nextPageToken: response.nextPageToken
            ))
        }
        group.post("graduates") { request, context in
            let body = try await JSONBody.decode(GraduateInput.self, from: request, context: context)
            let added = try await forward(request, context) { try await self.api.addGraduate(body.rpc(), metadata: $0) }
            return JSONResponse(value: Graduate(added), status: .created)
        }
        group.put("graduates/:id") { request, context in
            let body = try await JSONBody.decode(GraduateInput.self, from: request, context: context)
            let id = try context.parameters.require("id")
            let updated = try await forward(request, context) { try await self.api.updateGraduate(body.rpc(id: id), metadata: $0) }
            return JSONResponse(value: Graduate(updated))
        }
        group.post("graduates/:id/remove") { request, context in
            let body = try await JSONBody.decode(Removal.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_RemoveGraduateRequest()
            rpc.graduateID = try context.parameters.require("id")
            rpc.reason = body.reason
            let removed = try await forward(request, context) { try await self.api.removeGraduate(rpc, metadata: $0) }
            return JSONResponse(value: Graduate(removed))
        }
        group.post("graduates/:id/training-mode") { request, context in
            let body = try await JSONBody.decode(TrainingModeInput.self, from: request, context: context)
            var rpc = Graduate_Accounts_V1_ChangeTrainingModeRequest()
            rpc.graduateID = try context.parameters.require("id")
            rpc.trainingMode = body.trainingMode
            rpc.boundUnit = body.boundUnit ?? ""
            rpc.reason = body.reason
            let change = try await forward(request, context) { try await self.api.changeTrainingMode(rpc, metadata: $0) }
            return JSONResponse(value: TrainingModeChange(change), status: .created)
        }
        group.get("training-mode-changes") { request, context in
            let query = request.uri.queryParameters
            var rpc = Graduate_Accounts_V1_ListTrainingModeChangesRequest()
            rpc.query = query.get("q") ?? ""
            (rpc.pageSize, rpc.pageToken) = try Paged<TrainingModeChange>.parameters(query)
            let response = try await forward(request, context) { try await self.api.listTrainingModeChanges(rpc, metadata: $0) }
            return JSONResponse(value: Paged(
                items: response.changes.map(TrainingModeChange.init), total: response.total, nextPageToken: response.nextPageToken
            ))
        }
        group.get("graduates/template") { request, context in
            let template = try await forward(request, context) { try await self.api.getRosterTemplate(.init(), metadata: $0) }
            return Download(content: template.content, fileName: template.fileName, contentType: "text/csv; charset=utf-8")
        }
        // The body is the file itself (text/csv, or the .xlsx media type); the file name may be
        // given in X-File-Name. 200 when imported, 422 with every bad row when nothing was.
        group.post("graduates/imports") { request, context in
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            let isXLSX = contentType.hasPrefix(Self.xlsxMediaType)
            guard contentType.hasPrefix("text/csv") || isXLSX else {
                throw APIError(
                    status: .unsupportedMediaType, code: "unsupported_media_type",
                    message: "请上传CSV（text/csv）或Excel（.xlsx）文件", field: "file"
                )
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: context.maxUploadSize)
            } catch {
                throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "文件不能超过10MB", field: "file")
            }
            var rpc = Graduate_Accounts_V1_ImportRosterRequest()
            rpc.content = Data(buffer.readableBytesView)
            rpc.fileName = request.headers[.init("X-File-Name")!]?.removingPercentEncoding ?? (isXLSX ? "roster.xlsx" : "roster.csv")
            let response = try await forward(request, context) { try await self.api.importRoster(rpc, metadata: $0) }
            let result = ImportResult(
                imported: response.imported,
                errors: response.errors.map { RowError(row: $0.row, field: $0.field, reason: $0.reason) },
                errorCount: response.errorCount
            )
            return JSONResponse(value: result, status: response.errors.isEmpty ? .ok : .unprocessableContent)
        }
    }
}
