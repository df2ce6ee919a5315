import Crypto
import CryptoExtras
import Foundation

/// Passwords are stored as scrypt hashes with a random salt, never in any reversible form.
/// Stored format: `scrypt$N$r$p$salt(base64)$hash(base64)`, so parameters can be raised
/// later without invalidating existing hashes.
struct PasswordHasher: Sendable {
    /// scrypt cost: 2^14 with r=8 uses 16 MiB and about 50 ms per hash (OWASP's minimum is
    /// 2^17 with r=8, p=1 for new systems with more memory per request; see README).
    var rounds = 16_384
    var blockSize = 8
    var parallelism = 1

    /// Cheap parameters for tests that create many accounts.
    static let forTests = PasswordHasher(rounds: 1_024, blockSize: 8, parallelism: 1)

    func hash(_ password: String) throws -> String {
        let salt = SecureRandom.bytes(16)
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32,
            rounds: self.rounds, blockSize: self.blockSize, parallelism: self.parallelism
        )
        let hash = key.withUnsafeBytes { Data($0) }
        return "scrypt$\(self.rounds)$\(self.blockSize)$\(self.parallelism)$\(Data(salt).base64EncodedString())$\(hash.base64EncodedString())"
    }

    /// A well-formed hash with this hasher's parameters that no password matches (its key
    /// is 32 zero bytes), checked when a sign-in names no account: the attempt then costs the
    /// same scrypt derivation as one against a real account, so timing does not tell which exist.
    var unknownAccountHash: String {
        "scrypt$\(self.rounds)$\(self.blockSize)$\(self.parallelism)$"
            + "AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    }

    /// The parts of a stored hash, or nil if it is not one this hasher wrote.
    static func parse(_ stored: String) -> (rounds: Int, blockSize: Int, parallelism: Int, salt: Data, key: Data)? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "scrypt",
              let rounds = Int(parts[1]), let blockSize = Int(parts[2]), let parallelism = Int(parts[3]),
              let salt = Data(base64Encoded: parts[4]), let key = Data(base64Encoded: parts[5]), !key.isEmpty
        else { return nil }
        return (rounds, blockSize, parallelism, salt, key)
    }

    /// Checks `password` against a stored hash, with the parameters stored alongside it.
    static func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Self.parse(stored),
              let key = try? KDF.Scrypt.deriveKey(
                  from: Array(password.utf8), salt: parsed.salt, outputByteCount: parsed.key.count,
                  rounds: parsed.rounds, blockSize: parsed.blockSize, parallelism: parsed.parallelism
              )
        else { return false }
        let actual = key.withUnsafeBytes { Data($0) }
        // Constant time: every byte is compared whatever the first difference.
        return actual.count == parsed.key.count && zip(actual, parsed.key).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A first password for a new or reset account: 12 characters without look-alikes.
    static func initialPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// Rules for a password a person chooses.
    static func problem(withNewPassword password: String) -> String? {
        if password.count < 8 { return "新密码至少8位" }
        if password.count > 64 { return "新密码最多64位" }
        let hasLetter = password.contains(where: \.isLetter)
        let hasDigit = password.contains(where: \.isNumber)
        if !(hasLetter && hasDigit) { return "新密码须同时包含字母和数字" }
        return nil
    }
}
