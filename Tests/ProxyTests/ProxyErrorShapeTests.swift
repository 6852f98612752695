import Anonymizer
import HTTP1
import HTTPServer
import Logging
import Testing
import TestSupport
import Upstream
@testable import Proxy

/// Issue #16 item 3: the errors the server and the router answer by themselves (a bad head, a
/// body over `max_body`, an unknown path, a wrong method) come in the shape of the API the path
/// belongs to, through the proxy's `ProxyErrorResponder`: an Anthropic SDK gets
/// `{"type":"error","error":{…}}` on `/v1/messages`, an OpenAI SDK `{"error":{…,"code"}}`
/// elsewhere. Real `HTTPServer`, raw sockets; the upstream is a closed port.
@Suite struct ProxyErrorShapeTests {
    func withProxy(_ body: (Int) async throws -> Void) async throws {
        let logger = Logger(label: "test")
        let upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9"))
        let handler = ProxyHandler(configuration: ProxyConfiguration(), upstream: upstream,
                                   anonymizer: Anonymizer(detectors: PatternDetectors.all()), logger: logger)
        let anthropic = AnthropicHandler(proxy: handler, upstream: upstream, apiKey: nil)
        let router = ProxyRoutes.adding(anthropic, to: ProxyRoutes.router(for: handler))
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, limits: HTTPLimits(maxHeaderBytes: 4096, maxBodyBytes: 1024),
                                                   headerTimeout: .seconds(5), shutdownGrace: .seconds(2)),
            handler: router, logger: logger)
        try await whileServing(server, body)
    }

    func exchange(_ port: Int, _ request: String) async throws -> (status: Int, fields: HTTPFields, body: JSONValue) {
        let client = try await TestClient.connect(port: port)
        try await client.send(request)
        let response = try await client.readResponse()
        return (response.status, response.fields, try JSONParser.parse(response.body))
    }

    static let cases: [(name: String, request: @Sendable (String) -> String, status: Int, anthropicType: String, code: String)] = [
        ("body over max_body", { "POST \($0) HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" }, 413, "request_too_large", "body_too_large"),
        ("wrong method", { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }, 405, "invalid_request_error", "method_not_allowed"),
        ("unknown path below the route", { "POST \($0)/nope HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}" }, 404, "not_found_error", "not_found"),
        ("malformed head", { "POST \($0) HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n" }, 400, "invalid_request_error", "bad_request"),
        ("head over the limit", { "POST \($0) HTTP/1.1\r\nHost: x\r\nX-Pad: \(String(repeating: "p", count: 5000))\r\n\r\n" }, 431, "invalid_request_error", "header_too_large"),
    ]

    /// The same failure on `/v1/messages` and on `/v1/chat/completions`: Anthropic's shape
    /// with its error type there, OpenAI's with the server's code here.
    @Test(arguments: cases.indices)
    func serverErrorsComeInThePathsAPIShape(_ index: Int) async throws {
        let c = Self.cases[index]
        try await withProxy { port in
            let messages = try await exchange(port, c.request("/v1/messages"))
            #expect(messages.status == c.status, "\(c.name)")
            #expect(messages.body["type"] == .string("error"), "\(c.name)")
            #expect(messages.body["error"]?["type"] == .string(c.anthropicType), "\(c.name)")
            #expect(messages.body["error"]?["message"]?.stringValue?.isEmpty == false, "\(c.name)")
            if c.status == 405 { #expect(messages.fields["Allow"]?.contains("POST") == true, "\(c.name)") }

            let chat = try await exchange(port, c.request("/v1/chat/completions"))
            #expect(chat.status == c.status, "\(c.name)")
            #expect(chat.body["error"]?["code"] == .string(c.code), "\(c.name)")
            #expect(chat.body["error"]?["type"] == .string("invalid_request_error"), "\(c.name)")
            #expect(chat.body["type"] == nil, "\(c.name)")
        }
    }
}
