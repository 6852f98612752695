import Testing
@testable import Anonymizer

@Suite struct AnthropicRequestWalkerTests {
    let anonymizer = Anonymizer(detectors: [TestEmailDetector(), WordListDetector(words: ["Ann", "O\"Hara"])])

    func run(_ json: String, options: WalkerOptions = WalkerOptions()) async throws -> (JSONValue, PlaceholderMap) {
        var map = PlaceholderMap()
        let report = try await AnthropicRequestWalker(options: options)
            .anonymizeRequestReport(try JSONParser.parse(json), anonymizer: anonymizer, map: &map)
        return (report.body, map)
    }

    @Test func everyTextFieldSharesOneMapInDocumentOrder() async throws {
        let (body, map) = try await run(#"""
        {"model":"claude","max_tokens":100,"system":"Ann's helper",
         "tools":[{"name":"send","description":"mail Ann","input_schema":{"type":"object"}}],
         "messages":[
          {"role":"user","content":[{"type":"text","text":"mail a@b.io","cache_control":{"type":"ephemeral"}},
                                    {"type":"image","source":{"type":"base64","media_type":"image/png","data":"QW5u"}},
                                    {"type":"document","title":"Ann.txt","context":"from c@d.io","source":{"type":"text","media_type":"text/plain","data":"Ann wrote"}}]},
          {"role":"assistant","content":[{"type":"thinking","thinking":"Ann wants mail","signature":"sig"},
                                         {"type":"tool_use","id":"t1","name":"send","input":{"to":"a@b.io","cc":["c@d.io"],"n":1}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"sent to c@d.io"},
                                    {"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"O\"Hara"}],"is_error":true}]},
          {"role":"assistant","content":"Done, Ann"}],
         "metadata":{"user_id":"a@b.io"}}
        """#)
        #expect(body.serialized() == #"{"model":"claude","max_tokens":100,"system":"[NAME_1]'s helper","tools":[{"name":"send","description":"mail [NAME_1]","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":[{"type":"text","text":"mail [EMAIL_1]","cache_control":{"type":"ephemeral"}},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"QW5u"}},{"type":"document","title":"[NAME_1].txt","context":"from [EMAIL_2]","source":{"type":"text","media_type":"text/plain","data":"[NAME_1] wrote"}}]},{"role":"assistant","content":[{"type":"thinking","thinking":"[NAME_1] wants mail","signature":"sig"},{"type":"tool_use","id":"t1","name":"send","input":{"to":"[EMAIL_1]","cc":["[EMAIL_2]"],"n":1}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"sent to [EMAIL_2]"},{"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"[NAME_2]"}],"is_error":true}]},{"role":"assistant","content":"Done, [NAME_1]"}],"metadata":{"user_id":"[EMAIL_1]"}}"#)
        #expect(map.count == 4)
        #expect(map.value(for: Placeholder(label: .name, index: 2)) == "O\"Hara")
    }

    @Test func systemBlocksAndCitationsAreAnonymized() async throws {
        let (body, _) = try await run(#"""
        {"system":[{"type":"text","text":"for Ann"},{"type":"text","text":"cached","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"assistant","content":[{"type":"text","text":"quote","citations":[
           {"type":"char_location","cited_text":"Ann said","document_index":0,"document_title":"a@b.io","start_char_index":0,"end_char_index":8}]}]},
          {"role":"user","content":[{"type":"search_result","source":"https://x/a@b.io","title":"Ann","content":[{"type":"text","text":"Ann"}],"citations":{"enabled":true}},
           {"type":"document","source":{"type":"content","content":[{"type":"text","text":"Ann"},{"type":"image","source":{"type":"url","url":"https://x/Ann.png"}}]},"citations":{"enabled":true}}]}]}
        """#)
        let text = body.serialized()
        #expect(!text.contains("Ann\"") && !text.contains("Ann ") && !text.contains("a@b.io\""))
        #expect(body["system"]?.arrayValue?[0]["text"] == .string("for [NAME_1]"))
        #expect(body["system"]?.arrayValue?[1]["cache_control"] != nil)
        #expect(text.contains(#""cited_text":"[NAME_1] said""#))
        #expect(text.contains(#""document_title":"[EMAIL_1]""#))
        #expect(text.contains(#""url":"https://x/Ann.png""#))  // image sources are not visited
    }

    @Test func binaryAndEncryptedBlocksPassUntouched() async throws {
        let json = #"{"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"https://x/Ann.png"}},{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"QW5u"}},{"type":"document","source":{"type":"file","file_id":"file_1"}}]},{"role":"assistant","content":[{"type":"redacted_thinking","data":"Ann"}]}]}"#
        let (body, map) = try await run(json)
        #expect(body.serialized() == (try JSONParser.parse(json)).serialized())
        #expect(map.isEmpty)
    }

    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":[{"type":"video","text":"Ann"}]}]}"#, WalkerError.unsupportedContentPart(type: "video", path: "messages[0].content[0]")),
        (#"{"messages":[{"role":"user","content":[{"text":"Ann"}]}]}"#, .unsupportedContentPart(type: "(missing)", path: "messages[0].content[0]")),
        (#"{"system":[{"type":"image"}],"messages":[]}"#, .unsupportedContentPart(type: "image", path: "system[0]")),
        (#"{"messages":[{"role":"user","content":[{"type":"tool_result","content":[{"type":"tool_use","input":{}}]}]}]}"#, .unsupportedContentPart(type: "tool_use", path: "messages[0].content[0].content[0]")),
        (#"{"messages":[{"role":"user","content":[{"type":"document","source":{"type":"zip","data":"Ann"}}]}]}"#, .unsupportedContentPart(type: "document source zip", path: "messages[0].content[0].source")),
        (#"{"messages":[{"role":"user","content":[{"type":"web_search_tool_result","content":[]}]}]}"#, .unsupportedContentPart(type: "web_search_tool_result", path: "messages[0].content[0]")),
        (#"{"messages":[{"role":"user","content":{"text":"Ann"}}]}"#, .invalidShape(path: "messages[0].content", expected: "a string or an array of content blocks")),
        (#"{"messages":[{"role":"user","content":[{"type":"text","text":7}]}]}"#, .invalidShape(path: "messages[0].content[0].text", expected: "a string")),
        (#"{"system":{"text":"Ann"}}"#, .invalidShape(path: "system", expected: "a string or an array of text blocks")),
        (#"{"messages":"Ann"}"#, .invalidShape(path: "messages", expected: "an array")),
        ("[1]", .notAnObject),
    ])
    func shapesVeilCannotProveFailClosed(_ json: String, _ expected: WalkerError) async {
        await #expect(throws: expected) { _ = try await run(json) }
    }

    @Test func unknownBlocksFailEvenInRolesNotAnonymized() async {
        await #expect(throws: WalkerError.unsupportedContentPart(type: "video", path: "messages[0].content[0]")) {
            _ = try await run(#"{"messages":[{"role":"assistant","content":[{"type":"video"}]}]}"#, options: WalkerOptions(roles: ["user"]))
        }
    }

    @Test func roleAndFieldOptions() async throws {
        let json = #"{"system":"Ann","messages":[{"role":"user","content":[{"type":"text","text":"Ann"},{"type":"tool_result","content":"Ann"}]},{"role":"assistant","content":[{"type":"tool_use","input":{"a":"Ann"}}]}]}"#
        let (toolOnly, _) = try await run(json, options: WalkerOptions(roles: ["tool"]))
        #expect(toolOnly.serialized() == #"{"system":"Ann","messages":[{"role":"user","content":[{"type":"text","text":"Ann"},{"type":"tool_result","content":"[NAME_1]"}]},{"role":"assistant","content":[{"type":"tool_use","input":{"a":"Ann"}}]}]}"#)
        let (noTools, _) = try await run(json, options: WalkerOptions(fields: [.content]))
        #expect(noTools.serialized() == #"{"system":"[NAME_1]","messages":[{"role":"user","content":[{"type":"text","text":"[NAME_1]"},{"type":"tool_result","content":"Ann"}]},{"role":"assistant","content":[{"type":"tool_use","input":{"a":"Ann"}}]}]}"#)
    }

    @Test func pastedPlaceholderIsReservedBeforeNumbering() async throws {
        let (body, map) = try await run(#"{"messages":[{"role":"user","content":"Ann"},{"role":"user","content":"[NAME_1] was pasted"}]}"#)
        #expect(body["messages"]?.arrayValue?[0]["content"] == .string("[NAME_2]"))
        #expect(Reidentifier(map: map).reidentify("[NAME_1] and [NAME_2]") == "[NAME_1] and Ann")
    }

    @Test func duplicateKeysAreAllAnonymized() async throws {
        let (body, _) = try await run(#"{"system":"x","system":"Ann","messages":[{"role":"user","content":"x","content":"Ann"}]}"#)
        #expect(!body.serialized().contains("Ann"))
    }
}
