import Logging
import Synchronization
import Testing
import TestSupport
@testable import Upstream

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
