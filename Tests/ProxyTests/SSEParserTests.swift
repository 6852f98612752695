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

    @Test func encodesMultilineDataAsSeveralLines() {
        let e = ServerSentEvent(event: "e", data: "a\nb")
        #expect(String(decoding: e.encoded, as: UTF8.self) == "event: e\ndata: a\ndata: b\n\n")
    }
}
