import HTTP1
import HTTPServer
import Testing
import TestSupport

@Suite struct ConnectionTests {
    @Test func keepAliveServesTwoRequestsOnOneConnection() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try await client.readResponse()
            try await client.send("GET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n")
            let second = try await client.readResponse()
            #expect(first.status == 200 && first.text == "hello")
            #expect(first.fields["Connection"] == nil)
            #expect(second.status == 200 && second.text == "2")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /n/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /n/2 HTTP/1.1\r\nHost: x\r\n\r\nGET /n/3 HTTP/1.1\r\nHost: x\r\n\r\n")
            var bodies: [String] = []
            for _ in 0..<3 { bodies.append(try await client.readResponse().text) }
            #expect(bodies == ["1", "2", "3"])
        }
    }

    @Test func standardFieldsArePresent() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.fields["Server"] == "veil")
            #expect(response.fields["Date"]?.hasSuffix(" GMT") == true)
            #expect(response.fields["Content-Length"] == "5")
        }
    }

    @Test func chunkedRequestBodyIsDechunked() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello world")
        }
    }

    @Test func streamedResponseIsChunked() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.fields["Transfer-Encoding"] == "chunked")
            #expect(response.fields["Content-Length"] == nil)
            #expect(response.text == "one two three")
            // The connection is still usable after the last-chunk.
            try await client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.readResponse().text == "hello")
        }
    }

    @Test func gzipRequestBodyIsInflated() async throws {
        try await withServer { _, port in
            let plain = Array(String(repeating: "anonymize me ", count: 200).utf8)
            let compressed = try GzipDeflater.deflate(plain)
            let client = try await TestClient.connect(port: port)
            try await client.send(Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: \(compressed.count)\r\n\r\n".utf8) + compressed)
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == plain)
        }
    }

    @Test func unsupportedContentEncodingIs415() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: br\r\nContent-Length: 3\r\n\r\nabc")
            let response = try await client.readResponse()
            #expect(response.status == 415)
            #expect(await client.isClosedByServer())
        }
    }

    @Test func headHasContentLengthButNoBody() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /n/7 HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try await client.readResponse(head: true)
            #expect(head.status == 200)
            #expect(head.fields["Content-Length"] == "5")
            // Had body bytes been sent, they would corrupt the next response's status line.
            let next = try await client.readResponse()
            #expect(next.status == 200 && next.text == "7")
        }
    }

    @Test func http10ClosesByDefault() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /hello HTTP/1.0\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.text == "hello")
            #expect(response.fields["Connection"] == "close")
            #expect(await client.isClosedByServer())
        }
    }

    @Test func http10KeepAliveStaysOpen() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let first = try await client.readResponse()
            #expect(first.fields["Connection"] == "keep-alive")
            try await client.send("GET /n/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await client.readResponse().text == "2")
        }
    }

    @Test func http10StreamIsCloseDelimited() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.fields["Transfer-Encoding"] == nil)
            #expect(response.fields["Connection"] == "close")
            #expect(response.text == "one two three")
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.fields["Connection"] == "close")
            #expect(await client.isClosedByServer())
        }
    }

    @Test func expectContinueGets100BeforeTheBody() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try await client.readHead()
            #expect(interim.status == 100)
            try await client.send("ping")
            let response = try await client.readResponse()
            #expect(response.status == 200 && response.text == "ping")
        }
    }

    @Test func expectContinueWithTooLargeBodyIs413WithoutContinue() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10000000\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(await client.isClosedByServer())
        }
    }

    @Test func ipv6Listener() async throws {
        var configuration = HTTPServerConfiguration.testing
        configuration.host = "::1"
        try await withServer(configuration) { _, port in
            let client = try await TestClient.connect(port: port, host: "::1")
            try await client.send("GET /hello HTTP/1.1\r\nHost: [::1]\r\n\r\n")
            #expect(try await client.readResponse().text == "hello")
        }
    }
}
