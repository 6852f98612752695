import Foundation
import Testing
import TestSupport
@testable import Upstream

/// Round trips against the Python mock over real libcurl.
@Suite(.serialized) struct UpstreamClientTests {
    @Test func statusHeadersAndBodyRoundTrip() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let response = try await client.get("/status/418")
        #expect(response.status == 418)
        #expect(response.headerValues("content-type") == ["application/json"])
        #expect(response.headerValues("Server").first?.hasPrefix("VeilMock") == true)
        let body = try await response.body.collect(upTo: 4096)
        #expect(String(decoding: body, as: UTF8.self).contains("status 418"))
    }

    @Test func requestHeadersAndBodyArriveExactly() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let payload: [UInt8] = Array(0...255) + Array("{\"x\":\"é\"}".utf8)
        let request = UpstreamRequest(method: "POST", path: "/echo?model=m&a=%20", headers: [
            ("Authorization", "Bearer sk-test"), ("X-Dup", "one"), ("X-Dup", "two"),
            ("Content-Type", "application/octet-stream"), ("Host", "evil.example"),
        ], body: payload)
        let response = try await client.execute(request)
        #expect(response.status == 200)
        let echo = try JSONDecoder().decode(Echo.self, from: Data(try await response.body.collect(upTo: 1 << 16)))
        #expect(echo.method == "POST")
        #expect(echo.path == "/echo")
        #expect(echo.query == "model=m&a=%20")
        #expect(echo.body_len == payload.count)
        #expect(Array(echo.body.unicodeScalars.map { UInt8($0.value) }) == payload)
        #expect(echo.values("Authorization") == ["Bearer sk-test"])
        #expect(echo.values("X-Dup") == ["one", "two"])
        #expect(echo.values("Content-Type") == ["application/octet-stream"])
        #expect(echo.values("Host") == ["127.0.0.1:\(mock.port)"])
        #expect(echo.values("Content-Length") == ["\(payload.count)"])
        #expect(echo.values("Expect").isEmpty)
        #expect(echo.values("Accept-Encoding").first?.contains("gzip") == true)
    }

    @Test func postWithoutContentTypeGetsNoFormDefault() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let response = try await client.execute(UpstreamRequest(method: "POST", path: "/echo", body: Array("a=b".utf8)))
        let echo = try JSONDecoder().decode(Echo.self, from: Data(try await response.body.collect(upTo: 1 << 16)))
        #expect(echo.values("Content-Type").isEmpty)
        #expect(echo.body == "a=b")
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        for i in 0..<10 {
            let response = try await client.execute(
                UpstreamRequest(method: "POST", path: "/echo", body: Array("request \(i)".utf8)))
            _ = try await response.body.collect(upTo: 1 << 16)
        }
        let stats: MockConnections = try await client.getJSON("/_connections")
        #expect(stats.accepted == 1)
    }

    @Test func gzipBodyIsInflatedTransparently() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let response = try await client.get("/gzip")
        #expect(response.headerValues("Content-Encoding").isEmpty)
        #expect(response.headerValues("Content-Length").isEmpty)
        let body = try await response.body.collect(upTo: 1 << 16)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(object["compressed"] as? Bool == true)
        #expect((object["text"] as? String)?.hasPrefix("veil veil") == true)
    }

    @Test func twentyConcurrentRequestsEachGetTheirOwnAnswer() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<20 {
                group.addTask {
                    let response = try await client.execute(
                        UpstreamRequest(method: "POST", path: "/echo", body: Array("payload-\(i)".utf8)))
                    let echo = try JSONDecoder().decode(
                        Echo.self, from: Data(try await response.body.collect(upTo: 1 << 16)))
                    return (i, echo.body)
                }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.count == 20)
        for (i, body) in results { #expect(body == "payload-\(i)") }
    }

    @Test func headRequestHasNoBody() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let response = try await client.execute(UpstreamRequest(method: "HEAD", path: "/status/204"))
        #expect(response.status == 204)
        #expect(try await response.body.collect(upTo: 0).isEmpty)
    }

    @Test func invalidRequestNeverReachesTheUpstream() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        await #expect(throws: UpstreamError.invalidRequest) {
            _ = try await client.execute(UpstreamRequest(path: "/echo", headers: [("X", "a\nb")]))
        }
        let stats: MockConnections = try await client.getJSON("/_connections")
        #expect(stats.accepted == 1)  // only this statistics request
    }
}
