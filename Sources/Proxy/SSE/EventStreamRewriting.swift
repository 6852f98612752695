import HTTPServer
import Logging
import Upstream

/// A stream's event-by-event rewriter (one per API: `OpenAIEventRewriter`,
/// `AnthropicEventRewriter`), and the relay loop they share.
protocol EventStreamRewriting {
    /// The bytes to send for one upstream event.
    mutating func rewrite(_ event: ServerSentEvent) -> [UInt8]
    /// Held-back tails at the end of the stream, once.
    mutating func finish() -> [UInt8]
    /// Events whose data was not JSON; relayed unchanged (they hold only redacted text).
    var unparsedEvents: Int { get }
    /// The shape of the in-band error event that ends a failed stream.
    var errorShape: ErrorShape { get }
}

/// Work done on each upstream event before it is relayed (the Responses API's conversation
/// save, `ConversationSave.StreamHook`). A thrown error ends the stream with it, in-band.
protocol EventStreamHook {
    mutating func willRelay(_ event: ServerSentEvent, logger: Logger) async throws(ProxyError)
    /// The stream ended (normally or not).
    func streamEnded(logger: Logger)
}

/// No work per event.
struct NoEventStreamHook: EventStreamHook {
    func willRelay(_ event: ServerSentEvent, logger: Logger) async throws(ProxyError) {}
    func streamEnded(logger: Logger) {}
}

extension EventStreamRewriting {
    /// Relays an event stream, rewriting each event as it arrives. Each client write is
    /// awaited, so a slow client slows the upstream read (curl pauses the transfer when its
    /// bounded buffer fills) instead of growing memory. A failure after the head was sent ends
    /// the stream with an in-band error event in the API's shape.
    mutating func relay(_ body: UpstreamBody, to writer: any HTTPBodyWriter, logger: Logger,
                        hook: some EventStreamHook = NoEventStreamHook()) async throws {
        var parser = SSEParser()
        var hook = hook
        defer {
            hook.streamEnded(logger: logger)
            if unparsedEvents > 0 {
                logger.warning("stream events passed through unparsed", metadata: ["sse.unparsed": "\(unparsedEvents)"])
            }
        }
        do {
            for try await chunk in body {
                let events: [ServerSentEvent]
                do {
                    events = try parser.feed(chunk)
                } catch {
                    try await writer.write(errorShape.streamEvent(code: "upstream_invalid_response", message: "The upstream sent an event larger than Veil accepts."))
                    return
                }
                var out: [UInt8] = []
                for event in events {
                    do {
                        try await hook.willRelay(event, logger: logger)
                    } catch {
                        try await writer.write(out + errorShape.streamEvent(code: error.code, message: error.message))
                        return
                    }
                    out += rewrite(event)
                }
                if !out.isEmpty { try await writer.write(out) }
            }
            var out: [UInt8] = []
            if let last = parser.finish() { out += rewrite(last) }
            out += finish()
            if !out.isEmpty { try await writer.write(out) }
        } catch let error as UpstreamError {
            logger.warning("upstream stream failed", metadata: ["upstream.error": "\(error.kind.rawValue)"])
            var out = finish()
            out += errorShape.streamEvent(code: ProxyError.from(error).code, message: "The upstream stream failed: \(error.kind.rawValue)")
            try await writer.write(out)
        }
    }
}
