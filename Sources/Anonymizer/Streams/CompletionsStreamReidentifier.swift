/// Restores placeholders in a legacy `/v1/completions` stream: each choice's `text` deltas
/// through its own ``StreamingReidentifier`` (keyed by the choice's `index`). A choice's chunk
/// with a `finish_reason` carries its held-back tail; ``flushChunk()`` returns a final chunk
/// for anything still held at the end of the stream.
public struct CompletionsStreamReidentifier: Sendable {
    private let map: PlaceholderMap
    private var streams: StreamingReidentifiers<Int>
    /// The last chunk's members except `choices`/`usage`, for the synthetic final chunk.
    private var envelope: [(key: String, value: JSONValue)] = []

    public init(map: PlaceholderMap) {
        self.map = map
        streams = StreamingReidentifiers(map: map)
    }

    /// The chunk with restored text (a choice whose text is held back gets `""`).
    public mutating func reidentify(chunk: JSONValue) -> JSONValue {
        if map.isEmpty { return chunk }
        envelope = ChoiceChunk.envelope(of: chunk) ?? envelope
        var result = chunk
        ChoiceChunk.forEachChoice(&result) { choice, index in
            let finishes = choice["finish_reason"].map { !$0.isNull } ?? false
            JSONTextVisitor.members(&choice, "text") { text in
                guard case .string(let fragment) = text else { return }
                var restored = streams.feed(fragment, key: index, escaping: .none)
                if finishes { restored += streams.finish(index) }
                text = .string(restored)
            }
        }
        return result
    }

    /// A final chunk with every held-back tail (one choice entry per choice, by index), or nil.
    public mutating func flushChunk() -> JSONValue? {
        let tails = streams.finish { _ in true }.sorted { $0.key < $1.key }
        guard !tails.isEmpty else { return nil }
        let choices: [JSONValue] = tails.map { tail in
            .object([(key: "index", value: .int(tail.key)), (key: "text", value: .string(tail.tail)),
                     (key: "finish_reason", value: .null)])
        }
        return .object(envelope + [(key: "choices", value: .array(choices))])
    }
}
