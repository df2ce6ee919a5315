public import GraduateProto
public import NIOCore
import SwiftProtobuf
import Synchronization

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
    /// Told when a frame starts and ends, for the server's read and idle timeouts.
    let activity: ReadActivity?

    public init(maximumFrameSize: Int) {
        self.init(maximumFrameSize: maximumFrameSize, activity: nil)
    }

    init(maximumFrameSize: Int, activity: ReadActivity?) {
        self.maximumFrameSize = maximumFrameSize
        self.activity = activity
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try self.nextFrame(from: &buffer) else {
            self.activity?.noteIncomplete(buffer.readableBytes > 0)
            return .needMoreData
        }
        self.activity?.noteFrame()
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

/// When the frame being read began and when the last whole frame arrived, written by the
/// connection's `FrameDecoder` on the event loop and read by the server's timeout watch.
/// Times are `NIODeadline` uptimes in nanoseconds; 0 means "none".
final class ReadActivity: Sendable {
    private let partialSince = Atomic<UInt64>(0)
    private let lastFrame = Atomic<UInt64>(NIODeadline.now().uptimeNanoseconds)

    func noteIncomplete(_ hasPartialFrame: Bool) {
        if hasPartialFrame {
            if self.partialSince.load(ordering: .relaxed) == 0 {
                self.partialSince.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
            }
        } else if self.partialSince.load(ordering: .relaxed) != 0 {
            self.partialSince.store(0, ordering: .relaxed)
        }
    }

    func noteFrame() {
        self.partialSince.store(0, ordering: .relaxed)
        self.touch()
    }

    /// Something happened on the connection (a frame, a stream ending): it is not idle.
    func touch() {
        self.lastFrame.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
    }

    /// How long the incomplete frame has been arriving; nil between frames.
    func partialFrameAge(now: NIODeadline) -> Duration? {
        let since = self.partialSince.load(ordering: .relaxed)
        guard since != 0, now.uptimeNanoseconds >= since else { return nil }
        return .nanoseconds(Int64(now.uptimeNanoseconds - since))
    }

    /// How long since the last frame (or `touch`).
    func quietFor(now: NIODeadline) -> Duration {
        let last = self.lastFrame.load(ordering: .relaxed)
        return .nanoseconds(Int64(now.uptimeNanoseconds >= last ? now.uptimeNanoseconds - last : 0))
    }
}

extension Channel {
    /// Adds the frame codec and wraps the channel for async use; the one pipeline both
    /// transports (and raw test clients) use. Call from the channel initializer.
    public func framedAsyncChannel(
        maximumFrameSize: Int,
        configuration: NIOAsyncChannel<Frame, Frame>.Configuration = .init()
    ) -> EventLoopFuture<NIOAsyncChannel<Frame, Frame>> {
        self.framedAsyncChannel(maximumFrameSize: maximumFrameSize, activity: nil, configuration: configuration)
    }

    func framedAsyncChannel(
        maximumFrameSize: Int,
        activity: ReadActivity?,
        configuration: NIOAsyncChannel<Frame, Frame>.Configuration = .init()
    ) -> EventLoopFuture<NIOAsyncChannel<Frame, Frame>> {
        self.eventLoop.makeCompletedFuture {
            try self.pipeline.syncOperations.addHandler(
                ByteToMessageHandler(FrameDecoder(maximumFrameSize: maximumFrameSize, activity: activity))
            )
            try self.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
            return try NIOAsyncChannel<Frame, Frame>(wrappingChannelSynchronously: self, configuration: configuration)
        }
    }
}
