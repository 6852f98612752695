import HTTP1
import Sockets
import Testing
import TestSupport
@testable import HTTPServer

/// Issue #15, item 10: a client that sends a complete request and then shuts down its sending
/// side (`shutdown(SHUT_WR)`) still reads; it used to get no answer at all, even for `/healthz`,
/// because its FIN read as a disconnect and cancelled the handler. Real loopback sockets.
@Suite struct HalfCloseTests {
    /// Everything the server sent until it closed, as text.
    func answerAfterHalfClose(_ request: String, handler: some HTTPHandler = Router()) async throws -> String {
        var text = ""
        try await withServer(handler: handler) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(request)
            client.socket.shutdownWrite()
            text = String(decoding: try await client.readUntilClosed(), as: UTF8.self)
        }
        return text
    }

    @Test func healthzIsAnsweredThenTheConnectionCloses() async throws {
        let text = try await answerAfterHalfClose("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(text.contains("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix(#"{"status":"ok"}"#))  // then EOF: readUntilClosed returned
    }

    @Test func aSlowHandlerStillAnswersAHalfClosedClient() async throws {
        var router = Router()
        router.on(.post, "/slow") { request in
            try? await Task.sleep(for: .milliseconds(300))  // well past the first probe reads
            return HTTPResponse(body: .bytes(Array("late \(request.body.count)".utf8)))
        }
        let text = try await answerAfterHalfClose("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi", handler: router)
        // An interim 100 Continue (how Veil tells a half-close from a close) may come first.
        let final = text.split(separator: "HTTP/1.1 100 Continue\r\n\r\n", omittingEmptySubsequences: false).joined()
        #expect(final.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(final.hasSuffix("late 2"))
    }

    @Test func anHTTP10ClientGetsNoInterimAnswer() async throws {
        var router = Router()
        router.on(.get, "/slow") { _ in
            try? await Task.sleep(for: .milliseconds(100))
            return HTTPResponse(body: .bytes(Array("ok".utf8)))
        }
        let text = try await answerAfterHalfClose("GET /slow HTTP/1.0\r\n\r\n", handler: router)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n") && text.hasSuffix("ok"))
    }
}
