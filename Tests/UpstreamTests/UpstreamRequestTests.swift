import Testing
@testable import Upstream

@Suite struct UpstreamRequestTests {
    @Test func refusesHeaderInjection() {
        let request = UpstreamRequest(path: "/v1", headers: [("X-A", "ok\r\nHost: evil")])
        #expect(throws: UpstreamError.invalidRequest) { try request.validate() }
        let badName = UpstreamRequest(path: "/v1", headers: [("X A", "v")])
        #expect(throws: UpstreamError.invalidRequest) { try badName.validate() }
        let badMethod = UpstreamRequest(method: "GET /x", path: "/v1")
        #expect(throws: UpstreamError.invalidRequest) { try badMethod.validate() }
        #expect(throws: UpstreamError.invalidRequest) { try UpstreamRequest(method: "CONNECT", path: "/").validate() }
    }

    @Test func requiresARelativePath() {
        for path in ["http://evil.example/", "@evil.example/", "v1/chat", "/a b", "/x#frag", "/é", ""] {
            #expect(throws: UpstreamError.invalidRequest) { try UpstreamRequest(path: path).validate() }
        }
        #expect(throws: Never.self) { try UpstreamRequest(path: "/v1/chat/completions?a=1&b=%20").validate() }
    }

    @Test func dropsManagedHeadersAndSuppressesCurlDefaults() {
        let request = UpstreamRequest(method: "POST", path: "/", headers: [
            ("Host", "evil"), ("Content-Length", "1"), ("Transfer-Encoding", "chunked"), ("Authorization", "Bearer k"),
            ("Accept-Encoding", "br"), ("X-Empty", ""),
        ])
        #expect(request.curlHeaderLines() == ["Authorization: Bearer k", "X-Empty;", "Expect:", "Content-Type:"])
        let typed = UpstreamRequest(method: "POST", path: "/", headers: [("content-type", "application/json")])
        #expect(typed.curlHeaderLines() == ["content-type: application/json", "Expect:"])
    }

    @Test func logsThePathWithoutQuery() {
        #expect(UpstreamRequest(path: "/v1/chat?key=secret").pathForLogging == "/v1/chat")
    }

    /// Issue #16 item 13: errors name the upstream as host and port.
    @Test func targetIsHostAndPort() {
        #expect(UpstreamConfiguration(baseURL: "https://api.openai.com/").target == "api.openai.com:443")
        #expect(UpstreamConfiguration(baseURL: "http://127.0.0.1:9999/prefix").target == "127.0.0.1:9999")
        #expect(UpstreamConfiguration(baseURL: "http://mock.internal").target == "mock.internal:80")
        #expect(UpstreamConfiguration(baseURL: "http://[::1]:8080/v1").target == "[::1]:8080")
    }

    @Test func validatesTheBaseURL() throws {
        #expect(try UpstreamConfiguration(baseURL: "https://api.openai.com/").validatedBaseURL()
                == "https://api.openai.com")
        #expect(try UpstreamConfiguration(baseURL: "http://127.0.0.1:9999/prefix").validatedBaseURL()
                == "http://127.0.0.1:9999/prefix")
        for bad in ["ftp://host", "https://user@host", "https://host?q", "host:80", "https://", "file:///etc"] {
            #expect(throws: UpstreamError.invalidRequest) { try UpstreamConfiguration(baseURL: bad).validatedBaseURL() }
        }
    }

    @Test func errorsKnowTheirGatewayStatus() {
        #expect(UpstreamError.timeout.httpStatus == 504)
        #expect(UpstreamError.connectFailed.httpStatus == 502)
        #expect(UpstreamError.tls.httpStatus == 502)
        #expect(UpstreamError(kind: .timeout, curlCode: 28, message: "x") == .timeout)
    }
}
