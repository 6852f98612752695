import Anonymizer
import HTTPServer
import Logging
import Sockets
import Synchronization
import Testing
import TestSupport
import Upstream
@testable import Proxy

/// Issue #15, items 8 and 12, through a real `HTTPServer` serving the proxy's routes: with
/// client keys, a request without a valid key is answered 401 right after its head, before a
/// body byte is read; path parameters that could leave their segment upstream are refused; logs
/// name routes, never paths. The upstream is a closed port: anything forwarded would be a 502.
@Suite struct HeadAuthenticationTests {
    static let key = "veil-client-key"

    func withProxy(
        apiKeys: [String] = [key], metricsAuth: Bool = true, logs: CapturedLogs = CapturedLogs(),
        _ body: (HTTPServer, Int) async throws -> Void
    ) async throws {
        let logger = logs.logger()
        let configuration = ProxyConfiguration(upstreamAPIKey: "sk-upstream", apiKeys: apiKeys, metricsRequireKey: metricsAuth)
        let upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9"))
        let handler = ProxyHandler(configuration: configuration, upstream: upstream,
                                   anonymizer: Anonymizer(detectors: PatternDetectors.all()), logger: logger)
        let anthropic = AnthropicHandler(proxy: handler, upstream: upstream, apiKey: "sk-ant-upstream")
        let router = ProxyRoutes.adding(anthropic, to: ProxyRoutes.router(for: handler))
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, headerTimeout: .seconds(5), shutdownGrace: .seconds(2)),
            handler: router, logger: logger)
        try await whileServing(server) { port in try await body(server, port) }
    }

    /// The body is declared (5 MB, under `max_body`) and never sent. Before the fix the server
    /// waited for it (408 after the 5 s header timeout): authentication
    /// ran in the handler, after the whole body had been read and held.
    @Test(arguments: ["/v1/chat/completions", "/v1/responses", "/v1/veil/anonymize", "/v1/messages", "/v1/unknown"])
    func requestWithoutKeyIs401RightAfterTheHead(_ path: String) async throws {
        try await withProxy { server, port in
            for credential in ["", "Authorization: Bearer wrong-key\r\n", "x-api-key: wrong-key\r\n"] {
                // The body is never sent: a 401 (not a 408 after the header timeout, nor a read timeout
                // here) proves the head alone was read; no wall-clock bound, which a loaded machine breaks.
                let client = try await TestClient.connect(port: port, timeout: .seconds(30))
                try await client.send("POST \(path) HTTP/1.1\r\nHost: x\r\n\(credential)Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n")
                let response = try await client.readResponse()
                let (status, body) = (response.status, response.text)
                #expect(status == 401, "\(path) \(credential)")
                #expect(response.fields["Connection"]?.lowercased() == "close")
                if path == "/v1/messages" {
                    #expect(body.contains(#""type":"authentication_error""#))  // the Anthropic SDK's shape
                } else {
                    #expect(body.contains("invalid_api_key"))
                }
                #expect(await client.isClosedByServer())
                #expect(server.bufferedBodyBytes == 0)
            }
        }
    }

    @Test func withAKeyTheBodyIsReadAndHandled() async throws {
        try await withProxy { _, port in
            let body = #"{"text":"mail bob.real@example.org"}"#
            for credential in ["Authorization: Bearer \(Self.key)", "x-api-key: \(Self.key)"] {
                let client = try await TestClient.connect(port: port)
                try await client.send("POST /v1/veil/anonymize HTTP/1.1\r\nHost: x\r\n\(credential)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                let answered = try await client.readResponse()
                let (status, answer) = (answered.status, answered.text)
                #expect(status == 200 && answer.contains("[EMAIL_1]"))
            }
        }
    }

    @Test func healthzStaysOpenAndMetricsFollowMetricsAuth() async throws {
        for metricsAuth in [true, false] {
            try await withProxy(metricsAuth: metricsAuth) { _, port in
                let refused = try await TestClient.connect(port: port)
                try await refused.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
                #expect(try await refused.readResponse().status == 401)
                let client = try await TestClient.connect(port: port)
                try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try await client.readResponse().status == 200)
                try await client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try await client.readResponse()
                let (status, body) = (response.status, response.text)
                #expect(status == (metricsAuth ? 401 : 200))
                if !metricsAuth {  // head-level refusals are counted like the handlers' own
                    #expect(body.contains(#"veil_requests_refused_total{code="invalid_api_key"} 1"#))
                    #expect(body.contains(#"veil_requests_total{route="/v1/chat/completions",status="401"} 1"#))
                }
            }
        }
    }

    /// Without client keys nothing is refused on the head: bodies are read as before.
    @Test func withoutClientKeysEveryHeadPasses() async throws {
        try await withProxy(apiKeys: []) { _, port in
            let client = try await TestClient.connect(port: port)
            let body = #"{"text":"hi"}"#
            try await client.send("POST /v1/veil/anonymize HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            #expect(try await client.readResponse().status == 200)
        }
    }

    // MARK: Item 12: path parameters and logs

    /// `%2F`, `%2e%2e`, `..` and friends in `/v1/models/{id}` would reach another upstream path
    /// (`/v1/files`, `/v1/`) with the provider's key attached: 400 `invalid_path`, nothing sent
    /// (a forwarded request would be a 502 from the closed upstream port).
    @Test(arguments: ["..%2Ffiles", "%2e%2e", "..", ".", "%2E", "..%2f..%2fv1%2ffiles", "a%2Fb", "a%5Cb", "a%252Fb", "..;",
                      "%2e%2e;x", "a%00b", "a%0Ab", "%C0%AE%C0%AE", "a%2", "a%zz"])
    func pathParametersThatCouldLeaveTheirSegmentAre400(_ id: String) async throws {
        try await withProxy { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /v1/models/\(id) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(Self.key)\r\n\r\n")
            let response = try await client.readResponse()
                let (status, body) = (response.status, response.text)
            #expect(status == 400, "\(id)")
            #expect(body.contains("invalid_path"))
        }
    }

    @Test(arguments: ["gpt-4o-mini", "ft:gpt-4o-mini:org::abc123", "text-embedding-3-small", "claude@20240620", "a...b", "...", "model%3Av1"])
    func ordinaryModelIdsAreForwarded(_ id: String) async throws {
        #expect(ProxyHandler.isSafePathParameter(id))
        try await withProxy { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /v1/models/\(id) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(Self.key)\r\n\r\n")
            #expect(try await client.readResponse().status == 502)  // forwarded: the closed upstream port answers
        }
    }

    /// Before, the request line logged `/v1/models/pathpii.leak@example.com` (and the upstream
    /// line the same): now both name the route template.
    @Test func logsNameTheRouteNotThePath() async throws {
        let logs = CapturedLogs()
        try await withProxy(logs: logs) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /v1/models/pathpii.leak@example.com HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(Self.key)\r\n\r\n")
            #expect(try await client.readResponse().status == 502)
            try await client.send("GET /v1/nowhere/pathpii.leak@example.com HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(Self.key)\r\n\r\n")
            #expect(try await client.readResponse().status == 404)
        }
        let records = logs.all
        #expect(records.filter { $0.message == "request" }.compactMap { $0.metadata["http.path"] } == ["/v1/models/:id", "(unmatched)"])
        #expect(records.contains { $0.metadata["upstream.path"] == "/v1/models/:id" })
        #expect(!records.map { "\($0.message) \($0.metadata)" }.joined().contains("pathpii"))
    }
}
