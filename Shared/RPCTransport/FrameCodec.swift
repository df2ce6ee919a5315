public import GraduateProto
public import NIOCore
import SwiftProtobuf

/// Errors of the framing layer. Each closes the connection it happened on, and nothing else.
public enum FrameError: Error, Equatable, CustomStringConvertible {
    /// The length prefix announces more than the configured maximum; nothing was allocated.
    case frameTooLarge(length: UInt32, maximum: Int)
    /// The connection ended in the middle of a frame.
    case truncated(bufferedBytes: Int)
    /// The bytes of a frame are not a `graduate.rpc.v1.Frame`.
    case undecodable

    public var description: String {
        switch self {
        case .frameTooLarge(let length, let maximum):
            "frame of \(length) bytes exceeds the maximum of \(maximum) bytes"
        case .truncated(let buffered):
            "connection closed inside a frame (\(buffered) bytes buffered)"
        case .undecodable:
            "frame is not a valid graduate.rpc.v1.Frame"
        }
    }
}

/// Turns a byte stream into `Frame`s: a 4-byte big-endian length N, then N bytes of one
/// protobuf `Frame`. The length is checked against `maximumFrameSize` before the body is
/// waited for, so an announced 4 GiB frame costs nothing.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = GraduateProto.Graduate_Rpc_V1_Frame

    public let maximumFrameSize: Int

    public init(maximumFrameSize: Int) {
        self.maximumFrameSize = maximumFrameSize
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try self.nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while let frame = try self.nextFrame(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(frame))
        }
        if buffer.readableBytes > 0 {
            throw FrameError.truncated(bufferedBytes: buffer.readableBytes)
        }
        return .needMoreData
    }

    /// Reads one whole frame from the front of `buffer`, or nothing if it is incomplete.
    /// Pure, so the tests drive it with split and coalesced buffers directly.
    public func nextFrame(from buffer: inout ByteBuffer) throws -> InboundOut? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard Int(length) <= self.maximumFrameSize else {
            throw FrameError.frameTooLarge(length: length, maximum: self.maximumFrameSize)
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        let body = buffer.readSlice(length: Int(length))!
        do {
            return try InboundOut(serializedBytes: Array(body.readableBytesView))
        } catch {
            throw FrameError.undecodable
        }
    }
}

/// Writes `Frame`s with their 4-byte big-endian length prefix.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = GraduateProto.Graduate_Rpc_V1_Frame

    public init() {}

    public func encode(data frame: OutboundIn, out: inout ByteBuffer) throws {
        let body: [UInt8] = try frame.serializedBytes()
        out.reserveCapacity(minimumWritableBytes: 4 + body.count)
        out.writeInteger(UInt32(body.count), endianness: .big)
        out.writeBytes(body)
    }
}

extension Channel {
    /// Adds the frame codec and wraps the channel for async use; the one pipeline both
    /// transports (and raw test clients) use. Call from the channel initializer.
    public func framedAsyncChannel(
        maximumFrameSize: Int,
        configuration: NIOAsyncChannel<Frame, Frame>.Configuration = .init()
    ) -> EventLoopFuture<NIOAsyncChannel<Frame, Frame>> {
        self.eventLoop.makeCompletedFuture {
            try self.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameSize: maximumFrameSize)))
            try self.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
            return try NIOAsyncChannel<Frame, Frame>(wrappingChannelSynchronously: self, configuration: configuration)
        }
    }
}
