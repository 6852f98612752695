/// Restores placeholders in non-streamed OpenAI-style responses.
///
/// Shapes: chat `choices[].message` (`content`, `refusal`, `tool_calls[].function.arguments`,
/// `function_call.arguments`, `audio.transcript`); completions `choices[].text`; responses
/// `output[]` items (message `output_text`/`refusal` parts, `function_call.arguments`,
/// `custom_tool_call.input`, reasoning summaries) and `output_text`.
/// Tool-call arguments are JSON inside a string: they are parsed, restored inside their
/// strings and re-serialized, so a value with `"` or `\` keeps them valid JSON; when they do
/// not parse, values are restored JSON-escaped. Unknown shapes are left as they are.
public struct OpenAIResponseWalker: Sendable {
    public let map: PlaceholderMap
    /// The request asked for JSON output (`response_format` `json_object` / `json_schema`), so
    /// message `content` is JSON text: values are restored inside its strings, like tool-call
    /// arguments, so a value with `"` or `\` cannot break the client's JSON.
    public let contentIsJSON: Bool
    private let plain: Reidentifier
    private let escaped: Reidentifier

    public init(map: PlaceholderMap, contentIsJSON: Bool = false) {
        self.map = map
        self.contentIsJSON = contentIsJSON
        plain = Reidentifier(map: map)
        escaped = Reidentifier(map: map, escaping: .jsonString)
    }

    /// `body` with every issued placeholder restored.
    public func reidentifyResponse(_ body: JSONValue, kind: OpenAIEndpoint) -> JSONValue {
        if map.isEmpty { return body }
        var result = body
        switch kind {
        case .chatCompletions, .completions:
            JSONTextVisitor.members(&result, "choices") { choices in
                JSONTextVisitor.elements(&choices) { choice, _ in
                    JSONTextVisitor.members(&choice, "text") { restoreString(&$0) }
                    JSONTextVisitor.members(&choice, "message") { restoreChatMessage(&$0) }
                }
            }
        case .responses:
            JSONTextVisitor.members(&result, "output") { output in
                JSONTextVisitor.elements(&output) { item, _ in restoreResponsesItem(&item) }
            }
            JSONTextVisitor.members(&result, "output_text") { restoreString(&$0) }
        case .embeddings:
            break
        }
        return result
    }

    /// A chat message or a streamed delta (same field names).
    func restoreChatMessage(_ message: inout JSONValue) {
        JSONTextVisitor.members(&message, "content") { content in
            if case .array = content {
                JSONTextVisitor.elements(&content) { part, _ in restorePart(&part) }
            } else if contentIsJSON {
                restoreArguments(&content)
            } else {
                restoreString(&content)
            }
        }
        JSONTextVisitor.members(&message, "refusal") { restoreString(&$0) }
        JSONTextVisitor.members(&message, "audio") { audio in JSONTextVisitor.members(&audio, "transcript") { restoreString(&$0) } }
        JSONTextVisitor.members(&message, "tool_calls") { calls in
            JSONTextVisitor.elements(&calls) { call, _ in
                JSONTextVisitor.members(&call, "function") { f in JSONTextVisitor.members(&f, "arguments") { restoreArguments(&$0) } }
            }
        }
        JSONTextVisitor.members(&message, "function_call") { f in JSONTextVisitor.members(&f, "arguments") { restoreArguments(&$0) } }
    }

    /// A responses-API output item (also used for `response.output_item.done` events).
    public func restoreResponsesItem(_ item: inout JSONValue) {
        if map.isEmpty { return }
        switch item["type"]?.stringValue {
        case "message":
            JSONTextVisitor.members(&item, "content") { content in JSONTextVisitor.elements(&content) { part, _ in restorePart(&part) } }
        case "function_call":
            JSONTextVisitor.members(&item, "arguments") { restoreArguments(&$0) }
        case "custom_tool_call":
            JSONTextVisitor.members(&item, "input") { restoreArguments(&$0) }
        case "reasoning":
            JSONTextVisitor.members(&item, "summary") { summary in JSONTextVisitor.elements(&summary) { part, _ in restorePart(&part) } }
        default:
            break
        }
    }

    /// A content part: `text` (output_text, text, summary_text) and `refusal`.
    public func restorePart(_ part: inout JSONValue) {
        JSONTextVisitor.members(&part, "text") { restoreString(&$0) }
        JSONTextVisitor.members(&part, "refusal") { restoreString(&$0) }
    }

    func restoreString(_ value: inout JSONValue) {
        if case .string(let s) = value { value = .string(plain.reidentify(s)) }
    }

    /// Tool-call arguments: restore inside the parsed JSON, or JSON-escaped when unparseable.
    public func restoreArguments(_ value: inout JSONValue) {
        guard case .string(let s) = value else { return }
        value = .string(restoreArguments(s))
    }

    /// Restores an arguments string (JSON text).
    public func restoreArguments(_ arguments: String) -> String {
        if map.isEmpty { return arguments }
        if var inner = try? JSONParser.parse(arguments) {
            JSONTextVisitor.allStrings(&inner, keys: true) { s, _ in s = plain.reidentify(s) }
            return inner.serialized()
        }
        return escaped.reidentify(arguments)
    }
}
