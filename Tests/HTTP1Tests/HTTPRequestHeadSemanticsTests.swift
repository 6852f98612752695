import HTTP1
import Testing

@Suite struct HTTPRequestHeadSemanticsTests {
    static func request(_ fields: [(String, String)], target: String = "/") -> HTTPRequestHead {
        request(.http1_1, fields, target: target)
    }

    static func request(_ version: HTTPVersion, _ fields: [(String, String)], target: String = "/") -> HTTPRequestHead {
        HTTPRequestHead(method: .post, target: target, version: version, fields: HTTPFields(fields))
    }

    @Test func keepAliveRules() {
        #expect(Self.request([]).keepAlive)
        #expect(!Self.request([("Connection", "close")]).keepAlive)
        #expect(!Self.request([("connection", "keep-alive"), ("Connection", "CLOSE")]).keepAlive)
        #expect(!Self.request(.http1_0, []).keepAlive)
        #expect(Self.request(.http1_0, [("Connection", "foo, Keep-Alive")]).keepAlive)
        #expect(!Self.request(.http1_0, [("Connection", "keep-alive, close")]).keepAlive)
    }

    @Test func expectContinue() {
        #expect(Self.request([("Expect", "100-Continue")]).expectsContinue)
        #expect(!Self.request([]).expectsContinue)
        #expect(!Self.request(.http1_0, [("Expect", "100-continue")]).expectsContinue, "ignored in HTTP/1.0")
        #expect(Self.request([("Expect", "something-else")]).hasUnsupportedExpectation)
        #expect(!Self.request([("Expect", "100-continue")]).hasUnsupportedExpectation)
    }

    @Test func contentEncodings() {
        #expect(Self.request([]).contentEncoding == .identity)
        #expect(Self.request([("Content-Encoding", "identity")]).contentEncoding == .identity)
        #expect(Self.request([("Content-Encoding", "GZIP")]).contentEncoding == .gzip)
        #expect(Self.request([("Content-Encoding", "x-gzip")]).contentEncoding == .gzip)
        #expect(Self.request([("Content-Encoding", "deflate")]).contentEncoding == .deflate)
        #expect(Self.request([("Content-Encoding", "br")]).contentEncoding == .unsupported("br"))
        #expect(Self.request([("Content-Encoding", "gzip, gzip")]).contentEncoding == .unsupported("gzip, gzip"))
    }

    @Test func contentLength() {
        #expect(Self.request([("Content-Length", "42")]).contentLength == 42)
        #expect(Self.request([]).contentLength == nil)
        #expect(Self.request([("Content-Length", "x")]).contentLength == nil)
    }

    @Test func absoluteFormRoutesByPathOnly() {
        let absolute = Self.request([], target: "http://evil.example:8080/v1/chat/completions?stream=1")
        #expect(absolute.isAbsoluteForm)
        #expect(absolute.originForm == "/v1/chat/completions?stream=1")
        #expect(absolute.path == "/v1/chat/completions")
        #expect(absolute.query == "stream=1")
        #expect(Self.request([], target: "https://h").originForm == "/")
        #expect(Self.request([], target: "http://h?q").originForm == "/?q")
        let origin = Self.request([], target: "/v1/models?x=1")
        #expect(!origin.isAbsoluteForm)
        #expect(origin.path == "/v1/models")
        #expect(origin.query == "x=1")
        #expect(Self.request([], target: "*").originForm == "*")
    }
}
