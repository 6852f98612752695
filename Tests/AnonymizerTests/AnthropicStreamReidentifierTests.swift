import Testing
@testable import Anonymizer

@Suite struct AnthropicStreamReidentifierTests {
    static func event(_ json: String) -> JSONValue {
        (try? JSONParser.parse(json)) ?? .null
    }

    static func textDelta(_ text: String, index: Int = 0) -> JSONValue {
        .object([(key: "type", value: .string("content_block_delta")), (key: "index", value: .int(index)),
                 (key: "delta", value: .object([(key: "type", value: .string("text_delta")), (key: "text", value: .string(text))]))])
    }

    static func jsonDelta(_ partial: String, index: Int = 1) -> JSONValue {
        .object([(key: "type", value: .string("content_block_delta")), (key: "index", value: .int(index)),
                 (key: "delta", value: .object([(key: "type", value: .string("input_json_delta")), (key: "partial_json", value: .string(partial))]))])
    }

    /// A whole stream: message_start, a text block (0) and a tool_use block (1) cut into the
    /// given pieces, the stops and the message end.
    static func stream(text: [String], json: [String]) -> [JSONValue] {
        [event(#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude"}}"#),
         event(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
         event(#"{"type":"ping"}"#)]
            + text.map { textDelta($0) }
            + [event(#"{"type":"content_block_stop","index":0}"#),
               event(#"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t1","name":"send","input":{}}}"#)]
            + json.map { jsonDelta($0) }
            + [event(#"{"type":"content_block_stop","index":1}"#),
               event(#"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":9}}"#),
               event(#"{"type":"message_stop"}"#)]
    }

    /// Runs events through a re-identifier; checks every block's deltas come before its stop.
    static func run(_ events: [JSONValue]) -> [JSONValue] {
        var r = AnthropicStreamReidentifier(map: sampleMap())
        let out = events.flatMap { r.reidentify(event: $0) } + r.flush()
        var stopped = Set<Int>()
        for e in out {
            let index = e["index"]?.intValue ?? -1
            if e["type"] == .string("content_block_stop") { stopped.insert(index) }
            if e["type"] == .string("content_block_delta") { #expect(!stopped.contains(index), "delta after stop") }
        }
        return out
    }

    static func text(_ events: [JSONValue], index: Int = 0) -> String {
        events.filter { $0["index"]?.intValue == index }.compactMap { $0["delta"]?["text"]?.stringValue }.joined()
    }

    static func partialJSON(_ events: [JSONValue], index: Int = 1) -> String {
        events.filter { $0["index"]?.intValue == index }.compactMap { $0["delta"]?["partial_json"]?.stringValue }.joined()
    }

    static let answer = "Dear [NAME_1], card [CREDIT_CARD_1], mail [[EMAIL_1]] or NAME_1's [ORGANIZATION_1"
    static let input = #"{"to":"[EMAIL_1]","org":"[ORGANIZATION_1]","who":["NAME_1"]}"#

    @Test func textSplitAtEveryOffsetIsRestoredExactly() {
        let whole = Reidentifier(map: sampleMap()).reidentify(Self.answer)
        for k in 0...Self.answer.unicodeScalars.count {
            let out = Self.run(Self.stream(text: splitScalars(Self.answer, at: [k]), json: ["{}"]))
            #expect(Self.text(out).bytes == whole.bytes, "split at \(k)")
        }
    }

    @Test func textOneScalarPerDeltaIsRestoredExactly() {
        let pieces = Self.answer.unicodeScalars.map { String($0) }
        let out = Self.run(Self.stream(text: pieces, json: ["{}"]))
        #expect(Self.text(out) == Reidentifier(map: sampleMap()).reidentify(Self.answer))
    }

    @Test func inputJSONSplitAtEveryOffsetIsValidJSONWithValuesRestored() throws {
        for k in 0...Self.input.unicodeScalars.count {
            let out = Self.run(Self.stream(text: ["hi"], json: splitScalars(Self.input, at: [k])))
            let input = try JSONParser.parse(Self.partialJSON(out))
            #expect(input["to"] == .string("ada@x.io"), "split at \(k)")
            #expect(input["org"] == .string("O\"Brien \\ Co"), "split at \(k)")
            #expect(input["who"]?.arrayValue?.first == .string("Ada Lovelace"), "split at \(k)")
        }
    }

    @Test func heldBackTailIsReleasedJustBeforeItsBlockStops() {
        var r = AnthropicStreamReidentifier(map: sampleMap())
        #expect(r.reidentify(event: Self.textDelta("Hi NAME_1")) == [Self.textDelta("Hi ")])
        let out = r.reidentify(event: Self.event(#"{"type":"content_block_stop","index":0}"#))
        #expect(out == [Self.textDelta("Ada Lovelace"), Self.event(#"{"type":"content_block_stop","index":0}"#)])
        #expect(r.flush().isEmpty)
    }

    @Test func blocksHaveTheirOwnStreams() {
        var r = AnthropicStreamReidentifier(map: sampleMap())
        _ = r.reidentify(event: Self.textDelta("a [NAM", index: 0))
        #expect(r.reidentify(event: Self.textDelta("E_1] b", index: 2)) == [Self.textDelta("E_1] b", index: 2)])
        #expect(r.reidentify(event: Self.textDelta("E_1]", index: 0)) == [Self.textDelta("Ada Lovelace", index: 0)])
    }

    @Test func messageDeltaAndFlushReleaseUnstoppedBlocks() {
        var r = AnthropicStreamReidentifier(map: sampleMap())
        _ = r.reidentify(event: Self.textDelta("x [EMAIL_"))
        let delta = Self.event(#"{"type":"message_delta","delta":{"stop_reason":"max_tokens"}}"#)
        #expect(r.reidentify(event: delta) == [Self.textDelta("[EMAIL_"), delta])
        _ = r.reidentify(event: Self.jsonDelta(#"{"a":"NAME_1"#))
        #expect(r.flush() == [Self.jsonDelta("Ada Lovelace")])
    }

    @Test func snapshotsAreRestoredAndThinkingIsLeftAsSent() {
        var r = AnthropicStreamReidentifier(map: sampleMap())
        let start = r.reidentify(event: Self.event(#"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","input":{"to":"[EMAIL_1]"}}}"#))
        #expect(start.first?["content_block"]?["input"]?["to"] == .string("ada@x.io"))
        let thinking = Self.event(#"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"[NAME_1]"}}"#)
        #expect(r.reidentify(event: thinking) == [thinking])
        let citation = r.reidentify(event: Self.event(#"{"type":"content_block_delta","index":2,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"[NAME_1]"}}}"#))
        #expect(citation.first?["delta"]?["citation"]?["cited_text"] == .string("Ada Lovelace"))
        let error = r.reidentify(event: Self.event(#"{"type":"error","error":{"type":"overloaded_error","message":"[EMAIL_1] later"}}"#))
        #expect(error.first?["error"]?["message"] == .string("ada@x.io later"))
        let message = r.reidentify(event: Self.event(#"{"type":"message_start","message":{"content":[{"type":"text","text":"[NAME_1]"}]}}"#))
        #expect(message.first?["message"]?["content"]?.arrayValue?.first?["text"] == .string("Ada Lovelace"))
    }

    @Test func jsonOutputTextIsRestoredEscaped() throws {
        var r = AnthropicStreamReidentifier(map: sampleMap(), textIsJSON: true)
        let pieces = [#"{"o":"[ORGANIZ"#, #"ATION_1]"}"#]
        let text = pieces.flatMap { r.reidentify(event: Self.textDelta($0)) }.compactMap { $0["delta"]?["text"]?.stringValue }.joined()
        #expect(try JSONParser.parse(text)["o"] == .string("O\"Brien \\ Co"))
    }
}
