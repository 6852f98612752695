/// Restores placeholders in a responses-API event stream (`response.*` events).
///
/// `response.output_text.delta`, `response.refusal.delta` and
/// `response.function_call_arguments.delta` are restored through one
/// ``StreamingReidentifier`` per (output index, content index, kind); argument deltas are JSON
/// text, so restored values are JSON-escaped. A `.done` event first releases the held-back
/// tail as a synthetic `.delta` event, then carries its full text restored. Snapshot events
/// (`response.output_item.done`, `response.content_part.done`, `response.completed`, …) are
/// restored whole.
public struct ResponsesStreamReidentifier: Sendable {
    private struct Key: Hashable, Sendable {
        var output: Int
        var content: Int
        var kind: String
    }

    private let map: PlaceholderMap
    private let walker: OpenAIResponseWalker
    private var streams: StreamingReidentifiers<Key>
    private var lastDelta: [Key: JSONValue] = [:]

    public init(map: PlaceholderMap) {
        self.map = map
        walker = OpenAIResponseWalker(map: map)
        streams = StreamingReidentifiers(map: map)
    }

    /// The events to send for one received event (usually one; two when a `.done` event
    /// releases a held-back tail).
    public mutating func reidentify(event: JSONValue) -> [JSONValue] {
        if map.isEmpty { return [event] }
        guard let type = event["type"]?.stringValue else { return [event] }
        var event = event
        switch type {
        case "response.output_text.delta", "response.refusal.delta", "response.function_call_arguments.delta":
            let key = key(for: event, kind: type)
            lastDelta[key] = event
            JSONTextVisitor.members(&event, "delta") { feed(&$0, key) }
            return [event]
        case "response.output_text.done", "response.refusal.done", "response.function_call_arguments.done":
            let kind = type.replacingSuffix(".done", with: ".delta")
            let tail = finish(key(for: event, kind: kind))
            switch type {
            case "response.output_text.done": JSONTextVisitor.members(&event, "text") { walker.restoreString(&$0) }
            case "response.refusal.done": JSONTextVisitor.members(&event, "refusal") { walker.restoreString(&$0) }
            default: JSONTextVisitor.members(&event, "arguments") { walker.restoreArguments(&$0) }
            }
            return (tail.map { [$0] } ?? []) + [event]
        case "response.output_item.added", "response.output_item.done":
            JSONTextVisitor.members(&event, "item") { walker.restoreResponsesItem(&$0) }
        case "response.content_part.added", "response.content_part.done":
            JSONTextVisitor.members(&event, "part") { walker.restorePart(&$0) }
        default:
            JSONTextVisitor.members(&event, "response") { $0 = walker.reidentifyResponse($0, kind: .responses) }
        }
        return [event]
    }

    /// Synthetic `.delta` events for every tail still held back (send before the stream ends).
    public mutating func flush() -> [JSONValue] {
        streams.finish { _ in true }.compactMap { tailEvent($0.key, $0.tail) }
    }

    private func key(for event: JSONValue, kind: String) -> Key {
        Key(output: event["output_index"]?.intValue ?? 0, content: event["content_index"]?.intValue ?? 0, kind: kind)
    }

    private mutating func feed(_ value: inout JSONValue, _ key: Key) {
        guard case .string(let fragment) = value else { return }
        let escaping: ValueEscaping = key.kind == "response.function_call_arguments.delta" ? .jsonString : .none
        value = .string(streams.feed(fragment, key: key, escaping: escaping))
    }

    /// Ends one stream; a synthetic delta event with its tail, or nil when nothing was held.
    private mutating func finish(_ key: Key) -> JSONValue? {
        tailEvent(key, streams.finish(key))
    }

    /// The last delta event of `key`'s stream carrying `tail`, or nil when the tail is empty.
    private func tailEvent(_ key: Key, _ tail: String) -> JSONValue? {
        guard !tail.isEmpty, var event = lastDelta[key] else { return nil }
        event["delta"] = .string(tail)
        return event
    }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
