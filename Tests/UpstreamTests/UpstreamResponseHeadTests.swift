import Testing
import TestSupport
@testable import Upstream

/// What reaches the caller of the response head: the final head only, never a followed redirect.
@Suite(.serialized) struct UpstreamResponseHeadTests {
    @Test func interimHeadIsSkipped() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let response = try await client.get("/early-hints")
        #expect(response.status == 200)
        #expect(response.headerValues("Link").isEmpty)
        #expect(try await response.body.collect(upTo: 16) == Array("ok".utf8))
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let response = try await client.get("/redirect")
        #expect(response.status == 302)
        #expect(response.headerValues("Location") == ["http://127.0.0.1:1/elsewhere"])
    }

    @Test func oversizedHeadIsAProtocolError() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock) { $0.maxResponseHeadBytes = 16 * 1024 }
        do {
            _ = try await client.get("/huge-head?n=40000")
            Issue.record("expected protocolError")
        } catch {
            #expect(error == .protocolError)
            #expect(error.message.contains("size bound"))
        }
        #expect(try await client.get("/huge-head?n=8000").status == 200)
    }
}
