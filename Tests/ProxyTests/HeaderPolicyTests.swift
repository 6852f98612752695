import HTTP1
import Testing
@testable import Proxy

@Suite struct HeaderPolicyTests {
    let client = HTTPFields([
        ("Authorization", "Bearer sk-client"), ("OpenAI-Organization", "org"), ("Connection", "keep-alive"),
        ("Content-Type", "application/json"), ("Cookie", "s=1"), ("X-Forwarded-For", "1.2.3.4"), ("Host", "evil"),
    ])

    @Test func forwardsOnlyTheAllowList() {
        let out = HeaderPolicy.upstreamHeaders(from: client, upstreamAPIKey: nil)
        #expect(out.map(\.0) == ["Authorization", "OpenAI-Organization", "Content-Type"])
    }

    @Test func veilHeldKeyReplacesClientAuthorization() {
        let out = HeaderPolicy.upstreamHeaders(from: client, upstreamAPIKey: "sk-upstream")
        #expect(out.filter { $0.0.lowercased() == "authorization" }.map(\.1) == ["Bearer sk-upstream"])
    }

    @Test func responseHeadersDropFramingAndUnknown() {
        let out = HeaderPolicy.clientHeaders(from: [
            ("Content-Type", "application/json"), ("Content-Length", "10"), ("Transfer-Encoding", "chunked"),
            ("Content-Encoding", "gzip"), ("Set-Cookie", "x"), ("x-ratelimit-remaining-requests", "9"),
            ("x-request-id", "req_1"), ("X-Evil", "a\r\nInjected: 1"),
        ])
        #expect(out.fields.map(\.name) == ["Content-Type", "x-ratelimit-remaining-requests", "x-request-id"])
    }
}
