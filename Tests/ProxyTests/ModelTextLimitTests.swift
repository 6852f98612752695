import Anonymizer
import Foundation
import HTTPServer
import Logging
import Synchronization
import Testing
import Upstream
@testable import Proxy
@testable import Tagger

/// Issue #15, item 6: one long text made the model's memory grow with it (89 KB: 1.2 GB peak,
/// 534 KB: 7.8 GB, kept allocated): every window of the text went through the model in one
/// pass. Now the windows run `windowsPerPass` at a time, and a text over `model_max_text` is
/// refused with 413 (exit 65 from `veil anonymize`) before the model reads it.

/// Counts calls and records the window count of each model pass.
final class CallLog: Sendable {
    private let state = Mutex<[Int]>([])
    func record(_ n: Int) { state.withLock { $0.append(n) } }
    var entries: [Int] { state.withLock { $0 } }
}

/// A model stand-in that records every text it is asked to read.
struct RecordingDetector: Detector {
    let name = "t5"
    let supportedLabels: Set<EntityLabel> = [.name]
    let log: CallLog
    func detect(in input: DetectionInput) async throws -> [Span] {
        log.record(input.text.utf8.count)
        return []
    }
}

@Suite struct ModelTextLimitTests {
    static let limit = 100

    func handler(_ log: CallLog) throws -> ProxyHandler {
        let upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9"))
        let detectors: [any Detector] = PatternDetectors.all() + [TextLimitedDetector(RecordingDetector(log: log), maxTextBytes: Self.limit)]
        return ProxyHandler(configuration: ProxyConfiguration(), upstream: upstream,
                            anonymizer: Anonymizer(detectors: detectors), logger: Logger(label: "test"))
    }

    func request(_ target: String, _ body: String, headers: [(String, String)] = []) -> HTTPRequest {
        HTTPRequest(head: HTTPRequestHead(method: .post, target: target, fields: HTTPFields(headers)), body: Array(body.utf8), id: "t1")
    }

    func text(_ response: HTTPResponse) -> String {
        guard case .bytes(let body) = response.body else { return "" }
        return String(decoding: body, as: UTF8.self)
    }

    static let long = String(repeating: "Alice wrote to bob.real@example.org. ", count: 5)  // 185 bytes

    /// Chat: 413 with an OpenAI-style error naming the sizes, the model never called, nothing
    /// forwarded (the closed upstream would have made it 502), no text in the message.
    @Test func overTheLimitIs413BeforeTheModelRuns() async throws {
        let log = CallLog()
        let chat = #"{"model":"m","messages":[{"role":"user","content":"\#(Self.long)"}]}"#
        let response = try await handler(log).forwardAnonymized(request("/v1/chat/completions", chat), endpoint: .chatCompletions)
        #expect(response.status.code == 413)
        let body = text(response)
        #expect(body.contains(#""code":"text_too_long""#) && body.contains(#""type":"invalid_request_error""#))
        #expect(body.contains("\(Self.long.utf8.count) bytes") && body.contains("at most \(Self.limit) bytes") && body.contains("model_max_text"))
        #expect(!body.contains("bob.real") && !body.contains("Alice"))
        #expect(log.entries.isEmpty)
    }

    /// `/v1/messages`: the same 413 in Anthropic's shape (`request_too_large`).
    @Test func overTheLimitOnMessagesIsAnAnthropic413() async throws {
        let log = CallLog()
        let anthropic = AnthropicHandler(
            proxy: try handler(log), upstream: try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9")), apiKey: nil)
        let messages = #"{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"\#(Self.long)"}]}"#
        let response = await anthropic.forward(request("/v1/messages", messages), route: .messages)
        #expect(response.status.code == 413)
        #expect(text(response).hasPrefix(#"{"type":"error","error":{"type":"request_too_large","message":"A text in the request is "#))
        #expect(log.entries.isEmpty)
    }

    /// The dry run answers the same 413.
    @Test func overTheLimitInADryRunIs413() async throws {
        let log = CallLog()
        let response = try await handler(log).dryRun(request("/v1/veil/anonymize", #"{"text":"\#(Self.long)"}"#))
        #expect(response.status.code == 413)
        #expect(text(response).contains(#""code":"text_too_long""#))
        #expect(log.entries.isEmpty)
    }

    /// At the limit the model reads the text; a request whose labels the model does not serve
    /// is not limited (the model would not read it anyway).
    @Test func atTheLimitOrWithoutModelLabelsTheTextIsRead() async throws {
        let log = CallLog()
        let proxy = try handler(log)
        let exact = String(repeating: "a", count: Self.limit)
        let ok = await proxy.dryRun(request("/v1/veil/anonymize", #"{"text":"\#(exact)"}"#))
        #expect(ok.status.code == 200)
        #expect(log.entries == [Self.limit])

        let emailOnly = await proxy.dryRun(request("/v1/veil/anonymize", #"{"text":"\#(Self.long)","labels":["EMAIL"]}"#))
        #expect(emailOnly.status.code == 200)
        #expect(text(emailOnly).contains("[EMAIL_1]"))
    }

    /// `veil anonymize --jsonl`: an error line with the sizes, the batch goes on.
    @Test func jsonlLineOverTheLimitIsAnErrorLine() async throws {
        let log = CallLog()
        let anonymizer = Anonymizer(detectors: [TextLimitedDetector(RecordingDetector(log: log), maxTextBytes: Self.limit)])
        let line = await JSONLAnonymizer(anonymizer: anonymizer).process(lineBytes: Array(#"{"id":7,"text":"\#(Self.long)"}"#.utf8))
        #expect(line == #"{"id":7,"error":"'text' a text of 185 bytes is longer than the model takes (model_max_text: 100 bytes)"}"#)
        #expect(log.entries.isEmpty)
    }

    /// `model_max_text` from the file, the environment and a flag, like every setting; it must be positive.
    @Test func settingLoadsFromEverySourceAndMustBePositive() throws {
        var settings = VeilSettings()
        #expect(settings.modelMaxText == 1 << 20)
        try settings.apply("model_max_text", .json(.number("5000")), from: .file("veil.json"))
        #expect(settings.modelMaxText == 5000)
        try settings.apply("model_max_text", .text("7000"), from: .environment)
        #expect(settings.modelMaxText == 7000)
        #expect(VeilSettings.keys.contains { $0.environmentName == "VEIL_MODEL_MAX_TEXT" })
        settings.upstream = "http://127.0.0.1:9"
        try settings.validate()
        settings.modelMaxText = 0
        #expect(throws: ConfigError.self) { try settings.validate() }
    }
}

/// The shipped model on a text of several windows: at most `windowsPerPass` windows per forward
/// pass, and the same spans as one pass over every window (packing never mixes windows).
@Suite(.enabled(if: ShippedModel.folder != nil, "no model folder with test_vectors.json"))
struct ModelStreamingTests {
    static let text = (0..<24).map { i in
        "Meeting note \(i): Anna Kowalska asked Jonas Lindqvist to send the revised budget to anna.k\(i)@example.com "
            + "before Friday, and to call Priya Okafor about the delayed servers for the east wing. "
    }.joined()

    @Test func longTextRunsInBoundedPassesWithTheSameSpans() async throws {
        let folder = try #require(ShippedModel.folder)
        let log = CallLog()
        var streamed = try ModelDetector(folder: folder, threads: 1, windowsPerPass: 2)
        streamed.passObserver = { log.record($0) }
        let scalars = Array(Self.text.unicodeScalars)
        let labels = streamed.modelLabels
        let spans = try await streamed.tag(Self.text, scalars: scalars, labels: labels)

        let passes = log.entries
        let windows = passes.reduce(0, +)
        #expect(windows >= 4, "the text must need several windows (\(windows))")
        #expect(passes.allSatisfy { $0 <= 2 }, "\(passes)")
        #expect(passes.count == (windows + 1) / 2)

        var whole = try ModelDetector(folder: folder, threads: 1, windowsPerPass: 1000)
        let allAtOnce = CallLog()
        whole.passObserver = { allAtOnce.record($0) }
        let reference = try await whole.tag(Self.text, scalars: scalars, labels: labels)
        #expect(allAtOnce.entries == [windows])
        #expect(spans.map(\.range) == reference.map(\.range))
        #expect(spans.map(\.label) == reference.map(\.label))
    }

    /// The limit sits in front of the model: an over-long text never reaches a forward pass.
    @Test func textOverTheLimitNeverReachesTheModel() async throws {
        let folder = try #require(ShippedModel.folder)
        let log = CallLog()
        var model = try ModelDetector(folder: folder, threads: 1)
        model.passObserver = { log.record($0) }
        let limited = TextLimitedDetector(model, maxTextBytes: 1000)
        await #expect(throws: TextTooLongError(detector: "t5", bytes: Self.text.utf8.count, limit: 1000)) {
            _ = try await limited.detect(in: DetectionInput(Self.text))
        }
        #expect(log.entries.isEmpty)
        _ = try await limited.detect(in: DetectionInput("Anna Kowalska wrote."))
        #expect(log.entries == [1])
    }
}
