import Anonymizer

/// Puts the request's real values back into Anthropic's answer: a whole `message` through
/// `AnthropicResponseWalker`, an event stream through `AnthropicEventRewriter` (placeholders
/// split across deltas included).
struct AnthropicResponseRestorer: ResponseRestoring {
    let map: PlaceholderMap
    /// Text blocks are JSON text (`output_format` `json_schema`).
    var textIsJSON = false

    func restoreSuccess(_ json: JSONValue) -> JSONValue {
        AnthropicResponseWalker(map: map, textIsJSON: textIsJSON).reidentifyResponse(json)
    }

    func rewriter() -> AnthropicEventRewriter {
        AnthropicEventRewriter(map: map, textIsJSON: textIsJSON)
    }
}
