import Foundation
import Testing
import TestSupport
@testable import Upstream

/// Connect failures and the three timeouts, each mapped to the error kind the proxy turns into 502/504.
@Suite(.serialized) struct UpstreamFailureTests {
    @Test func refusedConnectionIsConnectFailed() async throws {
        // Port 1 on loopback: nothing listens there, the kernel answers RST.
        let client = try UpstreamClient(configuration: .testing("http://127.0.0.1:1"))
        do {
            _ = try await client.execute(UpstreamRequest(path: "/"))
            Issue.record("expected connectFailed")
        } catch {
            #expect(error == .connectFailed)
            #expect(error.curlCode == 7)  // CURLE_COULDNT_CONNECT
            #expect(error.httpStatus == 502)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func slowFirstByteTimesOut() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock) { $0.firstByteTimeout = .milliseconds(400) }
        let start = ContinuousClock.now
        await #expect(throws: UpstreamError.timeout) { _ = try await client.get("/slow-first-byte?s=30") }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(350))
        #expect(elapsed < .seconds(20))  // well before the upstream (30 s); loose for stalled machines
    }

    @Test func idleStreamTimesOutAfterTheFirstChunk() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock) { $0.idleTimeout = .milliseconds(500) }
        let response = try await client.get("/stall-mid-stream?s=30")
        var iterator = response.body.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first == Array("first\n".utf8))
        let start = ContinuousClock.now
        do {
            _ = try await iterator.next()
            Issue.record("expected timeout")
        } catch {
            #expect(error == .timeout)
            #expect(error.httpStatus == 504)
        }
        #expect(ContinuousClock.now - start < .seconds(20))  // well before the upstream (30 s); loose for stalled machines
    }

    @Test func callerDeadlineBoundsTheWholeExchange() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let start = ContinuousClock.now
        await #expect(throws: UpstreamError.timeout) {
            _ = try await client.execute(UpstreamRequest(path: "/slow-first-byte?s=30"),
                                         deadline: .now + .milliseconds(300))
        }
        #expect(ContinuousClock.now - start < .seconds(20))  // well before the upstream (30 s); loose for stalled machines
        await #expect(throws: UpstreamError.timeout) {
            _ = try await client.execute(UpstreamRequest(path: "/echo"), deadline: .now - .seconds(1))
        }
    }

    @Test func plainHTTPPeerFailsTheTLSHandshake() async throws {
        // Plain HTTP spoken to a TLS client: the handshake fails, and nothing is retried in clear text.
        let mock = try await MockUpstream.start()
        let client = try UpstreamClient(configuration: .testing("https://127.0.0.1:\(mock.port)"))
        await #expect(throws: UpstreamError.tls) { _ = try await client.get("/status/200") }
    }
}
