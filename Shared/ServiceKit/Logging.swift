import Foundation
public import Logging
import Synchronization

/// The request being served, carried in a task-local so every log line written while
/// serving it names the request id without passing it around.
public struct RequestContext: Sendable {
    public var requestID: String
    /// The caller's `idempotency-key`, if it sent one: a retried command must not act twice.
    public var idempotencyKey: String?

    @TaskLocal public static var current: RequestContext?

    public init(requestID: String, idempotencyKey: String? = nil) {
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
    }
}

/// One JSON object per line on standard error: time, level, service, message, the request
/// id (if any) and the call's metadata. Easy to read and easy to ship to a log store.
public struct StructuredLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let service: String

    public init(label: String, service: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider?) {
        self.label = label
        self.service = service
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [
            "ts": Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)),
            "level": event.level.rawValue,
            "service": self.service,
            "logger": self.label,
            "msg": "\(event.message)",
        ]
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for (key, value) in merged { fields[key] = "\(value)" }
        let line = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        FileHandle.standardError.write(line + Data([0x0A]))
    }
}

extension Logger.MetadataProvider {
    /// Adds `request-id` to every log line written inside a request.
    public static let requestID = Logger.MetadataProvider {
        guard let context = RequestContext.current else { return [:] }
        return ["request-id": .string(context.requestID)]
    }
}

private let loggingBootstrapped = Atomic<Bool>(false)

/// Installs the structured log handler once per process (later calls do nothing, so tests
/// that start several services in one process are safe).
public func bootstrapLogging(service: String, level: LogLevelSetting) {
    guard loggingBootstrapped.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else {
        return
    }
    let logLevel = Logger.Level(rawValue: level.rawValue) ?? .info
    LoggingSystem.bootstrap({ label, provider in
        StructuredLogHandler(label: label, service: service, level: logLevel, metadataProvider: provider)
    }, metadataProvider: .requestID)
}
