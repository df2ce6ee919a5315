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

    /// A search fragment with LIKE's wildcards removed.
    public static func likeSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }
}
