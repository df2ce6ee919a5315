import Foundation
import GRDB
import ServiceKit
import StorageKit

/// 密码重置记录: every reset of someone's password is kept — whose, how, by whom, when and from
/// which client address — so a school or the platform can answer "who changed this".
enum PasswordResets {
    enum Kind: String {
        case graduateSelfService    // 忘记密码 through the roster identity
        case employerByOperator     // the platform operator, at the employer's request
        case staffByAdmin           // a school admin, for a staff account
    }

    static func record(_ db: Database, account: String, kind: Kind, by: String, byName: String) throws {
        try db.execute(
            sql: """
                INSERT INTO password_reset (id, account_id, kind, reset_by, reset_by_name, client_address, at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [UUID().uuidString.lowercased(), account, kind.rawValue, by, byName, ClientAddress.current ?? "unknown", nowMilliseconds()]
        )
    }
}
