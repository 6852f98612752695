/// Restores placeholders in an Anthropic Messages API event stream.
///
/// Each content block streams its text through its own ``StreamingReidentifier`` (keyed by the
/// block's `index`): `text_delta.text` as plain text, `input_json_delta.partial_json` (a tool's
/// input as JSON text arriving in pieces) with restored values JSON-escaped. A placeholder split
/// across deltas is held back (at most ``StreamingReidentifier/maxHeldBack`` scalars) and
/// released at `content_block_stop` as a synthetic `content_block_delta` event sent just before
/// the stop; `message_delta`, `message_stop` and ``flush()`` release whatever is still held.
/// Snapshots (`message_start`'s message, `content_block_start`'s block, `citations_delta`) are
/// restored whole; `thinking_delta` and `signature_delta` pass untouched (see
/// ``AnthropicResponseWalker``); `error` and unknown events get every string restored.
public struct AnthropicStreamReidentifier: Sendable {
    enum Kind: Hashable, Sendable {
        case text
        case inputJSON
    }

    struct Key: Hashable, Sendable {
        var index: Int
        var kind: Kind
    }

    private let map: PlaceholderMap
    private let walker: AnthropicResponseWalker
    private var streams: StreamingReidentifiers<Key>

    public init(map: PlaceholderMap, textIsJSON: Bool = false) {
        self.map = map
        walker = AnthropicResponseWalker(map: map, textIsJSON: textIsJSON)
        streams = StreamingReidentifiers(map: map)
    }

    /// The events to send for one received event's JSON data (usually one; more when held-back
    /// tails are released before it).
    public mutating func reidentify(event: JSONValue) -> [JSONValue] {
        if map.isEmpty { return [event] }
        var event = event
        let index = event["index"]?.intValue ?? 0
        switch event["type"]?.stringValue {
        case "message_start":
            JSONTextVisitor.members(&event, "message") { $0 = walker.reidentifyResponse($0) }
        case "content_block_start":
            JSONTextVisitor.members(&event, "content_block") { block in
                if block["type"]?.stringValue == "text" {
                    JSONTextVisitor.members(&block, "text") { feed(&$0, Key(index: index, kind: .text)) }
                } else {
                    walker.restoreBlock(&block)
                }
            }
        case "content_block_delta":
            JSONTextVisitor.members(&event, "delta") { delta in
                switch delta["type"]?.stringValue {
                case "text_delta": JSONTextVisitor.members(&delta, "text") { feed(&$0, Key(index: index, kind: .text)) }
                case "input_json_delta": JSONTextVisitor.members(&delta, "partial_json") { feed(&$0, Key(index: index, kind: .inputJSON)) }
                case "citations_delta": JSONTextVisitor.members(&delta, "citation") { walker.restoreCitation(&$0) }
                default: break  // thinking_delta, signature_delta: left as sent
                }
            }
        case "content_block_stop":
            return tails { $0.index == index } + [event]
        case "message_delta", "message_stop":
            return flush() + [event]
        case "ping":
            break
        default:
            return [walker.reidentifyingEveryString(event)]
        }
        return [event]
    }

    /// Synthetic `content_block_delta` events for every tail still held back (send before the
    /// stream ends).
    public mutating func flush() -> [JSONValue] {
        tails { _ in true }
    }

    private mutating func feed(_ value: inout JSONValue, _ key: Key) {
        guard case .string(let fragment) = value else { return }
        let escaping: ValueEscaping = key.kind == .inputJSON || walker.textIsJSON ? .jsonString : .none
        value = .string(streams.feed(fragment, key: key, escaping: escaping))
    }

    private mutating func tails(where predicate: (Key) -> Bool) -> [JSONValue] {
        streams.finish(where: predicate).map { key, tail in
            let delta: JSONValue = switch key.kind {
            case .text: .object([(key: "type", value: .string("text_delta")), (key: "text", value: .string(tail))])
            case .inputJSON: .object([(key: "type", value: .string("input_json_delta")), (key: "partial_json", value: .string(tail))])
            }
            return .object([
                (key: "type", value: .string("content_block_delta")), (key: "index", value: .int(key.index)),
                (key: "delta", value: delta),
            ])
        }
    }
}
