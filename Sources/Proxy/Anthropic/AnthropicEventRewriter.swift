import Anonymizer

/// Rewrites an Anthropic Messages event stream: each event's JSON goes through the
/// ``AnthropicStreamReidentifier``; released tails become their own `content_block_delta` events,
/// sent before the event that released them.
struct AnthropicEventRewriter: EventStreamRewriting {
    private var reidentifier: AnthropicStreamReidentifier
    private var finished = false
    private(set) var unparsedEvents = 0

    init(map: PlaceholderMap, textIsJSON: Bool = false) {
        reidentifier = AnthropicStreamReidentifier(map: map, textIsJSON: textIsJSON)
    }

    mutating func rewrite(_ event: ServerSentEvent) -> [UInt8] {
        guard !event.data.isEmpty, let json = try? JSONParser.parse(event.data) else {
            unparsedEvents += event.data.isEmpty ? 0 : 1
            return event.encoded
        }
        let out = reidentifier.reidentify(event: json)
        var bytes: [UInt8] = []
        for (i, restored) in out.enumerated() {
            if i == out.count - 1 {
                // The received event itself: keep its other fields (id:, comments).
                var e = event
                e.event = restored["type"]?.stringValue ?? event.event
                e.data = restored.serialized()
                bytes += e.encoded
            } else {
                bytes += Self.encode(restored)
            }
        }
        return bytes
    }

    mutating func finish() -> [UInt8] {
        guard !finished else { return [] }
        finished = true
        return reidentifier.flush().flatMap(Self.encode)
    }

    /// Anthropic names each event after its data's `type`.
    static func encode(_ json: JSONValue) -> [UInt8] {
        ServerSentEvent(event: json["type"]?.stringValue, data: json.serialized()).encoded
    }

    var errorShape: ErrorShape { .anthropic }
}
