import Foundation
import GRPCCore
public import GraduateProto

public typealias Frame = Graduate_Rpc_V1_Frame

extension Metadata {
    /// The wire form of metadata this side wrote itself (keys are GRPCCore's, already valid).
    var entries: [Graduate_Rpc_V1_MetadataEntry] {
        self.map { element in
            var entry = Graduate_Rpc_V1_MetadataEntry()
            entry.key = element.key
            switch element.value {
            case .string(let text): entry.text = text
            case .binary(let bytes): entry.binary = Data(bytes)
            }
            return entry
        }
    }
}

extension Frame {
    static func requestHeaders(stream: UInt32, method: MethodDescriptor, metadata: Metadata) -> Frame {
        var headers = Graduate_Rpc_V1_RequestHeaders()
        headers.method = method.fullyQualifiedMethod
        headers.metadata = metadata.entries
        var frame = Frame()
        frame.streamID = stream
        frame.requestHeaders = headers
        return frame
    }

    static func responseHeaders(stream: UInt32, metadata: Metadata) -> Frame {
        var headers = Graduate_Rpc_V1_ResponseHeaders()
        headers.metadata = metadata.entries
        var frame = Frame()
        frame.streamID = stream
        frame.responseHeaders = headers
        return frame
    }

    static func message(stream: UInt32, _ bytes: WireBytes) -> Frame {
        var frame = Frame()
        frame.streamID = stream
        frame.message = bytes.data
        return frame
    }

    static func endOfStream(stream: UInt32) -> Frame {
        var frame = Frame()
        frame.streamID = stream
        frame.endOfStream = Graduate_Rpc_V1_EndOfStream()
        return frame
    }

    static func status(stream: UInt32, _ status: Status, trailers: Metadata) -> Frame {
        var wire = Graduate_Rpc_V1_Status()
        wire.code = Int32(status.code.rawValue)
        wire.message = status.message
        wire.trailers = trailers.entries
        var frame = Frame()
        frame.streamID = stream
        frame.status = wire
        return frame
    }

    static func cancel(stream: UInt32) -> Frame {
        var frame = Frame()
        frame.streamID = stream
        frame.cancel = Graduate_Rpc_V1_Cancel()
        return frame
    }

    static func goAway(lastStream: UInt32, code: Status.Code = .ok, message: String) -> Frame {
        var goAway = Graduate_Rpc_V1_GoAway()
        goAway.lastStreamID = lastStream
        goAway.code = Int32(code.rawValue)
        goAway.message = message
        var frame = Frame()
        frame.streamID = 0
        frame.goAway = goAway
        return frame
    }
}

extension Graduate_Rpc_V1_Status {
    /// The status as GRPCCore sees it; an unknown code number becomes `unknown`.
    var grpcStatus: Status {
        let code = Status.Code(rawValue: Int(self.code)) ?? .unknown
        return Status(code: code, message: self.message)
    }
}

extension MethodDescriptor {
    /// Parses "package.Service/Method"; nil for anything else.
    init?(wireName: String) {
        guard let slash = wireName.lastIndex(of: "/"), slash != wireName.startIndex else { return nil }
        let service = String(wireName[..<slash])
        let method = String(wireName[wireName.index(after: slash)...])
        guard !method.isEmpty, !service.contains("/") else { return nil }
        self.init(fullyQualifiedService: service, method: method)
    }
}
