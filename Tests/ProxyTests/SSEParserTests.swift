import Anonymizer
import Testing
@testable import Proxy

@Suite struct SSEParserTests {
    static let stream = "data: {\"a\":1}\n\nevent: response.output_text.delta\ndata: {\"delta\":\"x\"}\n\n: keep-alive\r\ndata: line1\r\ndata: line2\r\n\r\ndata: [DONE]\n\n"

    static let expected = [
        ServerSentEvent(data: "{\"a\":1}"),
        ServerSentEvent(event: "response.output_text.delta", data: "{\"delta\":\"x\"}"),
        ServerSentEvent(data: "line1\nline2", otherLines: [": keep-alive"]),
        ServerSentEvent(data: "[DONE]"),
    ]

    @Test func parsesWholeStream() throws {
        var parser = SSEParser()
        let events = try parser.feed(Array(Self.stream.utf8))
        #expect(events == Self.expected)
        #expect(parser.finish() == nil)
    }

    @Test func parsesOneByteAtATime() throws {
        var parser = SSEParser()
        var events: [ServerSentEvent] = []
        for byte in Self.stream.utf8 {
            events += try parser.feed([byte])
        }
        #expect(events == Self.expected)
    }

    @Test func parsesAtEverySplitOffset() throws {
        let bytes = Array(Self.stream.utf8)
        for cut in 0...bytes.count {
            var parser = SSEParser()
            let events = try parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...])
            #expect(events == Self.expected, "split at \(cut)")
        }
    }

    @Test func finishDispatchesUnterminatedLastEvent() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("data: tail".utf8)).isEmpty)
        #expect(parser.finish() == ServerSentEvent(data: "tail"))
    }

    @Test func boundsPartialEvent() {
        var parser = SSEParser(maxEventBytes: 16)
        #expect(throws: SSEParser.TooLarge.self) {
            _ = try parser.feed(Array(String(repeating: "x", count: 32).utf8))
        }
    }

    /// Issue #15 item 9: `: keep-alive\n\n` went out as `: keep-alive\ndata: \n\n`, an invented
    /// event with empty data that the openai SDK parsed as JSON (JSONDecodeError). Events without
    /// a `data:` line (comments, unknown fields, a lone `id:`) go back without one, through the
    /// parser and through every rewriter.
    @Test(arguments: [": keep-alive\n\n", ":\n\n", "x-unknown-field: 1\n\n", ": a\n: b\nid: 7\n\n", "event: ping\n\n"])
    func eventsWithoutDataAreRelayedWithoutInventingData(_ wire: String) throws {
        var parser = SSEParser()
        let events = try parser.feed(Array(wire.utf8))
        #expect(events.count == 1 && events[0].hasData == false)
        let map = PlaceholderMap()
        var outputs = events.map { String(decoding: $0.encoded, as: UTF8.self) }
        for endpoint in [OpenAIEndpoint.chatCompletions, .completions, .responses] {
            var rewriter = OpenAIEventRewriter(endpoint: endpoint, map: map)
            outputs.append(String(decoding: rewriter.rewrite(events[0]), as: UTF8.self))
        }
        var anthropic = AnthropicEventRewriter(map: map)
        outputs.append(String(decoding: anthropic.rewrite(events[0]), as: UTF8.self))
        for out in outputs {
            #expect(out == wire)
            #expect(!out.contains("data:"))
        }
    }

    @Test func anEmptyDataLineIsKeptAsSent() throws {
        var parser = SSEParser()
        let events = try parser.feed(Array("data:\n\n".utf8))
        #expect(events == [ServerSentEvent(data: "", hasData: true)])
        #expect(String(decoding: events[0].encoded, as: UTF8.self) == "data: \n\n")
    }

    @Test func commentsInsideAnEventKeepTheEvent() throws {
        var parser = SSEParser()
        let events = try parser.feed(Array(": inside\ndata: {\"a\":1}\n\n".utf8))
        #expect(events == [ServerSentEvent(data: "{\"a\":1}", otherLines: [": inside"])])
        #expect(String(decoding: events[0].encoded, as: UTF8.self) == ": inside\ndata: {\"a\":1}\n\n")
    }

    @Test func encodesMultilineDataAsSeveralLines() {
        let e = ServerSentEvent(event: "e", data: "a\nb")
        #expect(String(decoding: e.encoded, as: UTF8.self) == "event: e\ndata: a\ndata: b\n\n")
    }
}
