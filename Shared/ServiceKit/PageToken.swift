public import Foundation
public import GRPCCore

/// Offset paging behind an opaque token, shared by every service's list methods.
public enum PageToken {
    public static func decode(size: Int32, token: String) throws -> (size: Int, offset: Int) {
        let pageSize = size == 0 ? 20 : Int(size)
        guard (1...200).contains(pageSize) else { throw RPCError.invalid(field: "pageSize", "每页条数应为1到200") }
        guard !token.isEmpty else { return (pageSize, 0) }
        guard let offset = Data(base64Encoded: token).flatMap({ Int(String(decoding: $0, as: UTF8.self)) }), offset >= 0 else {
            throw RPCError.invalid(field: "pageToken", "分页标记无效")
        }
        return (pageSize, offset)
    }

    public static func next(offset: Int, returned: Int, total: Int) -> String {
        offset + returned < total ? Data(String(offset + returned).utf8).base64EncodedString() : ""
    }

    /// A LIKE pattern for "contains `text`", with LIKE's wildcards in it taken as text: use
    /// it with `LIKE ? ESCAPE '\'` (`PageToken.likeEscape`), so "%" finds a "%" and never
    /// everyone.
    public static func containing(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%" + escaped + "%"
    }

    /// The escape clause that goes with `containing`.
    public static let likeEscape = "ESCAPE '\\'"
}
