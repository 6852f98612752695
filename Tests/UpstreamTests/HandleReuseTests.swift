import Foundation
import Testing
import TestSupport
@testable import Upstream

/// Easy handles are reset (curl_easy_reset(3)) and reused across exchanges: nothing of one exchange — method, body,
/// custom method, header lines — may leak into the next one that gets the same handle.
@Suite(.serialized) struct HandleReuseTests {
    /// Sends `request` to the mock's any-method `/status/200` route, then reads back what the mock received
    /// (`GET /_last`, itself an exchange on a reused handle).
    private func echo(_ client: UpstreamClient, _ request: UpstreamRequest) async throws -> Echo {
        var request = request
        request.path = "/status/200" + request.path
        _ = try await client.execute(request).body.collect(upTo: 1 << 16)
        return try await client.getJSON("/_last")
    }

    @Test func sequentialExchangesOnReusedHandlesStartClean() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let put = try await echo(client, UpstreamRequest(method: "PUT", path: "", headers: [
            ("Content-Type", "text/plain"), ("X-Only-First", "1"),
        ], body: Array("first body".utf8)))
        #expect(put.method == "PUT")
        #expect(put.body == "first body")

        // Same single handle (one exchange at a time): a GET after a PUT with a body and a custom method.
        let get = try await echo(client, UpstreamRequest(method: "GET", path: "?second"))
        #expect(get.method == "GET")
        #expect(get.query == "second")
        #expect(get.body_len == 0)
        #expect(get.values("X-Only-First").isEmpty)
        #expect(get.values("Content-Length").isEmpty)

        let head = try await client.execute(UpstreamRequest(method: "HEAD", path: "/status/200"))
        #expect(try await head.body.collect(upTo: 1 << 16).isEmpty)

        // After a HEAD (CURLOPT_NOBODY), a POST must get its body again.
        let post = try await echo(client, UpstreamRequest(method: "POST", path: "", body: Array("third".utf8)))
        #expect(post.method == "POST")
        #expect(post.body == "third")
        #expect(post.values("Content-Type").isEmpty)
    }
}
