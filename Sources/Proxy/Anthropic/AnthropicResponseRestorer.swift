import Anonymizer
import HTTPServer
import Logging
import Upstream

/// Puts the request's real values back into Anthropic's answer: a whole `message` through the
/// response walker, an event stream event by event with placeholders split across deltas.
struct AnthropicResponseRestorer: Sendable {
    let map: PlaceholderMap
    /// Text blocks are JSON text (`output_format` `json_schema`).
    var textIsJSON = false

    /// A complete body. Success bodies are walked by shape; error bodies (and anything else
    /// that is JSON) get every string restored, since providers echo input in error messages.
    func restore(_ bytes: [UInt8], status: Int) -> [UInt8] {
        guard !map.isEmpty else { return bytes }
        guard let json = try? JSONParser.parse(bytes) else {
            return Array(Reidentifier(map: map).reidentify(String(decoding: bytes, as: UTF8.self)).utf8)
        }
        let walker = AnthropicResponseWalker(map: map, textIsJSON: textIsJSON)
        if (200..<300).contains(status) {
            return walker.reidentifyResponse(json).serializedBytes()
        }
        return walker.reidentifyingEveryString(json).serializedBytes()
    }

    func stream(_ body: UpstreamBody, to writer: any HTTPBodyWriter, logger: Logger) async throws {
        var rewriter = AnthropicEventRewriter(map: map, textIsJSON: textIsJSON)
        try await rewriter.relay(body, to: writer, logger: logger)
    }
}
