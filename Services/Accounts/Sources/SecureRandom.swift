import Foundation

/// Secrets (salts, refresh tokens, API keys) from the system's cryptographic generator
/// (`SystemRandomNumberGenerator` reads getrandom on Linux).
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// `count` random bytes as URL-safe base64 without padding, fit for a header or a URL.
    static func urlSafeToken(bytes count: Int) -> String {
        Data(Self.bytes(count)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
