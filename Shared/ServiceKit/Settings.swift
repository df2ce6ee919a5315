public import ArgumentParser
public import Foundation
public import RPCTransport

/// A setting that is missing or has a bad value. The message names both the flag and the
/// environment variable, so whoever starts the process knows exactly what to fix.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var setting: String
    public var reason: String

    public var description: String { "配置错误 / configuration error: \(self.setting): \(self.reason)" }
}

/// Resolves settings: a command-line flag wins, then the environment variable, then the
/// default; a required setting with none of the three fails at start-up.
public struct Settings: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    private func raw(flag: String?, env: String) -> String? {
        if let flag { return flag }
        if let value = self.environment[env], !value.isEmpty { return value }
        return nil
    }

    private static func name(_ flagName: String, _ env: String) -> String { "--\(flagName) / \(env)" }

    public func string(_ flag: String?, flagName: String, env: String, default fallback: String? = nil) throws -> String {
        guard let value = self.raw(flag: flag, env: env) ?? fallback else {
            throw ConfigurationError(setting: Self.name(flagName, env), reason: "missing (必填)")
        }
        return value
    }

    public func optionalString(_ flag: String?, env: String) -> String? {
        self.raw(flag: flag, env: env)
    }

    public func int(
        _ flag: String?,
        flagName: String,
        env: String,
        default fallback: Int? = nil,
        range: ClosedRange<Int>
    ) throws -> Int {
        guard let text = self.raw(flag: flag, env: env) else {
            if let fallback { return fallback }
            throw ConfigurationError(setting: Self.name(flagName, env), reason: "missing (必填)")
        }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                setting: Self.name(flagName, env),
                reason: "'\(text)' is not a whole number in \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return value
    }

    /// A `host:port` address of another service.
    public func address(
        _ flag: String?,
        flagName: String,
        env: String,
        default fallback: String
    ) throws -> (host: String, port: Int) {
        let text = try self.string(flag, flagName: flagName, env: env, default: fallback)
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port)
        else {
            throw ConfigurationError(setting: Self.name(flagName, env), reason: "'\(text)' is not host:port")
        }
        return (String(text[..<colon]), port)
    }

    /// A duration in seconds (decimals allowed, e.g. 0.5).
    public func seconds(
        _ flag: String?,
        flagName: String,
        env: String,
        default fallback: Duration,
        range: ClosedRange<Double>
    ) throws -> Duration {
        guard let text = self.raw(flag: flag, env: env) else { return fallback }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ConfigurationError(
                setting: Self.name(flagName, env),
                reason: "'\(text)' is not a number of seconds in \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    /// A value that `parse` reads from the text; its error, if any, is the reason given.
    public func parsed<T>(
        _ flag: String?,
        flagName: String,
        env: String,
        default fallback: String,
        _ parse: (String) throws -> T
    ) throws -> T {
        let text = try self.string(flag, flagName: flagName, env: env, default: fallback)
        do {
            return try parse(text)
        } catch {
            throw ConfigurationError(setting: Self.name(flagName, env), reason: "\(error)")
        }
    }

    public func choice<T: RawRepresentable & CaseIterable>(
        _ flag: String?,
        flagName: String,
        env: String,
        default fallback: T
    ) throws -> T where T.RawValue == String {
        guard let text = self.raw(flag: flag, env: env) else { return fallback }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(setting: Self.name(flagName, env), reason: "'\(text)' is not one of: \(allowed)")
        }
        return value
    }
}

/// How hard SQLite pushes a commit to disk (ARCHITECTURE.md, Storage).
public enum Durability: String, CaseIterable, Sendable {
    /// fsync on every commit: survives power loss. The default for official records.
    case full
    /// Survives a crash of the process, not of the machine.
    case normal
}

public enum LogLevelSetting: String, CaseIterable, Sendable {
    case trace, debug, info, notice, warning, error, critical
}

/// The flags every service executable takes. Each also reads an environment variable
/// named after the service (`ACCOUNTS_PORT`) or shared by all (`GRADUATE_DATA_DIR`).
public struct CommonOptions: ParsableArguments, Sendable {
    @Option(help: "Address to listen on (env <SERVICE>_HOST, default 127.0.0.1).")
    public var host: String?

    @Option(help: "TCP port for the RPC server (env <SERVICE>_PORT).")
    public var port: String?

    @Option(help: "Folder for this service's SQLite file (env GRADUATE_DATA_DIR).")
    public var dataDir: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL).")
    public var logLevel: String?

    @Option(help: "Port of the Prometheus /metrics endpoint, 0 for none (env <SERVICE>_METRICS_PORT).")
    public var metricsPort: String?

    @Option(help: "full or normal: SQLite synchronous mode (env GRADUATE_DURABILITY, default full).")
    public var durability: String?

    @Option(help: "PEM file of the token-signing public key (env GRADUATE_TOKEN_PUBLIC_KEY).")
    public var tokenPublicKey: String?

    @Option(help: "File holding the deployment's service secret, exchanged with accounts for service tokens (env GRADUATE_SERVICE_SECRET_FILE).")
    public var serviceSecretFile: String?

    @Option(help: "Seconds a frame may take to arrive once begun (env GRADUATE_RPC_READ_TIMEOUT, default 30).")
    public var rpcReadTimeout: String?

    @Option(help: "Seconds a connection may sit without calls before it is closed (env GRADUATE_RPC_IDLE_TIMEOUT, default 300).")
    public var rpcIdleTimeout: String?

    public init() {}
}

/// The resolved configuration of one service process.
public struct ServiceConfiguration: Sendable {
    public var serviceName: String
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var logLevel: LogLevelSetting
    public var metricsPort: Int
    public var durability: Durability
    public var tokenPublicKeyPath: String?
    /// The service secret's file (TokenPublicKey's sibling: ServiceTokens reads it).
    public var serviceSecretPath: String?
    /// The RPC server's limits and timeouts (docs/PROTOCOL.md §5).
    public var transportLimits: TransportLimits

    /// - Parameters:
    ///   - serviceName: lower-case name; its upper-case form prefixes the service's variables.
    ///   - requiresDataDirectory: false for a process that keeps no database.
    public static func resolve(
        _ options: CommonOptions,
        serviceName: String,
        defaultPort: Int,
        requiresDataDirectory: Bool = true,
        settings: Settings = Settings()
    ) throws -> ServiceConfiguration {
        let prefix = serviceName.uppercased().replacingOccurrences(of: "-", with: "_")
        var limits = TransportLimits()
        limits.readTimeout = try settings.seconds(
            options.rpcReadTimeout, flagName: "rpc-read-timeout", env: "GRADUATE_RPC_READ_TIMEOUT",
            default: limits.readTimeout, range: 0.1...3600
        )
        limits.idleTimeout = try settings.seconds(
            options.rpcIdleTimeout, flagName: "rpc-idle-timeout", env: "GRADUATE_RPC_IDLE_TIMEOUT",
            default: limits.idleTimeout, range: 0.1...86_400
        )
        return ServiceConfiguration(
            serviceName: serviceName,
            host: try settings.string(options.host, flagName: "host", env: "\(prefix)_HOST", default: "127.0.0.1"),
            port: try settings.int(options.port, flagName: "port", env: "\(prefix)_PORT", default: defaultPort, range: 0...65535),
            dataDirectory: try settings.string(
                options.dataDir,
                flagName: "data-dir",
                env: "GRADUATE_DATA_DIR",
                default: requiresDataDirectory ? nil : ""
            ),
            logLevel: try settings.choice(options.logLevel, flagName: "log-level", env: "LOG_LEVEL", default: .info),
            metricsPort: try settings.int(
                options.metricsPort,
                flagName: "metrics-port",
                env: "\(prefix)_METRICS_PORT",
                default: 0,
                range: 0...65535
            ),
            durability: try settings.choice(options.durability, flagName: "durability", env: "GRADUATE_DURABILITY", default: .full),
            tokenPublicKeyPath: settings.optionalString(options.tokenPublicKey, env: "GRADUATE_TOKEN_PUBLIC_KEY"),
            serviceSecretPath: settings.optionalString(options.serviceSecretFile, env: "GRADUATE_SERVICE_SECRET_FILE"),
            transportLimits: limits
        )
    }
}
