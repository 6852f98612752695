import HTTPServer
import Logging
import Upstream

/// A stream's event-by-event rewriter (one per API family), and the relay loop they share.
protocol EventStreamRewriting {
    /// The bytes to send for one upstream event.
    mutating func rewrite(_ event: ServerSentEvent) -> [UInt8]
    /// Held-back tails at the end of the stream, once.
    mutating func finish() -> [UInt8]
    /// Events whose data was not JSON; relayed unchanged (they hold only redacted text).
    var unparsedEvents: Int { get }
    /// An in-band error event in the API's own shape.
    func failureEvent(code: String, message: String) -> [UInt8]
}

extension EventStreamRewriting {
    /// Relays an event stream, rewriting each event as it arrives. Each client write is
    /// awaited, so a slow client slows the upstream read (curl pauses the transfer when its
    /// bounded buffer fills) instead of growing memory. A failure after the head was sent ends
    /// the stream with an in-band error event.
    mutating func relay(_ body: UpstreamBody, to writer: any HTTPBodyWriter, logger: Logger) async throws {
        var parser = SSEParser()
        do {
            for try await chunk in body {
                let events: [ServerSentEvent]
                do {
                    events = try parser.feed(chunk)
                } catch {
                    try await writer.write(failureEvent(code: "upstream_invalid_response", message: "The upstream sent an event larger than Veil accepts."))
                    return
                }
                var out: [UInt8] = []
                for event in events { out += rewrite(event) }
                if !out.isEmpty { try await writer.write(out) }
            }
            var out: [UInt8] = []
            if let last = parser.finish() { out += rewrite(last) }
            out += finish()
            if !out.isEmpty { try await writer.write(out) }
        } catch let error as UpstreamError {
            logger.warning("upstream stream failed", metadata: ["upstream.error": "\(error.kind.rawValue)"])
            var out = finish()
            out += failureEvent(code: ProxyError.from(error).code, message: "The upstream stream failed: \(error.kind.rawValue)")
            try await writer.write(out)
        }
        if unparsedEvents > 0 {
            logger.warning("stream events passed through unparsed", metadata: ["sse.unparsed": "\(unparsedEvents)"])
        }
    }
}
