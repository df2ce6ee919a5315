public import AuthKit
public import GRDB
public import GRPCCore
public import GraduateProto
import SwiftProtobuf

/// The copy of accounts' schools, 院系 and 院系 reviewers that every other service keeps from
/// accounts' events, with the one question every handler asks of it: which 院系 a
/// department account may see.
public enum OrganisationCopy {
    /// The copy's tables, for a service's first migration (esigning's, made before this
    /// existed, has the same ones).
    public static let tablesSQL = """
        CREATE TABLE school (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL
        );
        CREATE TABLE department (
            id TEXT PRIMARY KEY,
            school_code TEXT NOT NULL,
            name TEXT NOT NULL
        );
        CREATE TABLE department_reviewer (
            department_id TEXT NOT NULL,
            module TEXT NOT NULL,
            account_id TEXT NOT NULL,
            PRIMARY KEY (department_id, module)
        );
        """

    /// Applies one of accounts' school, 院系 or reviewer events; false for any other event.
    /// With `module`, only that module's reviewers are kept.
    public static func apply(_ event: Event, module: String? = nil, in db: Database) throws -> Bool {
        switch event.type {
        case "school.created":
            let school = try Graduate_Events_V1_SchoolCreated(serializedBytes: event.payload)
            try db.executeCached(
                sql: "INSERT INTO school (code, name) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                arguments: [school.schoolCode, school.name]
            )
        case "school.department.created":
            let department = try Graduate_Events_V1_DepartmentCreated(serializedBytes: event.payload)
            try db.executeCached(
                sql: "INSERT OR REPLACE INTO department (id, school_code, name) VALUES (?, ?, ?)",
                arguments: [department.departmentID, department.schoolCode, department.name]
            )
        case "school.department.reviewer.changed":
            let change = try Graduate_Events_V1_DepartmentReviewerChanged(serializedBytes: event.payload)
            if let module, change.module != module { return true }
            if change.accountID.isEmpty {
                try db.executeCached(
                    sql: "DELETE FROM department_reviewer WHERE department_id = ? AND module = ?", arguments: [change.departmentID, change.module]
                )
            } else {
                try db.executeCached(
                    sql: "INSERT OR REPLACE INTO department_reviewer (department_id, module, account_id) VALUES (?, ?, ?)",
                    arguments: [change.departmentID, change.module, change.accountID]
                )
            }
        default:
            return false
        }
        return true
    }

    /// The 院系 name of a department-scoped staff account (records carry the roster's 院系
    /// names); nil for school staff.
    public static func departmentName(of principal: Principal, in db: Database) throws -> String? {
        guard let role = principal.role, role.isDepartmentScoped, let id = principal.departmentID else { return nil }
        guard let name = try String.fetchOne(db, sql: "SELECT name FROM department WHERE id = ?", arguments: [id]) else {
            throw RPCError(code: .permissionDenied, message: "您的院系信息尚未同步，请稍后再试")
        }
        return name
    }
}
