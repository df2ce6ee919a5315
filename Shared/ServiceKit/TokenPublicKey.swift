public import Logging
import Foundation
import GRPCCore
import GraduateProto
import RPCTransport

/// The key the services other than accounts verify access tokens with.
public enum TokenPublicKey {
    /// From a file, or asked of the accounts service (waiting for it to come up, as in a
    /// compose start).
    public static func fetch(path: String?, accounts: (host: String, port: Int), logger: Logger) async throws -> String {
        if let path { return try String(contentsOfFile: path, encoding: .utf8) }
        return try await withGRPCClient(
            transport: TCPClientTransport(host: accounts.host, port: accounts.port)
        ) { client in
            let api = Graduate_Accounts_V1_Accounts.Client(wrapping: client)
            var options = CallOptions.defaults
            options.waitForReady = true
            options.timeout = .seconds(120)
            let key = try await api.getTokenPublicKey(.init(), options: options)
            logger.info("token public key received from accounts", metadata: ["address": "\(accounts.host):\(accounts.port)"])
            return key.pem
        }
    }
}
