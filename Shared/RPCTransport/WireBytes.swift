public import Foundation
public import GRPCCore

/// The byte type the TCP transport hands to GRPCCore. It wraps `Data` because that is
/// what swift-protobuf uses for a `bytes` field: a frame's payload passes between the
/// socket and the serializer without another copy.
public struct WireBytes: GRPCContiguousBytes, Sendable, Hashable {
    public var data: Data

    public init(_ data: Data) {
        self.data = data
    }

    public init(repeating byte: UInt8, count: Int) {
        self.data = Data(repeating: byte, count: count)
    }

    public init<Bytes: Sequence>(_ sequence: Bytes) where Bytes.Element == UInt8 {
        self.data = Data(sequence)
    }

    public var count: Int { self.data.count }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try self.data.withUnsafeBytes(body)
    }

    public mutating func withUnsafeMutableBytes<R>(
        _ body: (UnsafeMutableRawBufferPointer) throws -> R
    ) rethrows -> R {
        try self.data.withUnsafeMutableBytes(body)
    }
}
