import Foundation

/// The type of an uploaded scan (营业执照, signed agreements), read from its first bytes:
/// the name a browser sends proves nothing.
public enum ScanType: String, Sendable, CaseIterable {
    case pdf = "application/pdf"
    case jpeg = "image/jpeg"
    case png = "image/png"

    public init?(detecting content: some Collection<UInt8>) {
        if content.starts(with: Array("%PDF-".utf8)) {
            self = .pdf
        } else if content.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if content.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else {
            return nil
        }
    }

    public var contentType: String { self.rawValue }

    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .jpeg: "jpg"
        case .png: "png"
        }
    }
}
