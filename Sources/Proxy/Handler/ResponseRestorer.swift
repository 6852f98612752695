import Anonymizer
import HTTPServer
import Logging
import Upstream

/// Puts the request's real values back into the upstream's answer: whole JSON bodies through
/// the response walker, event streams event by event with placeholders split across events.
struct ResponseRestorer: Sendable {
    let endpoint: OpenAIEndpoint
    let map: PlaceholderMap
    /// Message content is JSON text (`response_format` JSON modes).
    var contentIsJSON = false

    /// A complete body. Success bodies are walked by shape; error bodies get every string
    /// restored, since providers echo input in error messages.
    ///
    /// A body that is not JSON (a truncated answer, a load balancer's HTML page) is refused with
    /// `upstreamNotJSON`: every OpenAI endpoint answers JSON, and SDKs read `error.message`, so
    /// the client gets an OpenAI-style error instead of bytes it cannot parse.
    func restore(_ bytes: [UInt8], status: Int) throws(ProxyError) -> [UInt8] {
        guard let json = try? JSONParser.parse(bytes) else {
            throw .upstreamNotJSON(status: status, byteCount: bytes.count)
        }
        guard !map.isEmpty else { return bytes }
        if (200..<300).contains(status) {
            return OpenAIResponseWalker(map: map, contentIsJSON: contentIsJSON).reidentifyResponse(json, kind: endpoint).serializedBytes()
        }
        return restoringEveryString(json).serializedBytes()
    }

    func restoringEveryString(_ value: JSONValue) -> JSONValue {
        let reidentifier = Reidentifier(map: map)
        func walk(_ v: JSONValue) -> JSONValue {
            switch v {
            case .string(let s): return .string(reidentifier.reidentify(s))
            case .array(let items): return .array(items.map(walk))
            case .object(let members): return .object(members.map { (key: $0.key, value: walk($0.value)) })
            default: return v
            }
        }
        return walk(value)
    }

    /// Relays an event stream, rewriting each event as it arrives. Each client write is awaited,
    /// so a slow client slows the upstream read (curl pauses the transfer when its bounded
    /// buffer fills) instead of growing memory.
    ///
    /// With `saving`, the map is stored under the response id as soon as an event carries it
    /// (`response.created`, the first event), before that event is relayed; if the vault fails,
    /// the stream ends with an in-band `vault_unavailable` error instead.
    func stream(_ body: UpstreamBody, to writer: any HTTPBodyWriter, saving: ConversationSave? = nil, logger: Logger) async throws {
        var parser = SSEParser()
        var rewriter = EventRewriter(endpoint: endpoint, map: map, contentIsJSON: contentIsJSON)
        var pendingSave = saving
        do {
            for try await chunk in body {
                let events: [ServerSentEvent]
                do {
                    events = try parser.feed(chunk)
                } catch {
                    try await writer.write(EventRewriter.errorEvent(code: "upstream_invalid_response", message: "The upstream sent an event larger than Veil accepts."))
                    return
                }
                var out: [UInt8] = []
                for event in events {
                    if let save = pendingSave, let json = try? JSONParser.parse(event.data),
                       let id = ConversationSave.responseID(in: json) {
                        do {
                            try await save.save(id: id, logger: logger)
                        } catch {
                            logger.warning("conversation state not saved: stream ended", metadata: ["error.code": "\(error.code)"])
                            save.metrics.recordRefusal(code: error.code)
                            try await writer.write(out + EventRewriter.errorEvent(code: error.code, message: error.message))
                            return
                        }
                        pendingSave = nil
                    }
                    out += rewriter.rewrite(event)
                }
                if !out.isEmpty { try await writer.write(out) }
            }
            var out: [UInt8] = []
            if let last = parser.finish() { out += rewriter.rewrite(last) }
            out += rewriter.finish()
            if !out.isEmpty { try await writer.write(out) }
        } catch let error as UpstreamError {
            // Mid-stream failure: the head is already sent, so tell the client in-band, then end.
            logger.warning("upstream stream failed", metadata: ["upstream.error": "\(error.kind.rawValue)"])
            var out = rewriter.finish()
            out += EventRewriter.errorEvent(code: ProxyError.from(error).code, message: "The upstream stream failed: \(error.kind.rawValue)")
            try await writer.write(out)
        }
        if pendingSave != nil {
            logger.warning("stream carried no response id: conversation state not saved")
        }
        if rewriter.unparsedEvents > 0 {
            logger.warning("stream events passed through unparsed", metadata: ["sse.unparsed": "\(rewriter.unparsedEvents)"])
        }
    }
}
