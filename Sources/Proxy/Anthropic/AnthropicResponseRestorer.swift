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

    /// A complete body. Success bodies are walked by shape; error bodies get every string
    /// restored, since providers echo input in error messages. A body that is not JSON is
    /// refused (`ProxyError.upstreamNotJSON`), as on the OpenAI routes: Veil cannot know which
    /// of its bytes are text to restore, and a broken answer is not passed off as a good one.
    func restore(_ bytes: [UInt8], status: Int) throws(ProxyError) -> [UInt8] {
        guard let json = try? JSONParser.parse(bytes) else {
            throw .upstreamNotJSON(status: status, byteCount: bytes.count)
        }
        guard !map.isEmpty else { return bytes }
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
