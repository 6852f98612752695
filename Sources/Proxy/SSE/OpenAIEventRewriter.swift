import Anonymizer

/// Rewrites an OpenAI event stream's events: JSON payloads get their placeholders restored
/// through the endpoint's stream re-identifier (`ChatStreamReidentifier`,
/// `CompletionsStreamReidentifier`, `ResponsesStreamReidentifier`); `[DONE]` first releases
/// every held-back tail.
public struct OpenAIEventRewriter: EventStreamRewriting {
    let endpoint: OpenAIEndpoint
    private var chat: ChatStreamReidentifier
    private var completions: CompletionsStreamReidentifier
    private var responses: ResponsesStreamReidentifier
    private var finished = false
    /// Events whose data was not JSON; relayed unchanged (they hold only redacted text).
    public private(set) var unparsedEvents = 0

    public init(endpoint: OpenAIEndpoint, map: PlaceholderMap, contentIsJSON: Bool = false) {
        self.endpoint = endpoint
        chat = ChatStreamReidentifier(map: map, contentIsJSON: contentIsJSON)
        completions = CompletionsStreamReidentifier(map: map)
        responses = ResponsesStreamReidentifier(map: map)
    }

    public mutating func rewrite(_ event: ServerSentEvent) -> [UInt8] {
        if event.data == "[DONE]" {
            return finish() + event.encoded
        }
        guard !event.data.isEmpty, let json = try? JSONParser.parse(event.data) else {
            unparsedEvents += event.data.isEmpty ? 0 : 1
            return event.encoded
        }
        switch endpoint {
        case .chatCompletions:
            return encode(event, chat.reidentify(chunk: json))
        case .completions:
            return encode(event, completions.reidentify(chunk: json))
        case .responses:
            return responses.reidentify(event: json).flatMap { restored -> [UInt8] in
                var e = event
                e.event = restored["type"]?.stringValue ?? event.event
                e.data = restored.serialized()
                return e.encoded
            }
        case .embeddings:
            return event.encoded
        }
    }

    /// Held-back tails at the end of a stream, once.
    public mutating func finish() -> [UInt8] {
        guard !finished else { return [] }
        finished = true
        switch endpoint {
        case .chatCompletions:
            return chat.flushChunk().map { ServerSentEvent(data: $0.serialized()).encoded } ?? []
        case .completions:
            return completions.flushChunk().map { ServerSentEvent(data: $0.serialized()).encoded } ?? []
        case .responses:
            return responses.flush().flatMap { e in
                ServerSentEvent(event: e["type"]?.stringValue, data: e.serialized()).encoded
            }
        case .embeddings:
            return []
        }
    }

    private func encode(_ event: ServerSentEvent, _ json: JSONValue) -> [UInt8] {
        var e = event
        e.data = json.serialized()
        return e.encoded
    }

    var errorShape: ErrorShape { .openAI }
}
