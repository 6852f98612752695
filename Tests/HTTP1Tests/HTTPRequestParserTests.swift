import Testing
import TestSupport

@testable import HTTP1

/// Parser behaviours that a table row cannot express: timing of errors and parts, buffering, state.
@Suite struct HTTPRequestParserTests {
    /// Appends `text` and drains the parser.
    static func drain(_ parser: inout HTTPRequestParser, _ text: String) throws(HTTPParserError) -> [HTTPRequestPart] {
        parser.append(Array(text.utf8))
        var parts: [HTTPRequestPart] = []
        while let part = try parser.next() { parts.append(part) }
        return parts
    }

    /// The status code `body` fails with, nil when it succeeds (-1 for a foreign error).
    static func status(_ body: () throws -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch {
            return (error as? HTTPParserError)?.status.code ?? -1
        }
    }

    @Test func oversizedHeaderRejectedBeforeItEnds() {
        var parser = HTTPRequestParser()
        let code = Self.status {
            _ = try Self.drain(&parser, "GET / HTTP/1.1\r\nHost: a\r\n")
            for _ in 0..<40 {  // 40 × 1 KiB, never a CRLFCRLF
                _ = try Self.drain(&parser, "X-Pad: " + String(repeating: "p", count: 1015) + "\r\n")
            }
        }
        #expect(code == 431)
        #expect(parser.buffer.count <= 32 * 1024 + 1024, "no more than the limit plus one append was buffered")
    }

    @Test func unterminatedHeaderLineRejectedAtTheLimit() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 100))
        #expect(Self.status { _ = try Self.drain(&parser, "GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 79)) } == nil)
        #expect(Self.status { _ = try Self.drain(&parser, "vv") } == nil, "exactly 100 bytes")
        #expect(Self.status { _ = try Self.drain(&parser, "v") } == 431)
    }

    @Test func unterminatedRequestLineIs414() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 64))
        #expect(Self.status { _ = try Self.drain(&parser, "GET /" + String(repeating: "a", count: 80)) } == 414)
    }

    @Test func contentLengthOverLimitRejectedBeforeBody() {
        var parser = HTTPRequestParser()
        let code = Self.status { _ = try Self.drain(&parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10485761\r\n\r\n") }
        #expect(code == 413)
    }

    @Test func bodyBytesEmittedAsTheyArrive() throws {
        var parser = HTTPRequestParser()
        let first = try Self.drain(&parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        #expect(first.count == 2)
        #expect(first.last == body("abc"))
        #expect(parser.isMidRequest)
        #expect(try Self.drain(&parser, "defg") == [body("defg")])
        #expect(try Self.drain(&parser, "hij") == [body("hij"), .end])
        #expect(!parser.isMidRequest)
    }

    @Test func bodyPartsAreBounded() throws {
        var parser = HTTPRequestParser()
        let size = 200 * 1024
        var input = Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(size)\r\n\r\n".utf8)
        input += [UInt8](repeating: 0x61, count: size)
        parser.append(input)
        var bodySizes: [Int] = []
        while let part = try parser.next() {
            if case .body(let bytes) = part { bodySizes.append(bytes.count) }
        }
        #expect(bodySizes.reduce(0, +) == size)
        #expect(bodySizes.allSatisfy { $0 <= HTTPRequestParser.maxBodyPartBytes })
    }

    @Test func chunkOverLimitRejectedFromItsSizeLine() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxBodyBytes: 1000))
        _ = try Self.drain(&parser, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(Self.status { _ = try Self.drain(&parser, "3E9\r\n") } == 413)
    }

    @Test func incompleteRequestYieldsNoEnd() throws {
        var parser = HTTPRequestParser()
        let parts = try Self.drain(&parser, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")
        #expect(parts.count == 2)
        #expect(!parts.contains(.end))
        #expect(parser.isMidRequest)
    }

    @Test func midRequestTracking() throws {
        var parser = HTTPRequestParser()
        #expect(!parser.isMidRequest)
        #expect(!parser.isReadingHead)
        _ = try Self.drain(&parser, "GET / HT")
        #expect(parser.isMidRequest)
        #expect(parser.isReadingHead)
        _ = try Self.drain(&parser, "TP/1.1\r\nHost: a\r\n\r\n")
        #expect(!parser.isMidRequest)
    }

    @Test func trailingEmptyLineAfterBodyIsIdle() throws {
        var parser = HTTPRequestParser()
        let parts = try Self.drain(&parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx\r\n")
        #expect(parts.last == .end)
        #expect(!parser.isMidRequest, "the CRLF some clients send after a body is skipped")
        _ = try Self.drain(&parser, "G")
        #expect(parser.isReadingHead)
    }

    @Test func errorsAreSticky() {
        var parser = HTTPRequestParser()
        #expect(Self.status { _ = try Self.drain(&parser, "GET / HTTP/3.0\r\n\r\n") } == 505)
        #expect(Self.status { _ = try Self.drain(&parser, "GET / HTTP/1.1\r\nHost: a\r\n\r\n") } == 505)
        #expect(parser.bufferedByteCount == 0, "a failed parser drops its buffer")
    }

    @Test func pipelinedRequestsInOneAppend() throws {
        var parser = HTTPRequestParser()
        let parts = try Self.drain(
            &parser,
            "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\nHost: a\r\n\r\nGET /c HTTP/1.1\r\nHost: a\r\n\r\n"
        )
        #expect(parts == [
            head("POST", "/a", [host, ("Content-Length", "2")]), body("hi"), .end,
            head("GET", "/b", [host]), .end, head("GET", "/c", [host]), .end,
        ])
    }

    @Test func consumedBytesAreCompacted() throws {
        var parser = HTTPRequestParser()
        let request = "POST /v1/chat HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        for _ in 0..<2000 {
            // Split mid-request so bytes always stay buffered across appends.
            _ = try Self.drain(&parser, String(request.prefix(20)))
            _ = try Self.drain(&parser, String(request.dropFirst(20)))
        }
        #expect(parser.buffer.count < 16 * 1024)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func leadingEmptyLinesCountTowardTheLimit() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 64))
        #expect(Self.status { _ = try Self.drain(&parser, String(repeating: "\r\n", count: 40)) } == 414)
    }
}
