import Testing
@testable import Anonymizer

@Suite struct AnthropicResponseWalkerTests {
    let walker = AnthropicResponseWalker(map: sampleMap())

    @Test func textToolUseAndCitationsAreRestored() throws {
        let body = try JSONParser.parse(#"""
        {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[
          {"type":"thinking","thinking":"[NAME_1] again","signature":"sig"},
          {"type":"text","text":"Hi [NAME_1], mail [EMAIL_1]","citations":[{"type":"char_location","cited_text":"[ORGANIZATION_1] wrote","document_title":"[NAME_1].txt"}]},
          {"type":"tool_use","id":"t1","name":"send","input":{"to":"[EMAIL_1]","org":["[ORGANIZATION_1]"],"[NAME_1]":1}}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":5}}
        """#)
        let restored = walker.reidentifyResponse(body)
        let content = try #require(restored["content"]?.arrayValue)
        #expect(content[0]["thinking"] == .string("[NAME_1] again"))  // signed: left as sent
        #expect(content[1]["text"] == .string("Hi Ada Lovelace, mail ada@x.io"))
        #expect(content[1]["citations"]?.arrayValue?[0]["cited_text"] == .string("O\"Brien \\ Co wrote"))
        #expect(content[1]["citations"]?.arrayValue?[0]["document_title"] == .string("Ada Lovelace.txt"))
        // A JSON value: serialization escapes the quote and backslash, so the client's JSON stays valid.
        #expect(content[2]["input"]?.serialized() == #"{"to":"ada@x.io","org":["O\"Brien \\ Co"],"Ada Lovelace":1}"#)
        #expect(restored["usage"] == body["usage"])
    }

    @Test func jsonOutputTextIsRestoredInsideItsStrings() throws {
        let walker = AnthropicResponseWalker(map: sampleMap(), textIsJSON: true)
        var block = try JSONParser.parse(#"{"type":"text","text":"{\"org\":\"[ORGANIZATION_1]\"}"}"#)
        walker.restoreBlock(&block)
        let inner = try JSONParser.parse(try #require(block["text"]?.stringValue))
        #expect(inner["org"] == .string("O\"Brien \\ Co"))
    }

    @Test func errorBodiesGetEveryStringRestored() throws {
        let body = try JSONParser.parse(#"{"type":"error","error":{"type":"invalid_request_error","message":"bad: [EMAIL_1]"}}"#)
        #expect(walker.reidentifyingEveryString(body)["error"]?["message"] == .string("bad: ada@x.io"))
    }

    @Test func emptyMapReturnsTheBodyAsIs() throws {
        let body = try JSONParser.parse(#"{"content":[{"type":"text","text":"[NAME_1]"}]}"#)
        #expect(AnthropicResponseWalker(map: PlaceholderMap()).reidentifyResponse(body) == body)
    }
}
