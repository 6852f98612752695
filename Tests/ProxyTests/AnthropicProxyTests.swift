import Anonymizer
import HTTP1
import HTTPServer
import Logging
import T5
import Testing
import Upstream
@testable import Proxy

@Suite struct AnthropicHeaderPolicyTests {
    let client = HTTPFields([
        ("x-api-key", "sk-ant-client"), ("anthropic-version", "2023-06-01"), ("anthropic-beta", "tools-2024"),
        ("x-stainless-os", "Linux"), ("Content-Type", "application/json"), ("Cookie", "a=b"),
    ])

    @Test func clientKeyAndAnthropicHeadersAreForwarded() {
        let out = HeaderPolicy.anthropicUpstreamHeaders(from: client, apiKey: nil, dropClientCredentials: false)
        #expect(out.map(\.0) == ["x-api-key", "anthropic-version", "anthropic-beta", "Content-Type"])
    }

    @Test func veilsKeyReplacesTheClients() {
        let out = HeaderPolicy.anthropicUpstreamHeaders(from: client, apiKey: "sk-ant-veil", dropClientCredentials: true)
        #expect(out.filter { $0.0.lowercased() == "x-api-key" }.map(\.1) == ["sk-ant-veil"])
    }

    @Test func veilsOwnClientKeyNeverCrosses() {
        let fields = HTTPFields([("Authorization", "Bearer veil-key"), ("x-api-key", "veil-key")])
        let out = HeaderPolicy.anthropicUpstreamHeaders(from: fields, apiKey: nil, dropClientCredentials: true)
        #expect(!out.contains { $0.1.contains("veil-key") })
        #expect(out.map(\.0) == ["anthropic-version"])  // defaulted: the API requires it
    }

    @Test func responseHeadersAreAllowListed() {
        let fields = HeaderPolicy.anthropicClientHeaders(from: [
            ("request-id", "req_1"), ("anthropic-ratelimit-requests-remaining", "9"), ("x-should-retry", "false"),
            ("Set-Cookie", "x"), ("content-type", "application/json"),
        ])
        #expect(fields.map(\.name) == ["request-id", "anthropic-ratelimit-requests-remaining", "x-should-retry", "content-type"])
    }

    @Test func onlyTheBetaQueryCrosses() {
        #expect(AnthropicAPI.forwardedQuery("beta=true") == "?beta=true")
        #expect(AnthropicAPI.forwardedQuery("email=a@b.io&beta=true") == "?beta=true")
        #expect(AnthropicAPI.forwardedQuery("email=a@b.io") == "")
        #expect(AnthropicAPI.forwardedQuery(nil) == "")
    }

    @Test func veilKeysAreAcceptedFromXAPIKey() {
        let auth = APIKeyAuthenticator(keys: ["k1", "k2"])
        #expect(auth.authorize(apiKeyHeader: "k2"))
        #expect(!auth.authorize(apiKeyHeader: "k3"))
        #expect(!auth.authorize(apiKeyHeader: ""))
        #expect(!auth.authorize(apiKeyHeader: nil))
        #expect(APIKeyAuthenticator(keys: []).authorize(apiKeyHeader: nil))
    }
}

/// Paths that end before the upstream is contacted. The upstream is a closed port: had the
/// handler forwarded anything, the answer would be 502.
@Suite struct AnthropicHandlerFailClosedTests {
    func handler(apiKeys: [String] = [], anthropicKey: String? = nil, detectors: [any Detector] = PatternDetectors.all()) throws -> AnthropicHandler {
        let configuration = ProxyConfiguration(upstreamAPIKey: apiKeys.isEmpty ? nil : "k", apiKeys: apiKeys)
        let closed = UpstreamConfiguration(baseURL: "http://127.0.0.1:9")
        let proxy = ProxyHandler(configuration: configuration, upstream: try UpstreamClient(configuration: closed),
                                 anonymizer: Anonymizer(detectors: detectors), logger: Logger(label: "test"))
        return AnthropicHandler(proxy: proxy, upstream: try UpstreamClient(configuration: closed), apiKey: anthropicKey)
    }

    func request(_ body: String, headers: [(String, String)] = []) -> HTTPRequest {
        HTTPRequest(head: HTTPRequestHead(method: .post, target: "/v1/messages", fields: HTTPFields(headers)),
                    body: Array(body.utf8), id: "t1")
    }

    func errorType(_ response: HTTPResponse) throws -> String? {
        guard case .bytes(let bytes) = response.body else { return nil }
        let json = try JSONParser.parse(bytes)
        #expect(json["type"] == .string("error"))
        return json["error"]?["type"]?.stringValue
    }

    @Test(arguments: ["", "{", "[1]", #"{"messages":[{"role":"user","content":[{"type":"video"}]}]}"#,
                      #"{"messages":[{"role":"user","content":[{"type":"tool_result","content":[{"type":"tool_use"}]}]}]}"#])
    func unreadableBodiesAre400InAnthropicsShape(_ body: String) async throws {
        let response = try await handler().forward(request(body), route: .messages)
        #expect(response.status.code == 400)
        #expect(try errorType(response) == "invalid_request_error")
    }

    /// Issue #16 item 1: the Messages route used to catch only a full queue, so a job that
    /// waited past `model_queue_wait` became a 503 `anonymizer_unavailable` ("T5Error") without
    /// `Retry-After`. Both are now the OpenAI routes' answer in Anthropic's shape: 503
    /// `overloaded_error` with `Retry-After: 1`, nothing forwarded (the closed port would be 502).
    @Test(arguments: [T5Error.busy(queued: 64), .queueTimeout(waited: .seconds(30))])
    func fullOrSlowModelQueueIsAnOverloadedErrorWithRetryAfter(_ error: T5Error) async throws {
        let busy = ProxyHandlerFailClosedTests.BusyDetector(error: error)
        let response = try await handler(detectors: [busy]).forward(
            request(#"{"messages":[{"role":"user","content":"Alice"}]}"#), route: .messages)
        #expect(response.status.code == 503)
        #expect(response.fields["Retry-After"] == "1")
        #expect(try errorType(response) == "overloaded_error")
    }

    @Test func missingVeilKeyIs401() async throws {
        let response = try await handler(apiKeys: ["veil-key"], anthropicKey: "sk-ant").forward(
            request(#"{"messages":[]}"#, headers: [("x-api-key", "wrong")]), route: .messages)
        #expect(response.status.code == 401)
        #expect(try errorType(response) == "authentication_error")
    }

    @Test func clientKeysWithoutAnAnthropicKeyAreRefused() async throws {
        let response = try await handler(apiKeys: ["veil-key"]).forward(
            request(#"{"messages":[]}"#, headers: [("x-api-key", "veil-key")]), route: .messages)
        #expect(response.status.code == 503)
    }

    @Test func openAIRoutesAcceptTheVeilKeyFromXAPIKeyToo() async throws {
        let proxy = try handler(apiKeys: ["veil-key"]).proxy
        let chat = #"{"messages":[{"role":"user","content":"hi"}]}"#
        let accepted = await proxy.forwardAnonymized(request(chat, headers: [("x-api-key", "veil-key")]), endpoint: .chatCompletions)
        #expect(accepted.status.code == 502)  // authorized, then the closed port
        let refused = await proxy.forwardAnonymized(request(chat, headers: [("x-api-key", "other")]), endpoint: .chatCompletions)
        #expect(refused.status.code == 401)
    }

    @Test func aValidRequestReachesTheUpstream() async throws {
        // The closed port proves the request was forwarded: 502, as an Anthropic api_error.
        let response = try await handler(apiKeys: ["veil-key"], anthropicKey: "sk-ant").forward(
            request(#"{"messages":[{"role":"user","content":"mail a@b.io"}]}"#, headers: [("x-api-key", "veil-key")]), route: .countTokens)
        #expect(response.status.code == 502)
        #expect(try errorType(response) == "api_error")
    }
}

@Suite struct AnthropicEventRewriterTests {
    static let value = #"Bob "The Builder" O\Neil"#

    static func upstreamStream(_ token: String) -> String {
        let text = "Hi \(token), bye"
        let args = #"{"to":"\#(token)"}"#
        var s = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[]}}\n\n"
        s += "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        for piece in stride(from: 0, to: text.count, by: 4).map({ String(text.dropFirst($0).prefix(4)) }) {
            s += "event: content_block_delta\ndata: " + JSONValue.object([(key: "type", value: .string("content_block_delta")), (key: "index", value: .int(0)),
                (key: "delta", value: .object([(key: "type", value: .string("text_delta")), (key: "text", value: .string(piece))]))]).serialized() + "\n\n"
        }
        s += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        for piece in stride(from: 0, to: args.count, by: 5).map({ String(args.dropFirst($0).prefix(5)) }) {
            s += "event: content_block_delta\ndata: " + JSONValue.object([(key: "type", value: .string("content_block_delta")), (key: "index", value: .int(1)),
                (key: "delta", value: .object([(key: "type", value: .string("input_json_delta")), (key: "partial_json", value: .string(piece))]))]).serialized() + "\n\n"
        }
        s += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
        s += "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
        return s
    }

    @Test func streamDripFedByteByByteIsRestored() throws {
        var map = PlaceholderMap()
        let token = map.placeholder(for: Self.value, label: .name).token
        var parser = SSEParser()
        var rewriter = AnthropicEventRewriter(map: map)
        var out: [UInt8] = []
        for byte in Self.upstreamStream(token).utf8 {
            for event in try parser.feed([byte]) { out += rewriter.rewrite(event) }
        }
        out += rewriter.finish()
        var reparser = SSEParser()
        let events = try reparser.feed(out)
        var text = "", args = ""
        for event in events {
            let json = try JSONParser.parse(event.data)
            #expect(event.event == json["type"]?.stringValue)  // Anthropic names events after their type
            text += json["delta"]?["text"]?.stringValue ?? ""
            args += json["delta"]?["partial_json"]?.stringValue ?? ""
        }
        #expect(text == "Hi \(Self.value), bye")
        #expect(try JSONParser.parse(args)["to"] == .string(Self.value))
        #expect(events.last?.event == "message_stop")
    }

    @Test func failureEventIsAnAnthropicError() throws {
        let bytes = AnthropicEventRewriter(map: PlaceholderMap()).errorShape.streamEvent(code: "upstream_timeout", message: "late")
        var parser = SSEParser()
        let event = try #require(try parser.feed(bytes).first)
        #expect(event.event == "error")
        #expect(try JSONParser.parse(event.data)["error"]?["type"] == .string("api_error"))
    }
}

@Suite struct AnthropicConfigurationTests {
    @Test func preambleGoesIntoSystem() throws {
        let preamble = SystemPreamble(text: "KEEP")
        let string = preamble.insertAnthropic(into: try JSONParser.parse(#"{"system":"be nice","messages":[]}"#))
        #expect(string["system"] == .string("KEEP\n\nbe nice"))
        let blocks = preamble.insertAnthropic(into: try JSONParser.parse(#"{"system":[{"type":"text","text":"a"}]}"#))
        #expect(blocks["system"]?.arrayValue?.map { $0["text"] } == [.string("KEEP"), .string("a")])
        let none = preamble.insertAnthropic(into: try JSONParser.parse(#"{"messages":[]}"#))
        #expect(none.serialized() == #"{"system":"KEEP","messages":[]}"#)
    }

    @Test func anthropicUpstreamHasADefaultAndItsVariable() throws {
        #expect(VeilSettings().anthropicUpstream == "https://api.anthropic.com")
        let settings = try VeilSettings.resolve(file: nil, environment: ["VEIL_ANTHROPIC_UPSTREAM": "http://127.0.0.1:1", "VEIL_UPSTREAM": "http://x"])
        #expect(settings.anthropicUpstream == "http://127.0.0.1:1")
        var bad = settings
        try bad.apply("anthropic_upstream", .text("ftp://x"), from: .flag)
        #expect(throws: ConfigError.self) { try bad.validate() }
    }
}

@Suite struct AnthropicResponseRestorerTests {
    @Test func bodyThatIsNotJSONIsRefusedLikeOnTheOpenAIRoutes() {
        let page = Array("<html>overloaded</html>".utf8)
        for status in [200, 529] {
            do {
                _ = try AnthropicResponseRestorer(map: PlaceholderMap()).restore(page, status: status)
                Issue.record("a non-JSON body was relayed (HTTP \(status))")
            } catch {
                #expect(error.status.code == (status == 200 ? 502 : status))
                #expect(!error.message.contains("html"))
                guard case .bytes(let body) = error.anthropicResponse.body else { Issue.record("streamed error"); continue }
                #expect(String(decoding: body, as: UTF8.self).contains(#""type":"error""#))
            }
        }
    }
}
