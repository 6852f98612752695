import Testing
@testable import Anonymizer

@Suite struct OpenAIRequestWalkerTests {
    let anonymizer = Anonymizer(detectors: [TestEmailDetector(), WordListDetector(words: ["Ann", "O\"Hara"])])

    func run(_ json: String, _ kind: OpenAIEndpoint, options: WalkerOptions = WalkerOptions()) async throws -> (JSONValue, PlaceholderMap) {
        var map = PlaceholderMap()
        let body = try await OpenAIRequestWalker(options: options).anonymizeRequest(try JSONParser.parse(json), kind: kind, anonymizer: anonymizer, map: &map)
        return (body, map)
    }

    @Test func chatMessagesShareOneMapInDocumentOrder() async throws {
        let (body, map) = try await run(#"""
        {"model":"m","temperature":0.70,"messages":[
          {"role":"system","content":"Ann's helper"},
          {"role":"user","name":"Ann","content":[{"type":"text","text":"mail a@b.io"},{"type":"image_url","image_url":{"url":"https://x/Ann.png"}}]},
          {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"send","arguments":"{\"to\":\"a@b.io\",\"cc\":[\"c@d.io\"],\"n\":1}"}}]},
          {"role":"tool","tool_call_id":"c1","content":"sent to c@d.io"}],
         "user":"Ann","metadata":{"who":"a@b.io","n":"1"},"prediction":{"type":"content","content":"Ann"}}
        """#, .chatCompletions)
        #expect(body.serialized() == #"{"model":"m","temperature":0.70,"messages":[{"role":"system","content":"[NAME_1]'s helper"},{"role":"user","name":"[NAME_1]","content":[{"type":"text","text":"mail [EMAIL_1]"},{"type":"image_url","image_url":{"url":"https://x/Ann.png"}}]},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"send","arguments":"{\"to\":\"[EMAIL_1]\",\"cc\":[\"[EMAIL_2]\"],\"n\":1}"}}]},{"role":"tool","tool_call_id":"c1","content":"sent to [EMAIL_2]"}],"user":"[NAME_1]","metadata":{"who":"[EMAIL_1]","n":"1"},"prediction":{"type":"content","content":"[NAME_1]"}}"#)
        #expect(map.count == 3)
    }

    @Test func unparseableArgumentsAreAnonymizedAsText() async throws {
        let (body, _) = try await run(#"{"messages":[{"role":"assistant","tool_calls":[{"function":{"arguments":"{to: a@b.io"}}]}]}"#, .chatCompletions)
        #expect(body.serialized().contains(#""arguments":"{to: [EMAIL_1]""#))
    }

    @Test func pastedPlaceholderInALaterMessageIsReservedFirst() async throws {
        let (body, map) = try await run(#"{"messages":[{"role":"user","content":"Ann"},{"role":"user","content":"[NAME_1] was pasted"}]}"#, .chatCompletions)
        #expect(body["messages"]?.arrayValue?[0]["content"] == .string("[NAME_2]"))
        #expect(Reidentifier(map: map).reidentify("[NAME_1] and [NAME_2]") == "[NAME_1] and Ann")
    }

    @Test func roleAndFieldOptions() async throws {
        let json = #"{"messages":[{"role":"system","content":"Ann"},{"role":"user","content":"Ann","name":"Ann"}],"user":"Ann"}"#
        let (body, _) = try await run(json, .chatCompletions, options: WalkerOptions(roles: ["user"], fields: [.content]))
        #expect(body.serialized() == #"{"messages":[{"role":"system","content":"Ann"},{"role":"user","content":"[NAME_1]","name":"Ann"}],"user":"Ann"}"#)
    }

    @Test func duplicateKeysAreAllAnonymized() async throws {
        let (body, _) = try await run(#"{"messages":[{"role":"user","content":"x","content":"Ann"}]}"#, .chatCompletions)
        #expect(!body.serialized().contains("Ann"))
    }

    @Test func unknownContentPartFailsClosed() async {
        await #expect(throws: WalkerError.unsupportedContentPart(type: "video", path: "messages[0].content[0]")) {
            _ = try await run(#"{"messages":[{"role":"user","content":[{"type":"video","text":"Ann"}]}]}"#, .chatCompletions)
        }
    }

    @Test func wrongTypesFailClosed() async {
        await #expect(throws: WalkerError.invalidShape(path: "messages[0].content", expected: "a string, null or an array of parts")) {
            _ = try await run(#"{"messages":[{"role":"user","content":{"text":"Ann"}}]}"#, .chatCompletions)
        }
        await #expect(throws: WalkerError.notAnObject) { _ = try await run("[1]", .chatCompletions) }
        await #expect(throws: WalkerError.invalidShape(path: "messages", expected: "an array")) {
            _ = try await run(#"{"messages":"Ann"}"#, .chatCompletions)
        }
    }

    @Test func completionsPromptStringsAndTokenArrays() async throws {
        let (body, _) = try await run(#"{"prompt":["Ann",[1,2,3],"a@b.io"],"suffix":"Ann"}"#, .completions)
        #expect(body.serialized() == #"{"prompt":["[NAME_1]",[1,2,3],"[EMAIL_1]"],"suffix":"[NAME_1]"}"#)
        let (single, _) = try await run(#"{"prompt":"hi Ann"}"#, .completions)
        #expect(single.serialized() == #"{"prompt":"hi [NAME_1]"}"#)
    }

    @Test func embeddingsInput() async throws {
        let (body, _) = try await run(#"{"input":["Ann",[5,6]],"model":"e"}"#, .embeddings)
        #expect(body.serialized() == #"{"input":["[NAME_1]",[5,6]],"model":"e"}"#)
        let (tokens, _) = try await run(#"{"input":[1,2]}"#, .embeddings)
        #expect(tokens.serialized() == #"{"input":[1,2]}"#)
    }

    @Test func responsesInputShapes() async throws {
        let (body, _) = try await run(#"""
        {"instructions":"help Ann","input":[
          {"role":"user","content":[{"type":"input_text","text":"I am Ann"},{"type":"input_image","image_url":"data:x"}]},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi Ann"}]},
          {"type":"function_call","call_id":"c","name":"f","arguments":"{\"e\":\"a@b.io\"}"},
          {"type":"function_call_output","call_id":"c","output":"ok a@b.io"},
          {"type":"item_reference","id":"Ann"}]}
        """#, .responses)
        #expect(body.serialized() == #"{"instructions":"help [NAME_1]","input":[{"role":"user","content":[{"type":"input_text","text":"I am [NAME_1]"},{"type":"input_image","image_url":"data:x"}]},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi [NAME_1]"}]},{"type":"function_call","call_id":"c","name":"f","arguments":"{\"e\":\"[EMAIL_1]\"}"},{"type":"function_call_output","call_id":"c","output":"ok [EMAIL_1]"},{"type":"item_reference","id":"Ann"}]}"#)
        let (text, _) = try await run(#"{"input":"Ann"}"#, .responses)
        #expect(text.serialized() == #"{"input":"[NAME_1]"}"#)
        await #expect(throws: WalkerError.unsupportedItemType(type: "web_search_call", path: "input[0]")) {
            _ = try await run(#"{"input":[{"type":"web_search_call"}]}"#, .responses)
        }
    }

    @Test func endpointFromPath() {
        #expect(OpenAIEndpoint(path: "/v1/chat/completions?x=1") == .chatCompletions)
        #expect(OpenAIEndpoint(path: "/responses") == .responses)
        #expect(OpenAIEndpoint(path: "/v1/models") == nil)
    }
}
