import Logging
import Synchronization
import Testing
import TestSupport
@testable import Upstream

/// Collects log records in memory.
final class CapturedLogs: Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    func logger() -> Logger {
        Logger(label: "test") { _ in Handler(sink: self) }
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
            let flat = (event.metadata ?? [:]).mapValues { "\($0)" }
            sink.records.withLock { $0.append(Record(level: event.level, message: "\(event.message)", metadata: flat)) }
        }
    }
}

@Suite(.serialized) struct UpstreamLoggingTests {
    @Test func logsTimingsAndCountsButNoHeaderValuesQueryOrBody() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let logs = CapturedLogs()
        let request = UpstreamRequest(method: "POST", path: "/echo?api-key=query-secret",
                                      headers: [("Authorization", "Bearer header-secret")],
                                      body: Array("body-secret".utf8))
        let response = try await client.execute(request, logger: logs.logger())
        _ = try await response.body.collect(upTo: 1 << 16)
        let logged = await eventually { !logs.all.isEmpty }
        #expect(logged)
        let record = try #require(logs.all.first)
        #expect(record.metadata["upstream.method"] == "POST")
        #expect(record.metadata["upstream.path"] == "/echo")
        #expect(record.metadata["upstream.status"] == "200")
        #expect(record.metadata["upstream.bytes"].flatMap(Int.init).map { $0 > 0 } == true)
        #expect(record.metadata["upstream.head_ms"] != nil)
        #expect(record.metadata["upstream.total_ms"] != nil)
        let everything = logs.all.map { "\($0.message) \($0.metadata)" }.joined()
        for secret in ["query-secret", "header-secret", "body-secret"] { #expect(!everything.contains(secret)) }
    }
}
