import Foundation
import Synchronization
import Testing
@testable import Sockets

/// `HangUpWatch`: a callback parked in the event loop that tells a hang-up from a pipelined request by peeking.
@Suite struct HangUpWatchTests {
    /// Counts callback runs from any thread.
    final class Counter: Sendable {
        private let value = Mutex(0)
        func bump() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    private func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func peerClosingWhileWatchedRunsTheCallbackOnce() async throws {
        var (a, b): (AsyncSocket?, AsyncSocket) = try AsyncSocket.pair()
        let counter = Counter()
        let watch = b.watchForHangUp { counter.bump() }
        #expect(counter.count == 0)  // nothing happened yet: parked
        a?.close()
        a = nil
        try await eventually { counter.count > 0 }
        #expect(counter.count == 1)
        #expect(watch.hungUp)
        watch.cancel()
    }

    @Test func peerAlreadyGoneIsSeenAtOnce() throws {
        let (a, b) = try AsyncSocket.pair()
        a.close()
        let counter = Counter()
        let watch = b.watchForHangUp { counter.bump() }
        #expect(counter.count == 1)
        #expect(watch.hungUp)
    }

    @Test func pipelinedBytesEndTheWatchWithoutConsumingThem() async throws {
        let (a, b) = try AsyncSocket.pair()
        let counter = Counter()
        let watch = b.watchForHangUp { counter.bump() }
        try await a.write(Array("GET / HTTP/1.1\r\n".utf8))
        try await Task.sleep(for: .milliseconds(50))
        a.close()  // after the watch ended on the bytes: no longer watched
        try await Task.sleep(for: .milliseconds(50))
        #expect(counter.count == 0)
        #expect(!watch.hungUp)
        var buffer: [UInt8] = []
        _ = try await b.read(into: &buffer)
        #expect(buffer == Array("GET / HTTP/1.1\r\n".utf8))  // still there for the next read
    }

    @Test func cancelledWatchNeverRuns() async throws {
        let (a, b) = try AsyncSocket.pair()
        let counter = Counter()
        let watch = b.watchForHangUp { counter.bump() }
        watch.cancel()
        a.close()
        try await Task.sleep(for: .milliseconds(50))
        #expect(counter.count == 0)
        #expect(!watch.hungUp)
    }
}
