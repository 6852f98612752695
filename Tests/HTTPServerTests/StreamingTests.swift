import HTTP1
import HTTPServer
import Testing
import TestSupport

@Suite struct StreamingTests {
    @Test func sseEventsReachTheClientOneByOne() async throws {
        let secondWrittenAt = Shared<ContinuousClock.Instant?>(nil)
        var router = Router()
        router.on(.get, "/sse") { _ in
            var response = HTTPResponse(body: .stream { writer in
                try await writer.write(Array("data: 1\n\n".utf8))
                try await Task.sleep(for: .milliseconds(100))
                secondWrittenAt.set(.now)
                try await writer.write(Array("data: 2\n\n".utf8))
            })
            response.fields.append(name: "Content-Type", value: "text/event-stream")
            return response
        }
        try await withServer(handler: router) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /sse HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try await client.readHead()
            #expect(head.status == 200)
            let first = try await client.readChunk()
            let firstReceivedAt = ContinuousClock.now
            #expect(first == Array("data: 1\n\n".utf8))
            let second = try await client.readChunk()
            #expect(second == Array("data: 2\n\n".utf8))
            #expect(try await client.readChunk() == nil)
            // Order, not absolute time: event 1 was in our hands before event 2 was even written.
            let written = try #require(secondWrittenAt.current)
            #expect(firstReceivedAt < written)
        }
    }

    @Test func clientDisconnectMidStreamCancelsTheHandler() async throws {
        let outcome = Shared<String?>(nil)
        var router = Router()
        router.on(.get, "/forever") { _ in
            HTTPResponse(body: .stream { writer in
                do {
                    while true {
                        try await writer.write(Array("tick\n".utf8))
                        try await Task.sleep(for: .milliseconds(20))
                    }
                } catch {
                    // The write threw; a handler that carries on (say, still reading upstream)
                    // must find its task cancelled.
                    do {
                        try await Task.sleep(for: .seconds(10))
                        outcome.set("not cancelled")
                    } catch {
                        outcome.set("cancelled")
                    }
                    throw error
                }
            })
        }
        try await withServer(handler: router) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try await client.readHead()
            _ = try await client.readChunk()
            client.close()
            let deadline = ContinuousClock.now + .seconds(5)
            while outcome.current == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(outcome.current == "cancelled")
        }
    }

    @Test func headOfAStreamSendsNoBody() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try await client.readResponse(head: true)
            #expect(head.fields["Transfer-Encoding"] == "chunked")
            #expect(try await client.readResponse().text == "hello")
        }
    }

    @Test func clientDisconnectBeforeTheAnswerCancelsTheHandler() async throws {
        let outcome = Shared<String?>(nil)
        var router = Router()
        router.on(.post, "/slow") { _ in
            do {
                try await Task.sleep(for: .seconds(20))  // stands for an upstream call or model work
                outcome.set("not cancelled")
            } catch {
                outcome.set("cancelled")
            }
            return HTTPResponse(body: .bytes(Array("late".utf8)))
        }
        try await withServer(handler: router) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
            try await Task.sleep(for: .milliseconds(100))
            client.close()
            for _ in 0..<200 where outcome.current == nil { try await Task.sleep(for: .milliseconds(50)) }
            #expect(outcome.current == "cancelled")
        }
    }

    @Test func pipelinedRequestSentWhileTheHandlerRunsIsStillAnswered() async throws {
        var router = Router()
        router.on(.get, "/slow") { _ in
            try? await Task.sleep(for: .milliseconds(200))
            return HTTPResponse(body: .bytes(Array("slow".utf8)))
        }
        router.on(.get, "/fast") { _ in HTTPResponse(body: .bytes(Array("fast".utf8))) }
        try await withServer(handler: router) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))  // the watcher picks these bytes up
            try await client.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.readResponse().body == Array("slow".utf8))
            #expect(try await client.readResponse().body == Array("fast".utf8))
        }
    }
}

