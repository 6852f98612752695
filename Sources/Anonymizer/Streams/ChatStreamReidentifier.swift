/// Restores placeholders in a stream of chat-completion chunks (`chat.completion.chunk`).
///
/// Each streamed field — `choices[i].delta.content`, `.refusal` and
/// `.tool_calls[j].function.arguments` — gets its own ``StreamingReidentifier``, so a
/// placeholder split across any number of chunks is restored. Arguments are JSON text being
/// streamed, so values restored there are JSON-escaped. When a choice's chunk carries a
/// `finish_reason`, its held-back tails are appended to that chunk's delta; ``flushChunk()``
/// returns a final synthetic chunk for anything still held at the end of the stream.
public struct ChatStreamReidentifier: Sendable {
    /// A streamed text field of one choice.
    public enum Field: Hashable, Sendable {
        case content
        case refusal
        case toolArguments(index: Int)
    }

    /// One stream: a field of one choice.
    public struct Key: Hashable, Sendable {
        public var choice: Int
        public var field: Field
    }

    /// A held-back tail released at the end.
    public struct Tail: Hashable, Sendable {
        public var key: Key
        public var text: String
    }

    private let map: PlaceholderMap
    private var streams: StreamingReidentifiers<Key>
    /// The last chunk's members except `choices`/`usage`, for the synthetic final chunk.
    private var envelope: [(key: String, value: JSONValue)] = []

    /// Streamed `content` is JSON text (`response_format` JSON modes): restored values are
    /// JSON-escaped there too.
    private let contentIsJSON: Bool

    public init(map: PlaceholderMap, contentIsJSON: Bool = false) {
        self.map = map
        self.contentIsJSON = contentIsJSON
        streams = StreamingReidentifiers(map: map)
    }

    /// The chunk with restored text (fields whose text is held back get `""`).
    public mutating func reidentify(chunk: JSONValue) -> JSONValue {
        if map.isEmpty { return chunk }
        envelope = ChoiceChunk.envelope(of: chunk) ?? envelope
        var result = chunk
        ChoiceChunk.forEachChoice(&result) { choice, index in
            JSONTextVisitor.members(&choice, "delta") { delta in
                JSONTextVisitor.members(&delta, "content") { feed(&$0, Key(choice: index, field: .content)) }
                JSONTextVisitor.members(&delta, "refusal") { feed(&$0, Key(choice: index, field: .refusal)) }
                JSONTextVisitor.members(&delta, "tool_calls") { calls in
                    JSONTextVisitor.elements(&calls) { call, callPosition in
                        let key = Key(choice: index, field: .toolArguments(index: call["index"]?.intValue ?? callPosition))
                        JSONTextVisitor.members(&call, "function") { f in JSONTextVisitor.members(&f, "arguments") { feed(&$0, key) } }
                    }
                }
            }
            if let reason = choice["finish_reason"], !reason.isNull {
                let tails = finish { $0.choice == index }
                if !tails.isEmpty {
                    var delta = choice["delta"] ?? .object([])
                    Self.append(tails, to: &delta)
                    choice["delta"] = delta
                }
            }
        }
        return result
    }

    /// Ends every stream; returns the non-empty held-back tails in first-seen order.
    public mutating func flush() -> [Tail] {
        finish { _ in true }
    }

    /// A synthetic `chat.completion.chunk` carrying every held-back tail (one choice entry per
    /// choice, `finish_reason: null`), or nil when nothing was held back. Send it before `[DONE]`.
    public mutating func flushChunk() -> JSONValue? {
        let tails = flush()
        guard !tails.isEmpty else { return nil }
        var choices: [JSONValue] = []
        for choice in Array(Set(tails.map(\.key.choice))).sorted() {
            var delta = JSONValue.object([])
            Self.append(tails.filter { $0.key.choice == choice }, to: &delta)
            choices.append(.object([(key: "index", value: .int(choice)), (key: "delta", value: delta), (key: "finish_reason", value: .null)]))
        }
        var members = envelope
        if !members.contains(where: { $0.key == "object" }) { members.append((key: "object", value: .string("chat.completion.chunk"))) }
        members.append((key: "choices", value: .array(choices)))
        return .object(members)
    }

    private mutating func feed(_ value: inout JSONValue, _ key: Key) {
        guard case .string(let fragment) = value else { return }
        let escaping: ValueEscaping = switch key.field {
        case .toolArguments: .jsonString
        case .content where contentIsJSON: .jsonString
        default: .none
        }
        value = .string(streams.feed(fragment, key: key, escaping: escaping))
    }

    /// Ends the streams matching `predicate`; their non-empty tails in first-seen order.
    private mutating func finish(where predicate: (Key) -> Bool) -> [Tail] {
        streams.finish(where: predicate).map { Tail(key: $0.key, text: $0.tail) }
    }

    /// Appends tails to a delta object (content/refusal concatenated, tool calls by index).
    private static func append(_ tails: [Tail], to delta: inout JSONValue) {
        for tail in tails {
            switch tail.key.field {
            case .content, .refusal:
                let name = tail.key.field == .content ? "content" : "refusal"
                delta[name] = .string((delta[name]?.stringValue ?? "") + tail.text)
            case .toolArguments(let index):
                var calls = delta["tool_calls"]?.arrayValue ?? []
                if let i = calls.firstIndex(where: { $0["index"]?.intValue == index }) {
                    var function = calls[i]["function"] ?? .object([])
                    function["arguments"] = .string((function["arguments"]?.stringValue ?? "") + tail.text)
                    calls[i]["function"] = function
                } else {
                    calls.append(.object([
                        (key: "index", value: .int(index)),
                        (key: "function", value: .object([(key: "arguments", value: .string(tail.text))])),
                    ]))
                }
                delta["tool_calls"] = .array(calls)
            }
        }
    }
}
