import AuthKit
import ESigningDomain
import Foundation
import GRDB
public import GRPCCore
public import GraduateProto
import ServiceKit
import StorageKit

/// 批量审核: reviewers select many records in a review list (or all that match its filter) and
/// approve or refuse them in one action, with one reason. Each record goes through the same
/// step as alone — the same checks and events — inside a savepoint of one transaction, so a
/// refused record rolls back alone and the others stand; the answer has a result per record.
extension ESigningService {
    static let bulkActions: Set<SigningAction> = [.departmentApprove, .departmentReject, .schoolApprove, .schoolReject]
    static let maximumBulkRecords = 500

    public func bulkAct(request: Graduate_Esigning_V1_BulkActRequest, context: ServerContext) async throws -> Graduate_Esigning_V1_BulkActResponse {
        let principal = try self.caller()
        guard let action = SigningAction(rawValue: request.action), Self.bulkActions.contains(action) else {
            throw RPCError.invalid(field: "action", "批量操作只能是院系或学校的审核通过、审核不通过")
        }
        let ids = request.agreementIds
        guard (1...Self.maximumBulkRecords).contains(ids.count) else {
            throw RPCError.invalid(field: "agreementIds", "请选择1到\(Self.maximumBulkRecords)条记录")
        }
        guard Set(ids).count == ids.count else { throw RPCError.invalid(field: "agreementIds", "所选记录有重复") }
        let now = self.settings.clock()
        return try await self.command(request, by: principal, method: "BulkAct") { db in
            var response = Graduate_Esigning_V1_BulkActResponse()
            for id in ids {
                var single = Graduate_Esigning_V1_ActRequest()
                single.agreementID = id
                single.action = request.action
                single.reason = request.reason
                var result = Graduate_Esigning_V1_BulkActResult()
                result.agreementID = id
                do {
                    var reached: Graduate_Esigning_V1_Agreement?
                    try db.inSavepoint {
                        reached = try self.act(single, action, principal, now, db)
                        return .commit
                    }
                    result.ok = true
                    result.statusName = reached?.statusName ?? ""
                    response.succeeded += 1
                } catch let refusal as RPCError {
                    result.errorCode = Int32(refusal.code.rawValue)
                    result.errorMessage = refusal.message
                    result.errorField = refusal.field ?? ""
                    response.failed += 1
                }
                response.results.append(result)
            }
            return response
        }
    }
}
