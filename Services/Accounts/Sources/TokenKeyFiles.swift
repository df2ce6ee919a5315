public import AuthKit
import Foundation

/// The token-signing key pair on disk in the accounts data folder: made on first start,
/// the private key readable by the owner only. Other services are given the public key
/// file (`--token-public-key`).
public enum TokenKeyFiles {
    public static func loadOrCreate(directory: String) throws -> TokenKeyPair {
        let privatePath = directory + "/accounts-token-private.pem"
        let publicPath = directory + "/token-public.pem"
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: privatePath), fileManager.fileExists(atPath: publicPath) {
            return TokenKeyPair(
                privateKeyPEM: try String(contentsOfFile: privatePath, encoding: .utf8),
                publicKeyPEM: try String(contentsOfFile: publicPath, encoding: .utf8)
            )
        }
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pair = try TokenKeyPair.generate()
        guard fileManager.createFile(atPath: privatePath, contents: Data(pair.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600]),
              fileManager.createFile(atPath: publicPath, contents: Data(pair.publicKeyPEM.utf8), attributes: [.posixPermissions: 0o644])
        else { throw CocoaError(.fileWriteUnknown) }
        return pair
    }
}
