import Foundation
import GRPCCore
import GraduateProto

/// Metadata as a peer sent it, checked before any of it reaches GRPCCore: GRPCCore asserts
/// that binary values have `-bin` keys and traps on a negative `grpc-timeout`, so nothing
/// from the wire is handed over unchecked (docs/PROTOCOL.md §3).
struct PeerMetadata {
    /// What is wrong with a call's metadata; the call is refused with this status.
    struct Problem: Error, Equatable {
        var code: Status.Code
        var message: String
    }

    /// The checked metadata: keys lower-cased, `grpc-timeout` at most once and well formed.
    var metadata: Metadata
    /// The call's `grpc-timeout`, if it had one.
    var timeout: Duration?

    /// Checks a request's metadata: every key is 1–`maximumKeyLength` characters of
    /// `0-9 a-z - _ .` (upper-case ASCII is lower-cased, as HTTP/2 does), binary values only
    /// under `-bin` keys, keys and values together at most `maximumSize` bytes, and
    /// `grpc-timeout` once, in gRPC's form.
    init(request entries: [Graduate_Rpc_V1_MetadataEntry], maximumSize: Int) throws(Problem) {
        var metadata = Metadata()
        var size = 0
        var timeoutText: String?
        for entry in entries {
            let key = try Self.checkedKey(entry.key)
            switch entry.value {
            case .binary(let bytes):
                guard key.hasSuffix("-bin") else {
                    throw Problem(code: .invalidArgument, message: "metadata key '\(key)' carries a binary value but does not end in -bin")
                }
                size += key.utf8.count + bytes.count
                metadata.addBinary(Array(bytes), forKey: key)
            case .text(let text):
                size += key.utf8.count + text.utf8.count
                if key == "grpc-timeout" {
                    guard timeoutText == nil else {
                        throw Problem(code: .invalidArgument, message: "the grpc-timeout header appears more than once")
                    }
                    timeoutText = text
                    continue
                }
                metadata.addString(text, forKey: key)
            case .none:
                size += key.utf8.count
                metadata.addString("", forKey: key)
            }
            guard size <= maximumSize else {
                throw Problem(
                    code: .resourceExhausted,
                    message: "request metadata exceeds the limit of \(maximumSize) bytes"
                )
            }
        }
        if let timeoutText {
            guard let timeout = GRPCTimeout.parse(timeoutText) else {
                throw Problem(
                    code: .invalidArgument,
                    message: "malformed grpc-timeout header '\(timeoutText.prefix(24))': expected 1 to 8 digits and a unit H, M, S, m, u or n"
                )
            }
            self.timeout = timeout
            // Only the checked text goes on, so GRPCCore's own parser sees a valid value.
            metadata.addString(timeoutText, forKey: "grpc-timeout")
        }
        self.metadata = metadata
    }

    static let maximumKeyLength = 256

    private static func checkedKey(_ key: String) throws(Problem) -> String {
        var bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.count <= Self.maximumKeyLength else {
            throw Problem(code: .invalidArgument, message: "a metadata key is empty or longer than \(Self.maximumKeyLength) bytes")
        }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes[index] += 0x20
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                break
            default:
                throw Problem(code: .invalidArgument, message: "metadata key '\(key.prefix(40))' has a character outside 0-9 a-z - _ .")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A response's metadata as the client reads it: entries GRPCCore would refuse are left
    /// out rather than failing a call that succeeded.
    static func response(_ entries: [Graduate_Rpc_V1_MetadataEntry]) -> Metadata {
        var metadata = Metadata()
        for entry in entries {
            guard let key = try? Self.checkedKey(entry.key) else { continue }
            switch entry.value {
            case .binary(let bytes):
                if key.hasSuffix("-bin") { metadata.addBinary(Array(bytes), forKey: key) }
            case .text(let text):
                metadata.addString(text, forKey: key)
            case .none:
                metadata.addString("", forKey: key)
            }
        }
        return metadata
    }
}

/// gRPC's `grpc-timeout` header: 1 to 8 ASCII digits and a unit (H, M, S, m, u, n). A sign,
/// a decimal point, spaces or a ninth digit make it malformed (GRPCCore traps on a negative
/// amount, so the transport parses it first).
enum GRPCTimeout {
    static func parse(_ value: String) -> Duration? {
        let bytes = Array(value.utf8)
        guard (2...9).contains(bytes.count), let unit = bytes.last else { return nil }
        var amount: Int64 = 0
        for digit in bytes.dropLast() {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            amount = amount * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        switch unit {
        case UInt8(ascii: "H"): return .seconds(amount * 3600)
        case UInt8(ascii: "M"): return .seconds(amount * 60)
        case UInt8(ascii: "S"): return .seconds(amount)
        case UInt8(ascii: "m"): return .milliseconds(amount)
        case UInt8(ascii: "u"): return .microseconds(amount)
        case UInt8(ascii: "n"): return .nanoseconds(amount)
        default: return nil
        }
    }
}
