import Anonymizer
import HTTP1
import HTTPServer
import Logging
import Synchronization
import Testing
import Upstream
@testable import Proxy

/// `sensitivity` from the configuration and `X-Veil-Sensitivity` per request reach the detectors
/// on every anonymized route. The upstream is a closed port: a request that got past
/// anonymization ends in 502; one refused before it, in its own status with nothing sent.
@Suite struct ProxySensitivityTests {
    /// Finds nothing; remembers the sensitivity of every text it was given.
    final class RecordingDetector: Detector {
        let name = "recording"
        let supportedLabels: Set<EntityLabel> = [.name]
        private let seen = Mutex<[Sensitivity]>([])
        var sensitivities: [Sensitivity] { seen.withLock { $0 } }
        func detect(in input: DetectionInput) async throws -> [Span] {
            seen.withLock { $0.append(input.sensitivity) }
            return []
        }
    }

    let recorder = RecordingDetector()

    func proxy(sensitivity: Sensitivity = .balanced) throws -> ProxyHandler {
        let closed = UpstreamConfiguration(baseURL: "http://127.0.0.1:9")
        return ProxyHandler(configuration: ProxyConfiguration(sensitivity: sensitivity), upstream: try UpstreamClient(configuration: closed),
                            anonymizer: Anonymizer(detectors: [recorder]), logger: Logger(label: "test"))
    }

    func anthropic(sensitivity: Sensitivity = .balanced) throws -> AnthropicHandler {
        let closed = UpstreamConfiguration(baseURL: "http://127.0.0.1:9")
        return AnthropicHandler(proxy: try proxy(sensitivity: sensitivity), upstream: try UpstreamClient(configuration: closed), apiKey: nil)
    }

    func request(_ target: String, _ body: String, sensitivity: [String] = []) -> HTTPRequest {
        HTTPRequest(head: HTTPRequestHead(method: .post, target: target, fields: HTTPFields(sensitivity.map { ("X-Veil-Sensitivity", $0) })),
                    body: Array(body.utf8), id: "t1")
    }

    static let chat = #"{"model":"m","messages":[{"role":"system","content":"Be brief"},{"role":"user","content":"Alice"}]}"#
    static let messages = #"{"model":"m","max_tokens":5,"system":"Be brief","messages":[{"role":"user","content":"Alice"}]}"#

    func errorJSON(_ response: HTTPResponse) throws -> JSONValue {
        guard case .bytes(let bytes) = response.body else { throw ProxyError.anonymizerFailed("streamed error") }
        return try JSONParser.parse(bytes)
    }

    @Test func configurationSetsTheDefault() async throws {
        let response = try await proxy(sensitivity: .strict).forwardAnonymized(request("/v1/chat/completions", Self.chat), endpoint: .chatCompletions)
        #expect(response.status.code == 502)
        #expect(recorder.sensitivities == [.strict, .strict])
    }

    @Test func unconfiguredIsBalanced() async throws {
        _ = try await proxy().forwardAnonymized(request("/v1/chat/completions", Self.chat), endpoint: .chatCompletions)
        #expect(recorder.sensitivities == [.balanced, .balanced])
    }

    @Test(arguments: [("high-recall", Sensitivity.highRecall), ("Strict", .strict), (" balanced ", .balanced)])
    func headerOverridesTheConfigurationForEveryString(_ header: String, _ expected: Sensitivity) async throws {
        let handler = try proxy(sensitivity: expected == .strict ? .highRecall : .strict)
        let response = await handler.forwardAnonymized(request("/v1/chat/completions", Self.chat, sensitivity: [header]), endpoint: .chatCompletions)
        #expect(response.status.code == 502)
        #expect(recorder.sensitivities == [expected, expected])
    }

    @Test(arguments: [["bogus"], [""], ["strict, balanced"], ["strict", "strict"]])
    func unreadableHeaderIs400AndNothingIsAnonymizedOrSent(_ values: [String]) async throws {
        let response = try await proxy().forwardAnonymized(request("/v1/chat/completions", Self.chat, sensitivity: values), endpoint: .chatCompletions)
        #expect(response.status.code == 400)
        let error = try errorJSON(response)["error"]
        #expect(error?["code"] == .string("invalid_sensitivity"))
        #expect(error?["type"] == .string("invalid_request_error"))
        #expect(error?["message"]?.stringValue?.contains("strict, balanced or high-recall") == true)
        #expect(recorder.sensitivities.isEmpty)
    }

    @Test func anthropicRoutesHonourTheHeader() async throws {
        let response = try await anthropic().forward(request("/v1/messages", Self.messages, sensitivity: ["strict"]), route: .messages)
        #expect(response.status.code == 502)
        #expect(recorder.sensitivities == [.strict, .strict])
    }

    @Test func anthropicRoutesUseTheConfiguration() async throws {
        _ = try await anthropic(sensitivity: .highRecall).forward(request("/v1/messages/count_tokens", Self.messages), route: .countTokens)
        #expect(recorder.sensitivities == [.highRecall, .highRecall])
    }

    @Test func anthropicUnreadableHeaderIs400InAnthropicsShape() async throws {
        let response = try await anthropic().forward(request("/v1/messages", Self.messages, sensitivity: ["bogus"]), route: .messages)
        #expect(response.status.code == 400)
        let json = try errorJSON(response)
        #expect(json["type"] == .string("error"))
        #expect(json["error"]?["type"] == .string("invalid_request_error"))
        #expect(json["error"]?["message"]?.stringValue?.contains("strict, balanced or high-recall") == true)
        #expect(recorder.sensitivities.isEmpty)
    }

    @Test func dryRunTakesTheHeaderAndItsOwnMember() async throws {
        let handler = try proxy()
        _ = await handler.dryRun(request("/v1/veil/anonymize", #"{"text":"Alice"}"#, sensitivity: ["strict"]))
        _ = await handler.dryRun(request("/v1/veil/anonymize", #"{"text":"Alice","sensitivity":"high-recall"}"#, sensitivity: ["strict"]))
        let body = #"{"endpoint":"/v1/messages","body":\#(Self.messages)}"#
        _ = await handler.dryRun(request("/v1/veil/anonymize", body, sensitivity: ["strict"]))
        #expect(recorder.sensitivities == [.strict, .highRecall, .strict, .strict])
    }

    @Test func dryRunRefusesAnUnknownSensitivity() async throws {
        let handler = try proxy()
        let member = await handler.dryRun(request("/v1/veil/anonymize", #"{"text":"Alice","sensitivity":"max"}"#))
        let header = await handler.dryRun(request("/v1/veil/anonymize", #"{"text":"Alice"}"#, sensitivity: ["max"]))
        #expect(member.status.code == 400 && header.status.code == 400)
        #expect(try errorJSON(member)["error"]?["code"] == .string("invalid_sensitivity"))
        #expect(recorder.sensitivities.isEmpty)
    }
}
