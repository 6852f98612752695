import Testing
import TestSupport
@testable import Anonymizer

/// Issue #15, item 4: every string value of a request is anonymized, allow-listed as a value of
/// the API itself, or the request is refused. Before, each field below went out raw.
@Suite struct UnvisitedFieldsTests {
    static let email = "ann@x.io"
    let anonymizer = Anonymizer(detectors: [TestEmailDetector(), WordListDetector(words: ["Ann"])])

    func openAI(_ json: String, _ kind: OpenAIEndpoint, options: WalkerOptions = WalkerOptions()) async throws -> JSONValue {
        var map = PlaceholderMap()
        return try await OpenAIRequestWalker(options: options).anonymizeRequest(try JSONParser.parse(json), kind: kind, anonymizer: anonymizer, map: &map)
    }

    func anthropic(_ json: String, options: WalkerOptions = WalkerOptions()) async throws -> JSONValue {
        var map = PlaceholderMap()
        return try await AnthropicRequestWalker(options: options)
            .anonymizeRequestReport(try JSONParser.parse(json), anonymizer: anonymizer, map: &map).body
    }

    static let openAIFields: [(String, OpenAIEndpoint)] = [
        // Responses prompt template variables: a string and an input_text part.
        (#"{"model":"m","prompt":{"id":"pmpt_1","version":"2","variables":{"who":"ann@x.io"}}}"#, .responses),
        (#"{"prompt":{"id":"pmpt_1","variables":{"who":{"type":"input_text","text":"ann@x.io"}}}}"#, .responses),
        // Tool descriptions, both shapes, and every schema text keyword, nested.
        (#"{"tools":[{"type":"function","function":{"name":"f","description":"mail ann@x.io"}}]}"#, .chatCompletions),
        (#"{"tools":[{"type":"function","name":"f","description":"mail ann@x.io","parameters":{}}]}"#, .responses),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"to":{"type":"string","description":"e.g. ann@x.io"}}}}}]}"#, .chatCompletions),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"to":{"default":"ann@x.io"}}}}}]}"#, .chatCompletions),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"to":{"enum":["bob@y.io","ann@x.io"]}}}}}]}"#, .chatCompletions),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"to":{"examples":["ann@x.io"]}}}}}]}"#, .chatCompletions),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"title":"for ann@x.io"}}}]}"#, .chatCompletions),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"to":{"const":"ann@x.io"}}}}}]}"#, .chatCompletions),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"to":{"type":"array","items":{"enum":["ann@x.io"]}}}}}}]}"#, .chatCompletions),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"anyOf":[{"const":"x"},{"description":"ann@x.io"}]}}}]}"#, .chatCompletions),
        (##"{"tools":[{"type":"function","function":{"name":"f","parameters":{"oneOf":[{"allOf":[{"$ref":"#/$defs/a"}]}],"$defs":{"a":{"default":"ann@x.io"}}}}}]}"##, .chatCompletions),
        (#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"$comment":"ann@x.io","x-hint":"ann@x.io"}}}]}"#, .chatCompletions),
        (#"{"functions":[{"name":"f","description":"ann@x.io"}]}"#, .chatCompletions),
        // Chat stop, response_format; Responses text.format.
        (#"{"messages":[],"stop":"ann@x.io"}"#, .chatCompletions),
        (#"{"messages":[],"stop":["END","ann@x.io"]}"#, .chatCompletions),
        (#"{"response_format":{"type":"json_schema","json_schema":{"name":"r","description":"for ann@x.io","schema":{"type":"object"}}}}"#, .chatCompletions),
        (#"{"response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"properties":{"to":{"enum":["ann@x.io"]}}}}}}"#, .chatCompletions),
        (#"{"text":{"format":{"type":"json_schema","name":"r","description":"ann@x.io","schema":{"description":"ann@x.io"}}}}"#, .responses),
        // Unknown top-level fields, extra keys on messages, parts, tool calls, items.
        (#"{"messages":[],"documents":[{"id":"d1","text":"ann@x.io"}]}"#, .chatCompletions),
        (#"{"prompt":"hi","documents":"ann@x.io"}"#, .completions),
        (#"{"input":"hi","extra":{"a":["ann@x.io"]}}"#, .embeddings),
        (#"{"messages":[{"role":"user","content":"hi","note":"ann@x.io"}]}"#, .chatCompletions),
        (#"{"messages":[{"role":"user","content":[{"type":"text","text":"hi","note":"ann@x.io"}]}]}"#, .chatCompletions),
        (#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/a.png"},"alt":"ann@x.io"}]}]}"#, .chatCompletions),
        (#"{"messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1","filename":"ann@x.io.pdf"}}]}]}"#, .chatCompletions),
        (#"{"messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"custom","custom":{"name":"f","input":"ann@x.io"}}]}]}"#, .chatCompletions),
        (#"{"messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}","note":"ann@x.io"}}]}]}"#, .chatCompletions),
        (#"{"input":[{"type":"message","role":"user","content":"hi","note":"ann@x.io"}]}"#, .responses),
        (#"{"input":[{"type":"function_call_output","call_id":"c","output":"ok","note":"ann@x.io"}]}"#, .responses),
        // User-controlled strings an SDK sends.
        (#"{"messages":[],"metadata":{"owner":"ann@x.io"},"safety_identifier":"ann@x.io","prompt_cache_key":"ann@x.io"}"#, .chatCompletions),
        // A value in an allow-listed field that is not identifier-shaped is text.
        (#"{"model":"ann@x.io","messages":[]}"#, .chatCompletions),
        (#"{"tool_choice":{"type":"function","function":{"name":"ann@x.io"}}}"#, .responses),
    ]

    @Test(arguments: openAIFields)
    func openAIFieldIsAnonymized(_ json: String, _ kind: OpenAIEndpoint) async throws {
        #expect(json.contains(Self.email))
        let out = try await openAI(json, kind).serialized()
        #expect(!out.contains(Self.email), "\(out)")
        #expect(out.contains("[EMAIL_1]"))
    }

    static let anthropicFields: [String] = [
        #"{"tools":[{"name":"send","description":"mail ann@x.io","input_schema":{"type":"object"}}],"messages":[]}"#,
        #"{"tools":[{"name":"send","input_schema":{"type":"object","properties":{"to":{"type":"string","description":"ann@x.io","enum":["ann@x.io"]}}}}],"messages":[]}"#,
        #"{"tools":[{"type":"web_search_20250305","name":"web_search","user_location":{"type":"approximate","city":"ann@x.io"}}],"messages":[]}"#,
        #"{"metadata":{"user_id":"ann@x.io"},"messages":[]}"#,
        #"{"stop_sequences":["ann@x.io"],"messages":[]}"#,
        #"{"documents":["ann@x.io"],"messages":[]}"#,
        #"{"output_format":{"type":"json_schema","schema":{"properties":{"to":{"default":"ann@x.io"}}}},"messages":[]}"#,
        #"{"messages":[{"role":"user","content":"hi","note":"ann@x.io"}]}"#,
        #"{"messages":[{"role":"user","content":[{"type":"text","text":"hi","note":"ann@x.io"}]}]}"#,
        #"{"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"https://x/a.png"},"alt":"ann@x.io"}]}]}"#,
        #"{"messages":[{"role":"user","content":[{"type":"document","source":{"type":"text","media_type":"text/plain","data":"x","note":"ann@x.io"}}]}]}"#,
        #"{"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{},"note":"ann@x.io"}]}]}"#,
        #"{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"ok","note":"ann@x.io"}]}]}"#,
        #"{"system":[{"type":"text","text":"hi","note":"ann@x.io"}],"messages":[]}"#,
    ]

    @Test(arguments: anthropicFields)
    func anthropicFieldIsAnonymized(_ json: String) async throws {
        let out = try await anthropic(json).serialized()
        #expect(!out.contains(Self.email), "\(out)")
        #expect(out.contains("[EMAIL_1]"))
    }

    /// What an openai SDK user sends: the structure survives byte for byte, only text changes.
    @Test func structuralValuesAreKept() async throws {
        let json = #"""
        {"model":"gpt-4o-mini","reasoning_effort":"low","tool_choice":"auto","parallel_tool_calls":false,
         "messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"https://x/Ann.png","detail":"low"}}]}],
         "tools":[{"type":"function","function":{"name":"send_mail","strict":true,"description":"Send mail",
           "parameters":{"type":"object","additionalProperties":false,"required":["to","Ann"],
             "properties":{"to":{"type":["string","null"],"format":"email","pattern":"^[a-z]+$"},"Ann":{"$ref":"#/$defs/n"}},
             "$defs":{"n":{"type":"integer","minimum":1}}}}}],
         "response_format":{"type":"json_schema","json_schema":{"name":"reply","strict":true,"schema":{"type":"object"}}}}
        """#
        let out = try await openAI(json, .chatCompletions)
        #expect(out.serialized() == (try JSONParser.parse(json)).serialized())
    }

    @Test func responsesStructuralValuesAreKept() async throws {
        let json = #"{"model":"o4-mini","previous_response_id":"resp_1","include":["reasoning.encrypted_content"],"reasoning":{"effort":"high","summary":"auto"},"text":{"format":{"type":"json_object"},"verbosity":"low"},"prompt":{"id":"pmpt_1","version":"3","variables":{"img":{"type":"input_image","image_url":"https://x/Ann.png"}}},"input":[{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAA+Ann/="},{"type":"item_reference","id":"msg_1"}],"tools":[{"type":"file_search","vector_store_ids":["vs_1"]}]}"#
        let out = try await openAI(json, .responses)
        #expect(out.serialized() == (try JSONParser.parse(json)).serialized())
    }

    @Test func anthropicStructuralValuesAreKept() async throws {
        let json = #"{"model":"claude-sonnet-4-5","max_tokens":10,"tool_choice":{"type":"tool","name":"send"},"thinking":{"type":"enabled","budget_tokens":1024},"tools":[{"name":"send","input_schema":{"type":"object","required":["Ann"]},"cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"x","signature":"Ann+sig="},{"type":"redacted_thinking","data":"Ann="}]}]}"#
        let out = try await anthropic(json)
        #expect(out.serialized() == (try JSONParser.parse(json)).serialized())
    }

    /// A JSON-schema `pattern` would change meaning if rewritten: forwarded when nothing is found
    /// in it, refused when something is.
    @Test func schemaPatternIsVerbatimOrRefused() async throws {
        await #expect(throws: WalkerError.sensitiveVerbatimValue(path: "tools[0].function.parameters.properties.to.pattern")) {
            _ = try await openAI(#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"to":{"pattern":"^(ann@x.io|bob)$"}}}}}]}"#, .chatCompletions)
        }
        await #expect(throws: WalkerError.sensitiveVerbatimValue(path: "tools[0].input_schema.pattern")) {
            _ = try await anthropic(#"{"tools":[{"name":"f","input_schema":{"pattern":"Ann"}}],"messages":[]}"#)
        }
    }

    /// An enum value is anonymized consistently with the same value in the messages, so the
    /// model's answer (`[EMAIL_1]`) is restored to the real value.
    @Test func enumValuesShareTheMessagesPlaceholders() async throws {
        var map = PlaceholderMap()
        let json = #"{"messages":[{"role":"user","content":"write to ann@x.io"}],"response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"properties":{"to":{"enum":["ann@x.io"]}}}}}}"#
        let out = try await OpenAIRequestWalker().anonymizeRequest(try JSONParser.parse(json), kind: .chatCompletions, anonymizer: anonymizer, map: &map)
        #expect(out.serialized().contains(#""enum":["[EMAIL_1]"]"#))
        #expect(out.serialized().contains("write to [EMAIL_1]"))
        #expect(map.count == 1)
        #expect(Reidentifier(map: map).reidentify(#"{"to":"[EMAIL_1]"}"#) == #"{"to":"ann@x.io"}"#)
    }

    /// Messages of roles the operator chose not to anonymize keep their extra keys too.
    @Test func roleOptionsStillApplyToMessageExtras() async throws {
        let json = #"{"messages":[{"role":"system","content":"Ann","note":"Ann"},{"role":"user","content":"Ann","note":"Ann"}],"stop":"Ann"}"#
        let out = try await openAI(json, .chatCompletions, options: WalkerOptions(roles: ["user"]))
        #expect(out.serialized() == #"{"messages":[{"role":"system","content":"Ann","note":"Ann"},{"role":"user","content":"[NAME_1]","note":"[NAME_1]"}],"stop":"[NAME_1]"}"#)
    }

    // MARK: property: random unknown nested fields

    /// Member names a random tree draws from: unknown ones and names the rules know (token,
    /// schema and text keywords), so allow-listed names are tried with values that are not
    /// theirs. Documented opaque names (media data, signatures, `required`) are left out: they
    /// are forwarded raw by design.
    static let keyPool = ["documents", "x", "note", "type", "model", "role", "id", "name", "description", "enum",
                          "properties", "items", "anyOf", "$defs", "pattern", "format", "text", "content", "function",
                          "parameters", "schema", "json_schema", "tool_choice", "variables", "metadata", "stop"]

    static func tree(_ rng: inout SplitMix64, depth: Int, email: inout Bool) -> JSONValue {
        let roll = Int.random(in: 0..<10, using: &rng)
        if depth == 0 || roll < 3 {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0, 1:
                email = true
                return .string(["ann@x.io", "mail ann@x.io now", "<ann@x.io>"].randomElement(using: &rng) ?? "ann@x.io")
            case 2: return .string(["string", "auto", "object", "user"].randomElement(using: &rng) ?? "x")
            case 3: return .number("1")
            default: return .bool(true)
            }
        }
        if roll < 6 {
            return .array((0..<Int.random(in: 1...3, using: &rng)).map { _ in tree(&rng, depth: depth - 1, email: &email) })
        }
        let count = Int.random(in: 1...3, using: &rng)
        return .object((0..<count).map { _ in
            (key: keyPool.randomElement(using: &rng) ?? "x", value: tree(&rng, depth: depth - 1, email: &email))
        })
    }

    /// Where a random tree is attached: (endpoint or nil for Anthropic, body with `#` for the tree).
    static let attachPoints: [(OpenAIEndpoint?, String)] = [
        (.chatCompletions, #"{"model":"m","messages":[{"role":"user","content":"hi"}],"extra":#}"#),
        (.chatCompletions, #"{"messages":[{"role":"user","content":"hi","extra":#}]}"#),
        (.chatCompletions, #"{"messages":[{"role":"user","content":[{"type":"text","text":"hi","extra":#}]}]}"#),
        (.chatCompletions, #"{"messages":[],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":#}}}}]}"#),
        (.chatCompletions, #"{"messages":[],"tools":[{"type":"function","extra":#,"function":{"name":"f","extra":#}}]}"#),
        (.chatCompletions, #"{"messages":[],"response_format":{"type":"json_schema","json_schema":{"name":"r","extra":#,"schema":{"anyOf":[#]}}}}"#),
        (.chatCompletions, #"{"messages":[],"tool_choice":#,"stop":#}"#),
        (.responses, #"{"input":[{"type":"message","role":"user","content":"hi","extra":#}],"prompt":{"id":"p","variables":{"v":#}}}"#),
        (.responses, #"{"input":"hi","text":{"format":{"type":"json_schema","name":"r","schema":#}},"reasoning":#}"#),
        (.completions, #"{"prompt":"hi","extra":#}"#),
        (.embeddings, #"{"input":"hi","extra":#}"#),
        (nil, #"{"messages":[{"role":"user","content":[{"type":"text","text":"hi","extra":#}]}],"extra":#}"#),
        (nil, #"{"messages":[{"role":"user","content":"hi","extra":#}],"tools":[{"name":"f","input_schema":{"properties":{"a":#}}}]}"#),
        (nil, #"{"messages":[],"metadata":#,"tool_choice":#,"output_format":{"type":"json_schema","schema":#}}"#),
    ]

    @Test func randomUnknownNestedFieldsAreAnonymizedOrRefused() async throws {
        var rng = SplitMix64(seed: 0x5EED_0015)
        var refused = 0, anonymized = 0
        for _ in 0..<600 {
            var email = false
            let tree = Self.tree(&rng, depth: 4, email: &email)
            guard email, let (kind, template) = Self.attachPoints.randomElement(using: &rng) else { continue }
            let json = template.replacingOccurrences(of: "#", with: tree.serialized())
            do {
                let out: JSONValue
                if let kind { out = try await openAI(json, kind) } else { out = try await anthropic(json) }
                #expect(!out.serialized().contains(Self.email), "\(json)")
                anonymized += 1
            } catch is WalkerError {
                refused += 1
            }
        }
        #expect(anonymized > 100)
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
