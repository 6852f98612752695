import Testing
@testable import Anonymizer

/// The sensitivity a request, line or command asks for reaches every detector call it makes.
@Suite struct DetectionScopeTests {
    @Test(arguments: [
        ("strict", Sensitivity.strict), ("balanced", .balanced), ("high-recall", .highRecall),
        ("STRICT", .strict), (" High-Recall ", .highRecall), ("high_recall", .highRecall),
    ])
    func settingAndHeaderValuesParse(_ text: String, _ expected: Sensitivity) {
        #expect(Sensitivity(parsing: text) == expected)
    }

    @Test(arguments: ["", "bogus", "high recall", "highrecall", "strict,balanced", "1"])
    func otherValuesDoNot(_ text: String) {
        #expect(Sensitivity(parsing: text) == nil)
    }

    @Test func choicesNameEveryOperatingPoint() {
        #expect(Sensitivity.choices == "strict, balanced or high-recall")
        #expect(DetectionScope() == DetectionScope(labels: nil, sensitivity: .balanced))
    }

    @Test func openAIWalkerGivesEveryStringTheRequestsScope() async throws {
        let recorder = RecordingDetector()
        let scope = DetectionScope(labels: [.email], sensitivity: .strict)
        var map = PlaceholderMap()
        let body = try JSONParser.parse(#"""
            {"messages":[{"role":"system","content":"a"},{"role":"user","content":[{"type":"text","text":"b"}]},
             {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"to\":\"c\"}"}}]}],
             "user":"d"}
            """#)
        let report = try await OpenAIRequestWalker().anonymizeRequestReport(
            body, kind: .chatCompletions, anonymizer: Anonymizer(detectors: [recorder]), map: &map, scope: scope)
        #expect(report.textCount == 4)
        #expect(recorder.scopes == Array(repeating: scope, count: 4))
    }

    @Test func anthropicWalkerGivesEveryStringTheRequestsScope() async throws {
        let recorder = RecordingDetector()
        let scope = DetectionScope(sensitivity: .highRecall)
        var map = PlaceholderMap()
        let body = try JSONParser.parse(#"{"system":"a","messages":[{"role":"user","content":[{"type":"text","text":"b"}]}]}"#)
        _ = try await AnthropicRequestWalker().anonymizeRequestReport(
            body, anonymizer: Anonymizer(detectors: [recorder]), map: &map, scope: scope)
        #expect(recorder.scopes == [scope, scope])
    }

    @Test func walkersDefaultToBalancedAndAllLabels() async throws {
        let recorder = RecordingDetector()
        var map = PlaceholderMap()
        _ = try await OpenAIRequestWalker().anonymizeRequest(
            try JSONParser.parse(#"{"prompt":"a"}"#), kind: .completions, anonymizer: Anonymizer(detectors: [recorder]), map: &map)
        #expect(recorder.scopes == [DetectionScope()])
    }

    @Test func jsonlLinesOverrideTheRunsScope() async {
        let recorder = RecordingDetector()
        let processor = JSONLAnonymizer(anonymizer: Anonymizer(detectors: [recorder]),
                                        scope: DetectionScope(labels: [.name], sensitivity: .strict))
        _ = await processor.process(line: #"{"id":1,"text":"x"}"#)
        _ = await processor.process(line: #"{"id":2,"text":"x","sensitivity":"high-recall"}"#)
        _ = await processor.process(line: #"{"id":3,"text":"x","labels":["email"],"sensitivity":null}"#)
        #expect(recorder.scopes == [
            DetectionScope(labels: [.name], sensitivity: .strict),
            DetectionScope(labels: [.name], sensitivity: .highRecall),
            DetectionScope(labels: [.email], sensitivity: .strict),
        ])
    }

    @Test(arguments: [#""bogus""#, "1", #"["strict"]"#])
    func jsonlLineWithAnUnknownSensitivityIsAnErrorLine(_ value: String) async {
        let recorder = RecordingDetector()
        let processor = JSONLAnonymizer(anonymizer: Anonymizer(detectors: [recorder]))
        let out = await processor.process(line: #"{"id":7,"text":"x","sensitivity":\#(value)}"#)
        #expect(out == #"{"id":7,"error":"'sensitivity' must be strict, balanced or high-recall"}"#)
        #expect(recorder.scopes.isEmpty)
    }
}
