import Logging
import Synchronization

/// Collects log records in memory, at every level: the logger's own metadata merged under each
/// event's (the event wins), values as strings. For tests that check what a log line says — and
/// that no value reaches it.
public final class CapturedLogs: Sendable {
    public struct Record: Sendable {
        public let level: Logger.Level
        public let message: String
        public let metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    public init() {}

    public var all: [Record] { records.withLock { $0 } }

    public func logger(label: String = "test") -> Logger {
        Logger(label: label) { _ in Handler(sink: self) }
    }

    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let flat = (event.metadata ?? [:]).merging(metadata) { event, _ in event }.mapValues { "\($0)" }
            sink.records.withLock { $0.append(Record(level: event.level, message: "\(event.message)", metadata: flat)) }
        }
    }
}
