import Foundation
import GraduateProto
import NIOCore
import NIOEmbedded
import RPCTransport
import SwiftProtobuf
import Testing

@Suite("Frame codec")
struct FrameCodecTests {
    private func frame(stream: UInt32, text: String) -> Frame {
        var frame = Frame()
        frame.streamID = stream
        frame.message = Data(text.utf8)
        return frame
    }

    private func encoded(_ frames: [Frame]) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        for frame in frames {
            try FrameEncoder().encode(data: frame, out: &buffer)
        }
        return buffer
    }

    @Test("a frame split across many reads is decoded once it is whole")
    func splitReads() throws {
        let whole = try self.encoded([self.frame(stream: 7, text: "毕业去向登记")])
        let decoder = FrameDecoder(maximumFrameSize: 1024)
        var buffer = ByteBuffer()
        var decoded: [Frame] = []
        for byte in whole.readableBytesView {
            buffer.writeInteger(byte)
            if let frame = try decoder.nextFrame(from: &buffer) { decoded.append(frame) }
        }
        #expect(decoded == [self.frame(stream: 7, text: "毕业去向登记")])
        #expect(buffer.readableBytes == 0)
    }

    @Test("several frames arriving in one read are all decoded, in order")
    func coalescedReads() throws {
        let frames = (1...5).map { self.frame(stream: UInt32($0), text: "message \($0)") }
        var buffer = try self.encoded(frames)
        let decoder = FrameDecoder(maximumFrameSize: 1024)
        var decoded: [Frame] = []
        while let frame = try decoder.nextFrame(from: &buffer) { decoded.append(frame) }
        #expect(decoded == frames)
    }

    @Test("an oversized length is refused from the prefix alone")
    func oversizedLength() throws {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(0xFFFF_FFF0), endianness: .big)
        let decoder = FrameDecoder(maximumFrameSize: 16 * 1024 * 1024)
        #expect(throws: FrameError.frameTooLarge(length: 0xFFFF_FFF0, maximum: 16 * 1024 * 1024)) {
            _ = try decoder.nextFrame(from: &buffer)
        }
    }

    @Test("a frame of exactly the maximum size is accepted")
    func maximumSizeAccepted() throws {
        var frame = Frame()
        frame.streamID = 1
        frame.message = Data(repeating: 0x41, count: 100)
        let size = (try frame.serializedBytes() as [UInt8]).count
        var buffer = try self.encoded([frame])
        #expect(try FrameDecoder(maximumFrameSize: size).nextFrame(from: &buffer) == frame)
        var again = try self.encoded([frame])
        #expect(throws: FrameError.self) { _ = try FrameDecoder(maximumFrameSize: size - 1).nextFrame(from: &again) }
    }

    @Test("a connection that ends inside a frame is an error, not a frame")
    func truncatedFrame() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameSize: 1024)))
        var whole = try self.encoded([self.frame(stream: 1, text: "complete"), self.frame(stream: 2, text: "cut short")])
        let truncated = whole.readSlice(length: whole.readableBytes - 3)!
        try channel.writeInbound(truncated)
        #expect(try channel.readInbound(as: Frame.self) == self.frame(stream: 1, text: "complete"))
        #expect(throws: FrameError.truncated(bufferedBytes: truncated.readableBytes - (try self.encoded([self.frame(stream: 1, text: "complete")]).readableBytes))) {
            _ = try channel.finish()
        }
    }

    @Test("bytes that are not a Frame are refused")
    func undecodableBody() throws {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(3), endianness: .big)
        buffer.writeBytes([0xFF, 0xFF, 0xFF])
        #expect(throws: FrameError.undecodable) { _ = try FrameDecoder(maximumFrameSize: 1024).nextFrame(from: &buffer) }
    }
}
