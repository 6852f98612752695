#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A connected, non-blocking stream socket whose reads and writes suspend the calling task
/// (never a thread) until the event loop reports readiness.
///
/// Ownership: the socket owns its descriptor and closes it in `close()` or `deinit`. Every
/// syscall runs under `descriptor`'s lock, so a `close()` from another task can never race a
/// read onto a reused descriptor number. The calls are non-blocking, so the lock is held briefly.
///
/// Errors: `SocketError` (`.disconnected` when the peer reset, `.timedOut` past a deadline,
/// `.interrupted` after `interrupt()`), or `CancellationError` when the waiting task is cancelled.
public final class AsyncSocket: Sendable {
    let loop: EventLoop
    let token: UInt64
    private let descriptor: Mutex<Int32>

    /// Takes ownership of the non-blocking descriptor `fd` and adds it to `loop`.
    init(adopting fd: Int32, loop: EventLoop) throws(SocketError) {
        do {
            token = try loop.register(fd)
        } catch {
            Syscall.close(fd)
            throw error
        }
        self.loop = loop
        descriptor = Mutex(fd)
    }

    deinit {
        close()
    }

    /// Reads what is available (at most `maxBytes`) and appends it to `buffer`, suspending
    /// until some data arrives. Returns the number of bytes appended; 0 means end of stream.
    @discardableResult
    public func read(into buffer: inout [UInt8], maxBytes: Int = 64 * 1024, deadline: ContinuousClock.Instant? = nil) async throws -> Int {
        while true {
            let seen = loop.sequence(token, .read)
            let result = try withDescriptor { fd throws(SocketError) -> IOResult<Int> in
                try withUnsafeTemporaryAllocation(byteCount: maxBytes, alignment: 1) { (scratch) throws(SocketError) -> IOResult<Int> in
                    let outcome = try Syscall.read(fd, into: scratch)
                    if case .processed(let count) = outcome {
                        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
                    }
                    return outcome
                }
            }
            switch result {
            case .processed(let count): return count
            case .wouldBlock: try await waitUntilReady(.read, seen: seen, deadline: deadline)
            }
        }
    }

    /// Writes all of `bytes`, suspending while the kernel's send buffer is full. Returns once
    /// the last byte is handed to the kernel — nothing is buffered in user space.
    public func write(_ bytes: some Collection<UInt8>, deadline: ContinuousClock.Instant? = nil) async throws {
        let bytes = Array(bytes)
        var offset = 0
        while offset < bytes.count {
            let seen = loop.sequence(token, .write)
            let result = try withDescriptor { fd throws(SocketError) -> IOResult<Int> in
                var outcome = IOResult<Int>.wouldBlock
                var failure: SocketError?
                bytes.withUnsafeBytes { all in
                    do throws(SocketError) {
                        outcome = try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: all[offset...]))
                    } catch {
                        failure = error
                    }
                }
                if let failure { throw failure }
                return outcome
            }
            switch result {
            case .processed(let count): offset += count
            case .wouldBlock: try await waitUntilReady(.write, seen: seen, deadline: deadline)
            }
        }
    }

    /// Half-closes the sending side (FIN) so the peer sees end of stream — shutdown(2).
    public func shutdownWrite() {
        descriptor.withLock { fd in if fd >= 0 { Syscall.shutdown(fd, how: Int32(SHUT_WR)) } }
    }

    /// Wakes every current and future wait on this socket with `SocketError.interrupted`
    /// (used by graceful shutdown to release idle keep-alive connections).
    public func interrupt() {
        loop.interrupt(token: token)
    }

    /// Closes the descriptor; pending waits fail with `SocketError.closed`. Idempotent.
    public func close() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            loop.unregister(fd, token: token)
            Syscall.close(fd)
            fd = -1
        }
    }

    public var isClosed: Bool { descriptor.withLock { $0 < 0 } }

    /// True when the connection is reset or fully shut down (the peer closed its socket and
    /// answered data with a reset), as opposed to a peer that only shut down its sending side.
    /// A read cannot tell: once the peer's FIN arrived, reads return 0 either way.
    public var isHungUp: Bool { descriptor.withLock { $0 < 0 || Syscall.isHungUp($0) } }

    // MARK: Helpers

    func withDescriptor<T>(_ body: (Int32) throws(SocketError) -> T) throws(SocketError) -> T {
        try descriptor.withLock { (fd) throws(SocketError) -> T in
            guard fd >= 0 else { throw SocketError.closed }
            return try body(fd)
        }
    }

    func waitUntilReady(_ interest: Interest, seen: UInt64, deadline: ContinuousClock.Instant?) async throws {
        if let deadline, deadline <= .now { throw SocketError.timedOut }
        switch await loop.wait(token: token, interest: interest, seen: seen, deadline: deadline) {
        case .ready: return
        case .timedOut: throw SocketError.timedOut
        case .cancelled: throw CancellationError()
        case .interrupted: throw SocketError.interrupted
        case .closed: throw SocketError.closed
        }
    }
}
