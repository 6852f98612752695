import HTTP1
import HTTPServer
import Testing
import TestSupport

@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var request: [UInt8]
        var status: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "431 header too large", request: Array("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 5000))\r\n\r\n".utf8), status: 431),
        Case(name: "413 by Content-Length", request: Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n".utf8), status: 413),
        Case(name: "413 by chunked size", request: Array("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            + Array(String(repeating: "8000\r\n\(String(repeating: "z", count: 0x8000))\r\n", count: 3).utf8), status: 413),
        Case(name: "413 by inflated gzip size", request: gzipBomb(), status: 413),
        Case(name: "501 unsupported Transfer-Encoding", request: Array("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n".utf8), status: 501),
        Case(name: "400 smuggling CL+TE", request: Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), status: 400),
        Case(name: "400 malformed request line", request: Array("HELLO\r\n\r\n".utf8), status: 400),
        Case(name: "400 malformed header", request: Array("GET / HTTP/1.1\r\nHost x\r\n\r\n".utf8), status: 400),
    ]

    static func gzipBomb() -> [UInt8] {
        let compressed = (try? GzipDeflater.deflate([UInt8](repeating: 0, count: 1 << 20))) ?? []
        return Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: \(compressed.count)\r\n\r\n".utf8) + compressed
    }

    @Test(arguments: cases)
    func rejectedWithStatusAndClose(_ testCase: Case) async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try? await client.send(testCase.request)
            let response = try await client.readResponse()
            #expect(response.status == testCase.status)
            #expect(response.fields["Connection"] == "close")
            // The default error policy (`PlainTextErrorResponder`): the application picks the shape.
            #expect(response.fields["Content-Type"] == "text/plain; charset=utf-8")
            #expect(response.text.contains(": "))
            #expect(await client.isClosedByServer())
        }
    }

    @Test func slowlorisGets408() async throws {
        var configuration = HTTPServerConfiguration.testing
        configuration.headerTimeout = .milliseconds(300)
        try await withServer(configuration) { _, port in
            let client = try await TestClient.connect(port: port)
            let started = ContinuousClock.now
            try await client.send("GET / HTTP/1.1\r\n")
            try await Task.sleep(for: .milliseconds(100))
            try await client.send("Host: x\r\n")  // still no end of header section
            let response = try await client.readResponse()
            #expect(response.status == 408)
            #expect(response.text.contains("request_timeout"))
            #expect(started.duration(to: .now) < .seconds(30))
            #expect(await client.isClosedByServer())
        }
    }

    @Test func errorBodyCarriesAMachineCode() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 5000))\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.text.hasPrefix("header_too_large: "))
        }
    }

    @Test func serverKeepsServingAfterBadRequests() async throws {
        try await withServer { _, port in
            for garbage in ["\u{1}\u{2}\u{3}\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"] {
                let bad = try await TestClient.connect(port: port)
                try await bad.send(garbage)
                let response = try await bad.readResponse()
                #expect(response.status >= 400)
            }
            let good = try await TestClient.connect(port: port)
            try await good.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await good.readResponse().text == "hello")
        }
    }
}
