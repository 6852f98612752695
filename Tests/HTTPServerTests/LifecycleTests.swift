import Foundation
import HTTP1
import HTTPServer
import Sockets
import Testing
import TestSupport

@Suite struct LifecycleTests {
    @Test func idleKeepAliveConnectionIsClosed() async throws {
        var configuration = HTTPServerConfiguration.testing
        configuration.idleTimeout = .milliseconds(200)
        try await withServer(configuration) { _, port in
            let client = try await TestClient.connect(port: port)
            // Timed from before the request: the idle clock starts once the answer is written,
            // which is after this instant, so the bound holds however late this task is scheduled.
            let started = ContinuousClock.now
            try await client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try await client.readResponse()
            #expect(await client.isClosedByServer())
            let waited = started.duration(to: .now)
            #expect(waited >= .milliseconds(200) && waited < .seconds(30))
        }
    }

    @Test func gracefulShutdownFinishesAnInFlightStream() async throws {
        let release = Shared(false)
        var router = Router()
        router.on(.get, "/slow") { _ in
            HTTPResponse(body: .stream { writer in
                try await writer.write(Array("first ".utf8))
                while !release.current { try await Task.sleep(for: .milliseconds(10)) }
                try await writer.write(Array("last".utf8))
            })
        }
        let server = HTTPServer(configuration: .testing, handler: router)
        let runner = Task { try await server.run() }
        let port = try await server.waitUntilListening()

        let streaming = try await TestClient.connect(port: port)
        try await streaming.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await streaming.readHead()
        #expect(try await streaming.readChunk() == Array("first ".utf8))
        let idle = try await TestClient.connect(port: port)
        try await idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await idle.readResponse()

        server.shutdown()
        #expect(await idle.isClosedByServer())  // idle keep-alive closed at once
        await #expect(throws: (any Error).self) { _ = try await TestClient.connect(port: port, timeout: .seconds(1)) }

        release.set(true)
        #expect(try await streaming.readChunk() == Array("last".utf8))
        #expect(try await streaming.readChunk() == nil)
        #expect(await streaming.isClosedByServer())
        try await runner.value
    }

    @Test func shutdownGraceCutsStreamsThatDoNotEnd() async throws {
        var router = Router()
        router.on(.get, "/endless") { _ in
            HTTPResponse(body: .stream { writer in
                try await writer.write(Array("x".utf8))
                try await Task.sleep(for: .seconds(60))
            })
        }
        var configuration = HTTPServerConfiguration.testing
        configuration.shutdownGrace = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, handler: router)
        let runner = Task { try await server.run() }
        let port = try await server.waitUntilListening()
        let client = try await TestClient.connect(port: port)
        try await client.send("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await client.readHead()
        _ = try await client.readChunk()
        let started = ContinuousClock.now
        server.shutdown()
        try await runner.value
        #expect(started.duration(to: .now) < .seconds(30))
        #expect(await client.isClosedByServer())
    }

    @Test func thousandConcurrentConnections() async throws {
        raiseOpenFileLimit(to: 8192)
        var configuration = HTTPServerConfiguration.testing
        configuration.headerTimeout = .seconds(30)
        try await withServer(configuration) { _, port in
            // Open every connection first, then send on each, then read every answer.
            var clients: [TestClient] = []
            for _ in 0..<1000 { clients.append(try await TestClient.connect(port: port, timeout: .seconds(30))) }
            for (index, client) in clients.enumerated() {
                try await client.send("GET /n/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            var correct = 0
            for (index, client) in clients.enumerated() {
                let response = try await client.readResponse()
                if response.status == 200, response.text == "\(index)" { correct += 1 }
            }
            #expect(correct == 1000)
            clients.forEach { $0.close() }
        }
    }

    @Test func connectionsOverTheLimitGet503() async throws {
        var configuration = HTTPServerConfiguration.testing
        configuration.maxConnections = 1
        try await withServer(configuration) { _, port in
            let first = try await TestClient.connect(port: port)
            try await first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try await first.readResponse()
            let second = try await TestClient.connect(port: port)
            let response = try await second.readResponse()
            #expect(response.status == 503)
        }
    }

    @Test func runTwiceThrows() async throws {
        try await withServer { server, _ in
            await #expect(throws: HTTPServerError.alreadyRunning) { try await server.run() }
        }
    }

    @Test func bindFailureReachesWaiters() async throws {
        var configuration = HTTPServerConfiguration.testing
        configuration.host = "no-such-host.invalid"
        let server = HTTPServer(configuration: configuration, handler: Router())
        let runner = Task { try await server.run() }
        await #expect(throws: (any Error).self) { _ = try await server.waitUntilListening() }
        await #expect(throws: (any Error).self) { try await runner.value }
    }

    private func raiseOpenFileLimit(to wanted: rlim_t) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < wanted else { return }
        limit.rlim_cur = min(wanted, limit.rlim_max)
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
