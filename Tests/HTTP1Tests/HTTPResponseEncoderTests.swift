import HTTP1
import Testing

@Suite struct HTTPResponseEncoderTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Every CR in the output is followed by LF and every LF preceded by CR, and there are
    /// exactly `lines` CRLFs: status line, each field, the empty line.
    static func expectWellFramed(_ bytes: [UInt8], lines: Int) {
        var crlfs = 0
        for (i, b) in bytes.enumerated() {
            if b == 0x0D {
                #expect(i + 1 < bytes.count && bytes[i + 1] == 0x0A)
                crlfs += 1
            }
            if b == 0x0A { #expect(i > 0 && bytes[i - 1] == 0x0D) }
        }
        #expect(crlfs == lines)
    }

    @Test func encodesHead() {
        let head = HTTPResponseHead(status: .ok, fields: HTTPFields([("Content-Type", "application/json"), ("X-A", "1")]))
        #expect(Self.text(HTTPResponseEncoder.encodeHead(head))
            == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-A: 1\r\n\r\n")
    }

    @Test func encodesWholeResponseWithContentLength() {
        let head = HTTPResponseHead(status: .notFound, fields: HTTPFields([("Transfer-Encoding", "chunked")]))
        #expect(Self.text(HTTPResponseEncoder.encode(head, body: Array("nope".utf8)))
            == "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope")
    }

    @Test func valueInjectionIsNeutralised() {
        let head = HTTPResponseHead(status: .ok, fields: HTTPFields([
            ("X-Echo", "a\r\nSet-Cookie: stolen=1"), ("X-Lf", "b\nInjected: 1"), ("X-Nul", "c\u{0}d"),
        ]))
        let out = HTTPResponseEncoder.encodeHead(head)
        Self.expectWellFramed(out, lines: 5)
        #expect(Self.text(out).contains("X-Echo: a  Set-Cookie: stolen=1\r\n"))
        #expect(!Self.text(out).contains("\r\nSet-Cookie"))
        #expect(!Self.text(out).contains("\r\nInjected"))
    }

    @Test func invalidFieldNamesAreDropped() {
        let head = HTTPResponseHead(status: .ok, fields: HTTPFields([
            ("X-Ok", "1"), ("Bad\r\nSet-Cookie", "x"), ("Sp ace", "y"), ("", "z"),
        ]))
        let out = HTTPResponseEncoder.encodeHead(head)
        #expect(Self.text(out) == "HTTP/1.1 200 OK\r\nX-Ok: 1\r\n\r\n")
        #expect(!HTTPResponseEncoder.isValidFieldName("Bad\r\nName"))
        #expect(!HTTPResponseEncoder.isValidFieldValue("a\rb"))
        #expect(HTTPResponseEncoder.isValidFieldValue("a\tb é"))
    }

    @Test func reasonPhraseAndStatusCodeAreSanitised() {
        let injected = HTTPResponseHead(status: HTTPStatus(code: 200, reasonPhrase: "OK\r\nX-Evil: 1"))
        let out = HTTPResponseEncoder.encodeHead(injected)
        Self.expectWellFramed(out, lines: 2)
        #expect(Self.text(out) == "HTTP/1.1 200 OK  X-Evil: 1\r\n\r\n")
        #expect(Self.text(HTTPResponseEncoder.encodeHead(HTTPResponseHead(status: HTTPStatus(code: 42))))
            == "HTTP/1.1 500 Internal Server Error\r\n\r\n")
    }

    @Test func chunks() {
        #expect(Self.text(HTTPResponseEncoder.encodeChunk(Array(repeating: UInt8(ascii: "z"), count: 26)))
            == "1a\r\n" + String(repeating: "z", count: 26) + "\r\n")
        #expect(HTTPResponseEncoder.encodeChunk([UInt8]()).isEmpty, "an empty chunk would end the body")
        #expect(Self.text(HTTPResponseEncoder.lastChunk) == "0\r\n\r\n")
    }

    @Test func chunkedOutputParsesBack() throws {
        let payload = Array(String(repeating: "data: {}\n\n", count: 50).utf8)
        var wire = Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        wire += HTTPResponseEncoder.encodeChunk(payload[..<123]) + HTTPResponseEncoder.encodeChunk(payload[123...])
        wire += HTTPResponseEncoder.lastChunk
        var parser = HTTPRequestParser()
        parser.append(wire)
        var received: [UInt8] = []
        var ended = false
        while let part = try parser.next() {
            if case .body(let bytes) = part { received += bytes }
            if part == .end { ended = true }
        }
        #expect(ended)
        #expect(received == payload)
    }

    @Test func imfFixdate() {
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 4_102_444_799) == "Thu, 31 Dec 2099 23:59:59 GMT")
        #expect(HTTPDate.format(secondsSince1970: -1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }
}
