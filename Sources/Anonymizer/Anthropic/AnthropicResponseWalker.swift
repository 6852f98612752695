/// Restores placeholders in a non-streamed Anthropic Messages API answer (a `message` object)
/// and in the snapshots a stream carries (`message_start`'s message, `content_block_start`'s block).
///
/// `text` blocks (and their citations' quoted text) are restored; `tool_use` / `server_tool_use`
/// `input` is a JSON value, so its strings (keys too) are restored in place and serialization
/// escapes them. `thinking` blocks are left as the provider sent them: they are signed, and a
/// client sends them back in the next turn, where restored values would change the text and
/// fail the signature check. Server tool results (web content) are left untouched.
public struct AnthropicResponseWalker: Sendable {
    public let map: PlaceholderMap
    /// The request asked for JSON output (`output_format` `json_schema`), so text blocks are
    /// JSON text: values are restored inside its strings so `"` or `\` cannot break it.
    public let textIsJSON: Bool
    private let openAI: OpenAIResponseWalker

    public init(map: PlaceholderMap, textIsJSON: Bool = false) {
        self.map = map
        self.textIsJSON = textIsJSON
        openAI = OpenAIResponseWalker(map: map)
    }

    /// A `message` object with every issued placeholder restored.
    public func reidentifyResponse(_ message: JSONValue) -> JSONValue {
        if map.isEmpty { return message }
        var result = message
        JSONTextVisitor.members(&result, "content") { content in
            JSONTextVisitor.elements(&content) { block, _ in restoreBlock(&block) }
        }
        return result
    }

    /// One content block, by type.
    public func restoreBlock(_ block: inout JSONValue) {
        if map.isEmpty { return }
        switch block["type"]?.stringValue {
        case "text":
            JSONTextVisitor.members(&block, "text") { textIsJSON ? openAI.restoreArguments(&$0) : openAI.restoreString(&$0) }
            JSONTextVisitor.members(&block, "citations") { citations in
                JSONTextVisitor.elements(&citations) { citation, _ in restoreCitation(&citation) }
            }
        case "tool_use", "server_tool_use":
            JSONTextVisitor.members(&block, "input") { input in
                JSONTextVisitor.allStrings(&input, keys: true) { s, _ in s = Reidentifier(map: map).reidentify(s) }
            }
        default:
            break
        }
    }

    /// A citation's quoted text and titles.
    public func restoreCitation(_ citation: inout JSONValue) {
        for key in AnthropicRequestWalker.citationTextKeys {
            JSONTextVisitor.members(&citation, key) { openAI.restoreString(&$0) }
        }
    }

    /// Every string of `value` restored (error bodies: providers echo input in messages).
    public func reidentifyingEveryString(_ value: JSONValue) -> JSONValue {
        Reidentifier(map: map).reidentifyingEveryString(value)
    }
}
