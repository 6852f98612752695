import Testing
@testable import Upstream

@Suite struct ResponseHeadParserTests {
    /// Feeds lines as libcurl would (CRLF included) and returns the events.
    private func feed(_ lines: [String], maxBytes: Int = 1 << 16) -> ([ResponseHeadParser.Event], ResponseHead?) {
        var parser = ResponseHeadParser(maxBytes: maxBytes)
        let events = lines.map { parser.consume(line: Array(($0 + "\r\n").utf8)) }
        return (events, parser.head)
    }

    @Test func parsesStatusAndFieldsInOrderWithDuplicates() {
        let (events, head) = feed(["HTTP/1.1 200 OK", "Content-Type: text/plain", "Set-Cookie: a=1",
                                   "set-cookie:  b=2  ", ""])
        #expect(events.last == .complete)
        #expect(head?.status == 200)
        #expect(head?.headers.map(\.0) == ["Content-Type", "Set-Cookie", "set-cookie"])
        #expect(head?.headers.map(\.1) == ["text/plain", "a=1", "b=2"])
    }

    @Test func skipsInterimHeadsAndKeepsTheFinalOne() {
        let (events, head) = feed(["HTTP/1.1 100 Continue", "", "HTTP/1.1 103 Early Hints", "Link: </a>", "",
                                   "HTTP/1.1 201 Created", "X: y", ""])
        #expect(events == [.needMore, .interim, .needMore, .needMore, .interim, .needMore, .needMore, .complete])
        #expect(head?.status == 201)
        #expect(head?.headers.count == 1)
    }

    @Test func acceptsHTTP2StatusLineWithoutReason() {
        let (_, head) = feed(["HTTP/2 404 ", "content-length: 0", ""])
        #expect(head?.status == 404)
        #expect(ResponseHeadParser.parseStatusLine(Array("HTTP/2 200".utf8)[...]) == 200)
        #expect(ResponseHeadParser.parseStatusLine(Array("HTTP/1.1 20".utf8)[...]) == nil)
        #expect(ResponseHeadParser.parseStatusLine(Array("HTTP/1.1 2000".utf8)[...]) == nil)
        #expect(ResponseHeadParser.parseStatusLine(Array("ICY 200 OK".utf8)[...]) == nil)
    }

    @Test func ignoresTrailersAfterTheFinalHead() {
        var parser = ResponseHeadParser(maxBytes: 1 << 16)
        for line in ["HTTP/1.1 200 OK\r\n", "A: 1\r\n", "\r\n"] { _ = parser.consume(line: Array(line.utf8)) }
        #expect(parser.consume(line: Array("Trailer-Field: x\r\n".utf8)) == .needMore)
        #expect(parser.head?.headers.count == 1)
    }

    @Test func unfoldsObsoleteLineFolding() {
        let (_, head) = feed(["HTTP/1.1 200 OK", "X-Long: part one", "\t part two", ""])
        #expect(head?.headers.first?.1 == "part one part two")
    }

    @Test func rejectsMalformedLines() {
        #expect(feed(["garbage"]).0 == [.malformed])
        #expect(feed(["HTTP/1.1 200 OK", "no colon here"]).0.last == .malformed)
        #expect(feed(["HTTP/1.1 200 OK", ": empty name"]).0.last == .malformed)
        #expect(feed(["HTTP/1.1 200 OK", "bad name: v"]).0.last == .malformed)
        #expect(feed(["HTTP/1.1 200 OK", " fold first"]).0.last == .malformed)
    }

    @Test func boundsTheHeadSize() {
        let (events, head) = feed(["HTTP/1.1 200 OK", "X: " + String(repeating: "a", count: 100), ""], maxBytes: 64)
        #expect(events.last == .tooLarge || events.contains(.tooLarge))
        #expect(head == nil)
    }

    @Test func dropsCodingHeadersOnlyWhenLibcurlDecoded() {
        let coded = ResponseHead(status: 200, headers: [("Content-Encoding", "gzip"), ("Content-Length", "10"),
                                                        ("Content-Type", "application/json")])
        #expect(coded.removingDecodedContentCoding().headers.map(\.0) == ["Content-Type"])
        let unknown = ResponseHead(status: 200, headers: [("Content-Encoding", "compress"), ("Content-Length", "10")])
        #expect(unknown.removingDecodedContentCoding().headers.count == 2)
        let identity = ResponseHead(status: 200, headers: [("Content-Encoding", "identity"), ("Content-Length", "1")])
        #expect(identity.removingDecodedContentCoding().headers.count == 2)
    }
}
