import Foundation
import Testing
import TestSupport
@testable import Upstream

/// Streaming, backpressure, body bounds and cancellation.
@Suite(.serialized) struct UpstreamStreamingTests {
    @Test func chunksArriveBeforeTheStreamEnds() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let start = ContinuousClock.now
        let response = try await client.get("/sse?n=5&delay=0.2")
        let headAt = ContinuousClock.now - start
        #expect(response.headerValues("Content-Type") == ["text/event-stream"])
        var arrivals: [Duration] = []
        var text = ""
        for try await chunk in response.body {
            arrivals.append(ContinuousClock.now - start)
            text += String(decoding: chunk, as: UTF8.self)
        }
        #expect(text.hasPrefix("data: {\"i\": 0}\n\n"))
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        // The head and first event come at once; the last one about a second later (5 × 0.2 s). Relative bounds
        // only, so a loaded machine slows both ends alike.
        let first = try #require(arrivals.first)
        let last = try #require(arrivals.last)
        #expect(headAt + .milliseconds(500) < last)
        #expect(last - first >= .milliseconds(600))
        #expect(arrivals.count >= 3)
    }

    @Test func bodyLargerThanTheLimitIsRefused() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        await #expect(throws: UpstreamError.bodyTooLarge) {
            _ = try await client.get("/big?n=100000").body.collect(upTo: 1000)
        }
        let exact = try await client.get("/big?n=100000").body.collect(upTo: 100_000)
        #expect(exact.count == 100_000)
        #expect(isBigPattern(exact))
    }

    @Test func slowConsumerKeepsTheBufferBounded() async throws {
        let mock = try await MockUpstream.start()
        let limit = 64 * 1024
        let client = try makeClient(mock) { $0.bodyBufferBytes = limit }
        let total = 4 << 20
        let response = try await client.get("/big?n=\(total)")
        // Read nothing at first: the mock outpaces us, so the buffer must reach the limit and pause the transfer.
        try await Task.sleep(for: .milliseconds(200))
        var received: [UInt8] = []
        received.reserveCapacity(total)
        var chunks = 0
        for try await chunk in response.body {
            received.append(contentsOf: chunk)
            chunks += 1
            if chunks % 8 == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(received.count == total)
        #expect(isBigPattern(received))
        // The buffer filled (so the transfer really paused) but never beyond one libcurl write past the limit
        // (CURL_MAX_WRITE_SIZE = 16 KiB).
        let peak = response.body.peakBufferedBytes
        #expect(peak >= limit)
        #expect(peak <= limit + 16 * 1024)
    }

    @Test func cancellingTheConsumerClosesTheUpstreamConnection() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let observer = try makeClient(mock)
        let firstChunk = AsyncStream<Void>.makeStream()
        let consumer = Task {
            let response = try await client.get("/sse?n=10000&delay=0.02")
            var iterator = response.body.makeAsyncIterator()
            _ = try await iterator.next()
            firstChunk.continuation.yield()
            while try await iterator.next() != nil {}
        }
        var signals = firstChunk.stream.makeAsyncIterator()
        _ = await signals.next()
        consumer.cancel()
        let result = await consumer.result
        #expect(throws: UpstreamError.cancelled) { try result.get() }
        let closed = await eventually {
            let stats: MockConnections? = try? await observer.getJSON("/_connections")
            return (stats?.aborted ?? 0) >= 1
        }
        #expect(closed)
    }

    @Test func droppingTheBodyClosesTheUpstreamConnection() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        do {
            let response = try await client.get("/sse?n=10000&delay=0.02")
            #expect(response.status == 200)
        }
        let closed = await eventually {
            let stats: MockConnections? = try? await client.getJSON("/_connections")
            return (stats?.aborted ?? 0) >= 1
        }
        #expect(closed)
    }

    @Test func cancellingBeforeTheHeadFailsExecuteAsCancelled() async throws {
        let mock = try await MockUpstream.start()
        let client = try makeClient(mock)
        let task = Task { try await client.get("/slow-first-byte?s=30") }
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(throws: UpstreamError.cancelled) { _ = try result.get() }
        #expect(ContinuousClock.now - start < .seconds(20))  // the upstream would answer after 30 s
    }

    @Test func releasingTheClientCancelsItsTransfers() async throws {
        let mock = try await MockUpstream.start()
        var client: UpstreamClient? = try makeClient(mock)
        let response = try await client?.get("/sse?n=10000&delay=0.02")
        client = nil
        let body = try #require(response?.body)
        await #expect(throws: UpstreamError.cancelled) {
            for try await _ in body {}
        }
    }
}
