import Anonymizer
import Foundation
import Logging

/// One JSON object per line on stderr (`--log-format json`), for log shippers:
/// `{"ts":"…","level":"info","label":"veil","source":"Proxy","msg":"…","request.id":"…",…}`.
/// Metadata keys stay flat and dotted, as logged. Like every Veil log, no values or text.
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("ts", Date().formatted(.iso8601)), ("level", event.level.rawValue), ("label", label),
            ("source", event.source), ("msg", "\(event.message)"),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            if let value = merged[key] { fields.append((key, "\(value)")) }
        }
        let line = "{" + fields.map { "\(Self.quote($0.0)):\(Self.quote($0.1))" }.joined(separator: ",") + "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func quote(_ s: String) -> String { "\"" + JSONValue.escaped(s) + "\"" }
}
