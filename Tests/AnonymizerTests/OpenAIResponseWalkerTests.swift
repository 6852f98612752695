import Testing
@testable import Anonymizer

@Suite struct OpenAIResponseWalkerTests {
    let walker = OpenAIResponseWalker(map: sampleMap())

    @Test func chatMessageContentRefusalAndToolArguments() throws {
        let body = try JSONParser.parse(#"""
        {"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"Hi [NAME_1]","refusal":"no NAME_1",
          "tool_calls":[{"id":"t","function":{"name":"f","arguments":"{\"org\":\"[ORGANIZATION_1]\",\"to\":[\"[EMAIL_1]\"]}"}}]}}],"usage":{"total_tokens":3}}
        """#)
        let out = walker.reidentifyResponse(body, kind: .chatCompletions)
        let message = out["choices"]?.arrayValue?[0]["message"]
        #expect(message?["content"] == .string("Hi Ada Lovelace"))
        #expect(message?["refusal"] == .string("no Ada Lovelace"))
        let arguments = try #require(message?["tool_calls"]?.arrayValue?[0]["function"]?["arguments"]?.stringValue)
        let inner = try JSONParser.parse(arguments)
        #expect(inner["org"] == .string("O\"Brien \\ Co"))
        #expect(inner["to"] == .array([.string("ada@x.io")]))
        #expect(out["usage"] == body["usage"])
    }

    @Test func unparseableArgumentsRestoreEscaped() throws {
        let restored = walker.restoreArguments(#"{"org": "[ORGANIZATION_1]""#)
        #expect(restored == #"{"org": "O\"Brien \\ Co""#)
        #expect(try JSONParser.parse(restored + "}")["org"] == .string("O\"Brien \\ Co"))
    }

    @Test func completionsText() throws {
        let out = walker.reidentifyResponse(try JSONParser.parse(#"{"choices":[{"text":"[NAME_1]!"}]}"#), kind: .completions)
        #expect(out.serialized() == #"{"choices":[{"text":"Ada Lovelace!"}]}"#)
    }

    @Test func responsesOutput() throws {
        let body = try JSONParser.parse(#"""
        {"output":[{"type":"message","content":[{"type":"output_text","text":"[NAME_1]","annotations":[]}]},
                   {"type":"function_call","arguments":"{\"o\":\"[ORGANIZATION_1]\"}"}],"output_text":"[EMAIL_1]"}
        """#)
        let out = walker.reidentifyResponse(body, kind: .responses)
        #expect(out["output"]?.arrayValue?[0]["content"]?.arrayValue?[0]["text"] == .string("Ada Lovelace"))
        let arguments = try #require(out["output"]?.arrayValue?[1]["arguments"]?.stringValue)
        #expect(try JSONParser.parse(arguments)["o"] == .string("O\"Brien \\ Co"))
        #expect(out["output_text"] == .string("ada@x.io"))
    }

    @Test func unknownAndNonTextLeftAlone() throws {
        let body = try JSONParser.parse(#"{"object":"list","data":[{"embedding":[0.1]}],"note":"[NAME_1]"}"#)
        #expect(walker.reidentifyResponse(body, kind: .embeddings) == body)
        #expect(walker.reidentifyResponse(body, kind: .chatCompletions) == body)
    }
}
