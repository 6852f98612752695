import HTTP1
import Sockets
import Synchronization

/// The `HTTPBodyWriter` handed to `.stream` bodies: each write goes out as one chunk (or raw,
/// close-delimited, for HTTP/1.0) and returns only when the kernel has taken every byte.
struct StreamBodyWriter: HTTPBodyWriter {
    let socket: AsyncSocket
    let chunked: Bool
    let timeout: Duration
    /// Signalled once when a write fails, so the connection cancels the handler.
    let failures: AsyncStream<Void>.Continuation
    private let failure = Failure()

    init(socket: AsyncSocket, chunked: Bool, timeout: Duration, failures: AsyncStream<Void>.Continuation) {
        self.socket = socket
        self.chunked = chunked
        self.timeout = timeout
        self.failures = failures
    }

    private final class Failure: Sendable {
        let flag = Mutex(false)
    }

    var failed: Bool { failure.flag.withLock { $0 } }

    func write(_ bytes: [UInt8]) async throws {
        // An empty chunk would be the last-chunk and end the body early (RFC 9112 §7.1).
        guard !bytes.isEmpty else { return }
        guard !failed else { throw SocketError.disconnected }
        do {
            try await socket.write(chunked ? HTTPResponseEncoder.encodeChunk(bytes) : bytes, deadline: .now + timeout)
        } catch {
            failure.flag.withLock { $0 = true }
            failures.yield()
            throw error
        }
    }
}
