import Anonymizer
import HTTP1
import HTTPServer
import Logging
import Synchronization
import Testing
import TestSupport
import Upstream
import Vault
@testable import Proxy

/// Issue #16 item 5: the success paths of both APIs in process, against `TestSupport`'s mock
/// upstream (`Tests/Support/mock_upstream.py`), which answers "You said: <what it received>".
/// What it received is redacted, so its answer holds Veil's placeholders, and streamed answers
/// come in 3-character deltas: every placeholder is split across events. Each test checks both
/// sides: the mock saw no value, the client got every value back.
@Suite(.serialized) struct ProxySuccessPathTests {
    static let alice = "alice.real@example.com"
    static let bob = "bob.real@example.org"

    /// A handler for both APIs in front of a fresh mock (and a vault when `conversations`).
    struct Proxy {
        let mock: MockUpstream
        let openAI: ProxyHandler
        let anthropic: AnthropicHandler
        let upstream: UpstreamClient

        init(conversations: ConversationStore? = nil) async throws {
            mock = try await MockUpstream.start()
            upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: mock.baseURL))
            openAI = ProxyHandler(configuration: ProxyConfiguration(), upstream: upstream,
                                  anonymizer: Anonymizer(detectors: PatternDetectors.all()),
                                  conversations: conversations, logger: Logger(label: "test"))
            anthropic = AnthropicHandler(proxy: openAI, upstream: upstream, apiKey: nil)
        }

        /// The body of the last request the mock received.
        func lastUpstreamBody() async throws -> String {
            let response = try await upstream.execute(UpstreamRequest(path: "/_last"))
            let json = try JSONParser.parse(try await response.body.collect(upTo: 1 << 20))
            return try #require(json["body"]?.stringValue)
        }
    }

    func request(_ path: String, _ body: JSONValue, headers: [(String, String)] = [("Authorization", "Bearer client")]) -> HTTPRequest {
        HTTPRequest(head: HTTPRequestHead(method: .post, target: path, fields: HTTPFields(headers)),
                    body: body.serializedBytes(), id: "t1")
    }

    /// Collects a streamed body as the client would receive it.
    final class Collector: HTTPBodyWriter {
        let bytes = Mutex<[UInt8]>([])
        func write(_ chunk: [UInt8]) async throws { bytes.withLock { $0 += chunk } }
    }

    /// The events of an answer: a stream's as relayed, or none for a complete body.
    func events(_ response: HTTPResponse) async throws -> [ServerSentEvent] {
        guard case .stream(let write) = response.body else { return [] }
        let collector = Collector()
        try await write(collector)
        var parser = SSEParser()
        return try parser.feed(collector.bytes.withLock { $0 }) + (parser.finish().map { [$0] } ?? [])
    }

    func json(_ response: HTTPResponse) throws -> JSONValue {
        struct Streamed: Error {}
        guard case .bytes(let bytes) = response.body else { throw Streamed() }
        return try JSONParser.parse(bytes)
    }

    static func chat(_ text: String, stream: Bool = false) -> JSONValue {
        .object([
            (key: "model", value: .string("m")), (key: "stream", value: .bool(stream)),
            (key: "messages", value: .array([.object([(key: "role", value: .string("user")), (key: "content", value: .string(text))])])),
        ])
    }

    // MARK: OpenAI chat completions

    @Test func chatJSONAnswerIsRestored() async throws {
        let proxy = try await Proxy()
        let response = await proxy.openAI.forwardAnonymized(request("/v1/chat/completions", Self.chat("Mail \(Self.alice) today")), endpoint: .chatCompletions)
        #expect(response.status == .ok)
        #expect(response.fields["X-Veil-Redactions"] == "1")
        let content = try json(response)["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue
        #expect(content == "You said: Mail \(Self.alice) today")
        let sent = try await proxy.lastUpstreamBody()
        #expect(sent.contains("Mail [EMAIL_1] today") && !sent.contains(Self.alice))
    }

    @Test func chatStreamRestoresPlaceholdersSplitAcrossEvents() async throws {
        let proxy = try await Proxy()
        let response = await proxy.openAI.forwardAnonymized(
            request("/v1/chat/completions", Self.chat("Mail \(Self.alice) or \(Self.bob)", stream: true)), endpoint: .chatCompletions)
        #expect(response.status == .ok)
        #expect(response.fields["Content-Type"] == "text/event-stream")
        let events = try await events(response)
        #expect(events.last?.data == "[DONE]")
        var text = ""
        for event in events where event.data != "[DONE]" {
            let delta = try JSONParser.parse(event.data)["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue ?? ""
            #expect(!delta.contains("[") && !delta.contains("]"), "a placeholder piece reached the client: \(delta)")
            text += delta
        }
        #expect(text == "You said: Mail \(Self.alice) or \(Self.bob)")
        let sent = try await proxy.lastUpstreamBody()
        #expect(sent.contains("Mail [EMAIL_1] or [EMAIL_2]") && !sent.contains(Self.alice))
    }

    // MARK: OpenAI Responses with the vault

    static func responses(_ input: String, previous: String? = nil, stream: Bool = false) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [(key: "model", value: .string("m")), (key: "input", value: .string(input))]
        if let previous { members.append((key: "previous_response_id", value: .string(previous))) }
        if stream { members.append((key: "stream", value: .bool(true))) }
        return .object(members)
    }

    /// Turn 1 saves its map under the upstream's response id (from the complete body, parsed
    /// once, or from the stream's first event); turn 2 continues it: the same address keeps
    /// `[EMAIL_1]`, a new one gets `[EMAIL_2]`, and the answer restores both.
    @Test(arguments: [false, true])
    func responsesTurnsContinueThroughTheVault(_ stream: Bool) async throws {
        let store = ConversationStore(vault: MemoryVault(), key: try VaultKey.random(), ttl: .seconds(60))
        let proxy = try await Proxy(conversations: store)

        let first = await proxy.openAI.forwardAnonymized(request("/v1/responses", Self.responses("Mail \(Self.alice)", stream: stream)), endpoint: .responses)
        #expect(first.status == .ok)
        let firstText: String
        if stream {
            var deltas = ""
            for event in try await events(first) where event.event == "response.output_text.delta" {
                deltas += try JSONParser.parse(event.data)["delta"]?.stringValue ?? ""
            }
            firstText = deltas
        } else {
            firstText = try json(first)["output"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        }
        #expect(firstText == "You said: Mail \(Self.alice)")
        #expect(try await proxy.lastUpstreamBody().contains("Mail [EMAIL_1]"))

        let second = await proxy.openAI.forwardAnonymized(
            request("/v1/responses", Self.responses("\(Self.bob) and \(Self.alice)", previous: "resp_1")), endpoint: .responses)
        #expect(second.status == .ok)
        let sent = try await proxy.lastUpstreamBody()
        #expect(sent.contains("[EMAIL_2] and [EMAIL_1]"), "\(sent)")
        #expect(!sent.contains(Self.alice) && !sent.contains(Self.bob))
        let text = try json(second)["output"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue
        #expect(text == "You said: \(Self.bob) and \(Self.alice)")
        // Turn 2 was saved too, under the mock's next id.
        #expect(try await store.load(responseID: "resp_2", owner: try #require(try proxy.openAI.conversationOwner(request("/v1/responses", .null)))).count == 2)
    }

    // MARK: Anthropic Messages

    @Test func messagesJSONAnswerIsRestored() async throws {
        let proxy = try await Proxy()
        let response = await proxy.anthropic.forward(request("/v1/messages", Self.chat("Mail \(Self.alice)")), route: .messages)
        #expect(response.status == .ok)
        let text = try json(response)["content"]?.arrayValue?.first?["text"]?.stringValue
        #expect(text == "You said: Mail \(Self.alice)")
        let sent = try await proxy.lastUpstreamBody()
        #expect(sent.contains("Mail [EMAIL_1]") && !sent.contains(Self.alice))
    }

    @Test func messagesStreamRestoresPlaceholdersSplitAcrossEvents() async throws {
        let proxy = try await Proxy()
        let response = await proxy.anthropic.forward(request("/v1/messages", Self.chat("Mail \(Self.alice) or \(Self.bob)", stream: true)), route: .messages)
        #expect(response.status == .ok)
        let events = try await events(response)
        var text = ""
        for event in events {
            let json = try JSONParser.parse(event.data)
            #expect(event.event == json["type"]?.stringValue)
            let piece = json["delta"]?["text"]?.stringValue ?? ""
            #expect(!piece.contains("[") && !piece.contains("]"), "a placeholder piece reached the client: \(piece)")
            text += piece
        }
        #expect(text == "You said: Mail \(Self.alice) or \(Self.bob)")
        #expect(events.last?.event == "message_stop")
        #expect(try await proxy.lastUpstreamBody().contains("Mail [EMAIL_1] or [EMAIL_2]"))
    }
}
