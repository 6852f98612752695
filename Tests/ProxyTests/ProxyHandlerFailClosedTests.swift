import Anonymizer
import HTTPServer
import Logging
import T5
import Testing
import Upstream
@testable import Proxy
@testable import Tagger

/// Fail-closed paths that end before the upstream is contacted. The upstream here is a closed
/// port: had the handler forwarded anything, the answer would be 502, not the status expected.
@Suite struct ProxyHandlerFailClosedTests {
    struct FailingDetector: Detector {
        struct Boom: Error {}
        let name = "failing"
        let supportedLabels: Set<EntityLabel> = [.name]
        func detect(in input: DetectionInput) async throws -> [Span] { throw Boom() }
    }

    func handler(detectors: [any Detector], apiKeys: [String] = []) throws -> ProxyHandler {
        let configuration = ProxyConfiguration(upstreamAPIKey: apiKeys.isEmpty ? nil : "k", apiKeys: apiKeys)
        let upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9"))
        return ProxyHandler(configuration: configuration, upstream: upstream,
                            anonymizer: Anonymizer(detectors: detectors), logger: Logger(label: "test"))
    }

    func request(_ body: String, headers: [(String, String)] = []) -> HTTPRequest {
        HTTPRequest(head: HTTPRequestHead(method: .post, target: "/v1/chat/completions", fields: HTTPFields(headers)),
                    body: Array(body.utf8), id: "t1")
    }

    static let chat = #"{"model":"m","messages":[{"role":"user","content":"Alice"}]}"#

    /// A model detector whose engine is full or slow: the engine's error goes through the Tagger's
    /// own mapping (``ModelDetector/overloadAsDetectorError(_:)``), as in `ModelDetector.detect`, so
    /// the proxy sees `DetectorError.overloaded` and never the engine's type.
    struct BusyDetector: Detector {
        var error = T5Error.busy(queued: 64)
        let name = "busy"
        let supportedLabels: Set<EntityLabel> = [.name]
        func detect(in input: DetectionInput) async throws -> [Span] {
            try await ModelDetector.overloadAsDetectorError { () async throws -> [Span] in throw error }
        }
    }

    @Test(arguments: [T5Error.busy(queued: 64), .queueTimeout(waited: .seconds(30))])
    func engineOverloadReachesTheProxyAsADetectorError(_ error: T5Error) async {
        await #expect(throws: DetectorError.overloaded) { try await BusyDetector(error: error).detect(in: DetectionInput("x")) }
        await #expect(throws: T5Error.cancelled) {
            try await ModelDetector.overloadAsDetectorError { () async throws -> Int in throw T5Error.cancelled }
        }
    }

    /// A full model queue and a job that waited past `model_queue_wait` are the same answer:
    /// 503 with Retry-After, and nothing forwarded (the closed upstream would have made it 502).
    @Test(arguments: [T5Error.busy(queued: 64), .queueTimeout(waited: .seconds(30))])
    func fullOrSlowModelQueueIs503WithRetryAfter(_ error: T5Error) async throws {
        let response = try await handler(detectors: [BusyDetector(error: error)]).forwardAnonymized(request(Self.chat), endpoint: .chatCompletions)
        #expect(response.status.code == 503)
        #expect(response.fields["Retry-After"] == "1")
        guard case .bytes(let body) = response.body else { Issue.record("streamed error"); return }
        #expect(String(decoding: body, as: UTF8.self).contains("anonymizer_overloaded"))
    }

    @Test func anonymizerFailureIs503() async throws {
        let response = try await handler(detectors: [FailingDetector()]).forwardAnonymized(request(Self.chat), endpoint: .chatCompletions)
        #expect(response.status.code == 503)
    }

    @Test(arguments: ["", "{", "[1,2]", #"{"messages":"x"}"#, #"{"messages":[{"role":"user","content":[{"type":"mystery"}]}]}"#])
    func unreadableBodiesAre400(_ body: String) async throws {
        let response = try await handler(detectors: PatternDetectors.all()).forwardAnonymized(request(body), endpoint: .chatCompletions)
        #expect(response.status.code == 400)
    }

    @Test func missingVeilKeyIs401() async throws {
        let response = try await handler(detectors: [], apiKeys: ["secret-key"]).forwardAnonymized(request(Self.chat), endpoint: .chatCompletions)
        #expect(response.status.code == 401)
    }

    @Test func invalidLabelsHeaderIs400() async throws {
        let response = try await handler(detectors: []).forwardAnonymized(
            request(Self.chat, headers: [("X-Veil-Labels", "EMAIL, bad label!")]), endpoint: .chatCompletions)
        #expect(response.status.code == 400)
    }

    /// Issue #15 item 3: these headers used to turn redaction off (the e-mail went upstream and
    /// the answer was 200). Now a 400 naming the valid labels, on OpenAI and Anthropic routes.
    @Test(arguments: ["", ",", "FOO", "EMIAL", "EMAILS", "EMAIL, PHOEN"])
    func emptyOrUnknownLabelsHeaderIs400NamingTheValidLabels(_ header: String) async throws {
        let proxy = try handler(detectors: PatternDetectors.all())
        let chat = #"{"model":"m","messages":[{"role":"user","content":"mail bob.real@example.org"}]}"#
        let response = await proxy.forwardAnonymized(request(chat, headers: [("X-Veil-Labels", header)]), endpoint: .chatCompletions)
        #expect(response.status.code == 400)
        guard case .bytes(let body) = response.body else { Issue.record("streamed error"); return }
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains(#""code":"invalid_labels""#) && text.contains("valid labels: ") && text.contains("EMAIL, "))
        #expect(!text.contains("bob.real"))

        let anthropic = AnthropicHandler(
            proxy: proxy, upstream: try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9")), apiKey: nil)
        let messages = #"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"mail bob.real@example.org"}]}"#
        let answer = await anthropic.forward(
            HTTPRequest(head: HTTPRequestHead(method: .post, target: "/v1/messages", fields: HTTPFields([("X-Veil-Labels", header)])),
                        body: Array(messages.utf8), id: "t2"), route: .messages)
        #expect(answer.status.code == 400)
        guard case .bytes(let anthropicBody) = answer.body else { Issue.record("streamed error"); return }
        let anthropicText = String(decoding: anthropicBody, as: UTF8.self)
        #expect(anthropicText.hasPrefix(#"{"type":"error","error":{"type":"invalid_request_error","message":"X-Veil-Labels "#))
        #expect(anthropicText.contains("valid labels: "))
    }

    @Test func knownLabelsHeaderStillWorks() async throws {
        let response = try await handler(detectors: PatternDetectors.all()).forwardAnonymized(
            request(Self.chat, headers: [("X-Veil-Labels", "email, phone")]), endpoint: .chatCompletions)
        #expect(response.status.code == 502)  // anonymized and forwarded to the closed upstream
    }

    @Test func closedUpstreamIs502() async throws {
        let response = try await handler(detectors: []).forwardAnonymized(request(Self.chat), endpoint: .chatCompletions)
        #expect(response.status.code == 502)
    }
}
