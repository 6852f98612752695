import Foundation
import Synchronization
import Testing
@testable import Sockets

@Suite struct AsyncSocketTests {
    @Test func pairRoundTrip() async throws {
        let (a, b) = try AsyncSocket.pair()
        try await a.write(Array("hello".utf8))
        var buffer: [UInt8] = []
        let count = try await b.read(into: &buffer)
        #expect(count == 5)
        #expect(buffer == Array("hello".utf8))
    }

    final class Flag: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .sequentiallyConsistent) }
        var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
    }

    /// Waits (bounded) until a task is parked in the event loop on `socket`'s reads or writes.
    func waitUntilParked(_ socket: AsyncSocket, _ interest: Interest) async throws -> Bool {
        for _ in 0..<500 {
            let parked = socket.loop.parkedWaiters(token: socket.token)
            if (interest == .read ? parked.readers : parked.writers) > 0 { return true }
            try await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    /// The read is parked in the event loop (not polling, not returned) until the peer writes.
    @Test func readSuspendsUntilDataArrives() async throws {
        let (a, b) = try AsyncSocket.pair()
        let returned = Flag()
        let reader = Task {
            var buffer: [UInt8] = []
            _ = try await b.read(into: &buffer)
            returned.set()
            return buffer
        }
        #expect(try await waitUntilParked(b, .read))
        try await Task.sleep(for: .milliseconds(20))
        #expect(!returned.isSet)  // still suspended: nothing to read
        #expect(b.loop.parkedWaiters(token: b.token).readers == 1)
        try await a.write([1, 2, 3])
        #expect(try await reader.value == [1, 2, 3])
        #expect(b.loop.parkedWaiters(token: b.token).readers == 0)
    }

    @Test func readAppendsToExistingBuffer() async throws {
        let (a, b) = try AsyncSocket.pair()
        try await a.write([9])
        var buffer: [UInt8] = [7, 8]
        try await b.read(into: &buffer)
        #expect(buffer == [7, 8, 9])
    }

    @Test func cancelledReaderResumesWithCancellationError() async throws {
        let (a, b) = try AsyncSocket.pair()
        defer { withExtendedLifetime(a) {} }  // a closed peer would read as end of stream
        let reader = Task {
            var buffer: [UInt8] = []
            _ = try await b.read(into: &buffer)
        }
        try await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
    }

    @Test func deadlineTimesOutARead() async throws {
        let (a, b) = try AsyncSocket.pair()
        defer { withExtendedLifetime(a) {} }  // a closed peer would read as end of stream
        let started = ContinuousClock.now
        var buffer: [UInt8] = []
        await #expect(throws: SocketError.timedOut) {
            try await b.read(into: &buffer, deadline: .now + .milliseconds(100))
        }
        let elapsed = started.duration(to: .now)
        #expect(elapsed >= .milliseconds(90))
        #expect(elapsed < .seconds(30))  // fired, rather than waiting forever; loose: shared machines stall
    }

    /// The write fills the socket buffers, then is parked in the event loop (not returned, not
    /// spinning) until the peer reads; then it completes with every byte delivered.
    @Test func writeSuspendsWhileThePeerDoesNotRead() async throws {
        let (a, b) = try AsyncSocket.pair()
        let payload = [UInt8](repeating: 42, count: 8 << 20)  // far above the socket buffers
        let returned = Flag()
        let writer = Task {
            try await a.write(payload)
            returned.set()
        }
        #expect(try await waitUntilParked(a, .write))
        try await Task.sleep(for: .milliseconds(20))
        #expect(!returned.isSet)  // still suspended: the peer reads nothing
        #expect(a.loop.parkedWaiters(token: a.token).writers == 1)
        var received: [UInt8] = []
        while received.count < payload.count {
            guard try await b.read(into: &received) > 0 else { break }
        }
        try await writer.value
        #expect(received.count == payload.count)
    }

    @Test func endOfStreamReadsZero() async throws {
        let (a, b) = try AsyncSocket.pair()
        a.close()
        var buffer: [UInt8] = []
        #expect(try await b.read(into: &buffer) == 0)
    }

    @Test func writeToClosedPeerIsDisconnected() async throws {
        let (a, b) = try AsyncSocket.pair()
        b.close()
        await #expect(throws: SocketError.disconnected) {
            for _ in 0..<10 { try await a.write([UInt8](repeating: 1, count: 65536)) }
        }
    }

    @Test func interruptWakesAPendingRead() async throws {
        let (a, b) = try AsyncSocket.pair()
        defer { withExtendedLifetime(a) {} }  // a closed peer would read as end of stream
        let reader = Task {
            var buffer: [UInt8] = []
            _ = try await b.read(into: &buffer)
        }
        try await Task.sleep(for: .milliseconds(50))
        b.interrupt()
        await #expect(throws: SocketError.interrupted) { try await reader.value }
    }

    @Test func closeWakesAPendingReadAndLaterCallsFail() async throws {
        let (a, b) = try AsyncSocket.pair()
        defer { withExtendedLifetime(a) {} }  // a closed peer would read as end of stream
        let reader = Task {
            var buffer: [UInt8] = []
            _ = try await b.read(into: &buffer)
        }
        try await Task.sleep(for: .milliseconds(50))
        b.close()
        await #expect(throws: SocketError.closed) { try await reader.value }
        await #expect(throws: SocketError.closed) { try await b.write([1]) }
        #expect(b.isClosed)
    }

    @Test func manyIdleWaitersDoNotBlockOthers() async throws {
        // 200 parked readers on one loop thread; a different pair still exchanges promptly.
        var pairs: [(AsyncSocket, AsyncSocket)] = []
        for _ in 0..<200 { pairs.append(try AsyncSocket.pair()) }
        let parked = pairs.map { pair in
            Task {
                var buffer: [UInt8] = []
                _ = try await pair.1.read(into: &buffer)
            }
        }
        let (a, b) = try AsyncSocket.pair()
        try await a.write([5])
        var buffer: [UInt8] = []
        _ = try await b.read(into: &buffer, deadline: .now + .seconds(2))
        #expect(buffer == [5])
        parked.forEach { $0.cancel() }
        for task in parked { _ = await task.result }
    }
}
