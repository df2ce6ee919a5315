import AuthKit
import GRDB
public import GRPCCore
public import GraduateProto
import ServiceKit

/// "Who am I": the signed-in account as the console's header and 模块选择 page show it.
extension AccountsService {
    public func getMyAccount(
        request: Graduate_Accounts_V1_GetMyAccountRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_MyAccount {
        let principal = try self.caller()
        let found = try await self.pool.read { db -> (Row, String?, String?)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [principal.subject]) else {
                return nil
            }
            let school = try String.fetchOne(db, sql: "SELECT name FROM school WHERE code = ?", arguments: [row["school_code"] as String?])
            // Staff of a 院系 by their account; a graduate by the roster's 院系.
            let department: String? = if let id = row["department_id"] as String? {
                try String.fetchOne(db, sql: "SELECT name FROM department WHERE id = ?", arguments: [id])
            } else if (row["kind"] as String) == "graduate" {
                try String.fetchOne(db, sql: "SELECT department FROM graduate WHERE id = ?", arguments: [principal.subject])
            } else {
                nil
            }
            return (row, school, department)
        }
        guard let (row, schoolName, departmentName) = found, (row["enabled"] as Bool) else {
            throw RPCError(code: .unauthenticated, message: "账号不存在或已停用，请重新登录")
        }
        var account = Graduate_Accounts_V1_MyAccount()
        account.id = row["id"]
        account.kind = Self.accountKind(row["kind"])
        account.login = row["login"]
        account.displayName = row["display_name"]
        account.schoolCode = row["school_code"] ?? ""
        account.schoolName = schoolName ?? ""
        if let role = (row["role"] as String?).flatMap(Principal.StaffRole.init(rawValue:)) {
            account.role = role.proto
        }
        account.departmentID = row["department_id"] ?? ""
        account.departmentName = departmentName ?? ""
        account.modules = (row["modules"] as String).split(separator: ",").map(String.init).compactMap(Module.proto)
        account.mustChangePassword = row["must_change_password"]
        return account
    }

    /// The other services verify access tokens with this key; it is public by design.
    public func getTokenPublicKey(
        request: Graduate_Accounts_V1_GetTokenPublicKeyRequest,
        context: ServerContext
    ) async throws -> Graduate_Accounts_V1_TokenPublicKey {
        guard !self.settings.tokenPublicKeyPEM.isEmpty else { throw RPCError(code: .unavailable, message: "公钥尚未配置") }
        var key = Graduate_Accounts_V1_TokenPublicKey()
        key.pem = self.settings.tokenPublicKeyPEM
        return key
    }

    static func accountKind(_ stored: String) -> Graduate_Accounts_V1_AccountKind {
        switch stored {
        case "staff": .staff
        case "graduate": .graduate
        case "employer": .employer
        case "platformOperator": .platformOperator
        default: .unspecified
        }
    }
}
