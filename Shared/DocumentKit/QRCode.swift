import CQRencode

/// A QR code's module matrix (ISO/IEC 18004), made by libqrencode with error correction
/// level M (15 % of the code may be damaged). `true` is a dark module. The matrix has no
/// quiet zone; whoever draws it leaves `QRCode.quietZone` light modules around it.
public struct QRCode: Sendable, Hashable {
    /// Modules per side (21 for version 1, +4 per version).
    public let size: Int
    /// The QR version, 1…40.
    public let version: Int
    /// Row-major, `size * size` modules.
    private let modules: [Bool]

    /// The light border, in modules, a reader needs around the code.
    public static let quietZone = 4

    public enum Problem: Error, Equatable, Sendable {
        case empty
        case tooLong(bytes: Int)

        public var message: String {
            switch self {
            case .empty: "二维码内容不能为空"
            case .tooLong(let bytes): "二维码内容过长（\(bytes)字节）"
            }
        }
    }

    /// Encodes `text` (typically a verification URL) as UTF-8, in the smallest version that holds it.
    public init(_ text: String) throws(Problem) {
        let bytes = text.utf8.count
        guard bytes > 0 else { throw .empty }
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw .tooLong(bytes: bytes)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        self.size = width
        self.version = Int(code.pointee.version)
        // Bit 0 of each byte is the module's colour; the other bits describe its role.
        self.modules = data.map { $0 & 1 == 1 }
    }

    /// Whether the module at `row`, `column` (from the top left, 0-based) is dark.
    public subscript(row: Int, column: Int) -> Bool {
        precondition((0..<self.size).contains(row) && (0..<self.size).contains(column), "module outside the code")
        return self.modules[row * self.size + column]
    }

    /// The matrix as rows of modules, top to bottom.
    public var rows: [[Bool]] {
        (0..<self.size).map { row in Array(self.modules[(row * self.size)..<((row + 1) * self.size)]) }
    }

    /// Dark runs per row as (row, first column, length): what a vector drawing fills, one
    /// rectangle per run instead of one per module.
    var darkRuns: [(row: Int, column: Int, length: Int)] {
        var runs: [(row: Int, column: Int, length: Int)] = []
        for row in 0..<self.size {
            var column = 0
            while column < self.size {
                guard self[row, column] else { column += 1; continue }
                let start = column
                while column < self.size && self[row, column] { column += 1 }
                runs.append((row, start, column - start))
            }
        }
        return runs
    }
}
