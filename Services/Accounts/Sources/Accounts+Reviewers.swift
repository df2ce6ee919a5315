import AuthKit
import Foundation
import GRDB
public import GRPCCore
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// 院系审核人: one department account per 院系 and module reviews that 院系's items first.
extension AccountsService {
    public func setDepartmentReviewer(
        request: Graduate_Accounts_V1_SetDepartmentReviewerRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_DepartmentReviewer {
        let (_, school) = try self.callerSchool()
        guard let module = Module.names[request.module] else { throw RPCError.invalid(field: "module", "请选择模块") }
        return try await self.pool.write { db in
            guard try Bool.fetchOne(
                db, sql: "SELECT 1 FROM department WHERE id = ? AND school_code = ?", arguments: [request.departmentID, school]
            ) == true else { throw RPCError.notFound("院系不存在") }
            if request.accountID.isEmpty {
                try db.execute(
                    sql: "DELETE FROM department_reviewer WHERE department_id = ? AND module = ?", arguments: [request.departmentID, module]
                )
            } else {
                guard let account = try StaffAccountRow.fetchOne(db, id: request.accountID, school: school) else {
                    throw RPCError.invalid(field: "accountId", "账号不存在")
                }
                guard account.role.isDepartmentScoped, account.departmentID == request.departmentID else {
                    throw RPCError.invalid(field: "accountId", "院系审核人须是该院系的院系账号")
                }
                guard account.modules.contains(module) else { throw RPCError.invalid(field: "accountId", "该账号没有此模块的权限") }
                guard account.enabled else { throw RPCError.invalid(field: "accountId", "该账号已停用") }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO department_reviewer (department_id, module, account_id) VALUES (?, ?, ?)",
                    arguments: [request.departmentID, module, account.id]
                )
            }
            var event = Graduate_Events_V1_DepartmentReviewerChanged()
            event.departmentID = request.departmentID
            event.schoolCode = school
            event.module = module
            event.accountID = request.accountID
            try self.outbox.append(
                type: "school.department.reviewer.changed", aggregateType: "school", aggregateID: school,
                payload: try event.serializedBytes(), in: db
            )
            var reviewer = Graduate_Accounts_V1_DepartmentReviewer()
            reviewer.departmentID = request.departmentID
            reviewer.module = request.module
            return try Self.reviewers(db, school: school).first { $0.departmentID == request.departmentID && $0.module == request.module }
                ?? reviewer
        }
    }

    public func listDepartmentReviewers(
        request: Graduate_Accounts_V1_ListDepartmentReviewersRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_ListDepartmentReviewersResponse {
        let (_, school) = try self.callerSchool()
        var response = Graduate_Accounts_V1_ListDepartmentReviewersResponse()
        response.reviewers = try await self.pool.read { db in try Self.reviewers(db, school: school) }
        return response
    }

    static func reviewers(_ db: Database, school: String) throws -> [Graduate_Accounts_V1_DepartmentReviewer] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT r.department_id, d.name AS department_name, r.module, r.account_id, a.display_name
                FROM department_reviewer r JOIN department d ON d.id = r.department_id JOIN account a ON a.id = r.account_id
                WHERE d.school_code = ? ORDER BY d.name, r.module
                """,
            arguments: [school]
        ).map { row in
            var reviewer = Graduate_Accounts_V1_DepartmentReviewer()
            reviewer.departmentID = row["department_id"]
            reviewer.departmentName = row["department_name"]
            reviewer.module = Module.proto(row["module"]) ?? .unspecified
            reviewer.accountID = row["account_id"]
            reviewer.accountDisplayName = row["display_name"]
            return reviewer
        }
    }
}
