#if canImport(Glibc)
import Glibc
#endif

/// A bound, listening TCP socket whose `accept()` suspends until a connection arrives.
public final class ListeningSocket: Sendable {
    private let socket: AsyncSocket
    /// The address actually bound (with the kernel-chosen port when 0 was asked for).
    public let address: SocketAddress

    /// The bound port (the ephemeral one when `port` was 0).
    public var port: Int { address.port }

    /// Binds the first address `host` resolves to (IPv4 or IPv6: `127.0.0.1`, `::1`, `::`,
    /// `0.0.0.0`, or a name via getaddrinfo(3)) with SO_REUSEADDR, and listens.
    public init(host: String, port: Int, backlog: Int = 1024, loop: EventLoop = .shared) throws(SocketError) {
        var lastError = SocketError.addressResolution(host: host, code: 0)
        for candidate in try SocketAddress.resolve(host: host, port: port, passive: true) {
            do throws(SocketError) {
                let fd = try Syscall.socket(domain: candidate.family)
                do throws(SocketError) {
                    // SO_REUSEADDR: rebinding while old connections sit in TIME_WAIT (socket(7)).
                    try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
                    try Syscall.bind(fd, candidate)
                    try Syscall.listen(fd, backlog: Int32(clamping: backlog))
                    let bound = try Syscall.localAddress(fd)
                    self.socket = try AsyncSocket(adopting: fd, loop: loop)
                    self.address = bound
                    return
                } catch {
                    Syscall.close(fd)
                    throw error
                }
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// Waits for the next connection. Throws `.closed` / `.interrupted` once the listener is
    /// closed or interrupted, `CancellationError` if the task is cancelled.
    public func accept() async throws -> AsyncSocket {
        while true {
            let seen = socket.loop.sequence(socket.token, .read)
            let result = try socket.withDescriptor { fd throws(SocketError) in try Syscall.accept(fd) }
            switch result {
            case .processed(let fd):
                // Responses are written whole or flushed per chunk: do not let Nagle delay them.
                try? Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
                return try AsyncSocket(adopting: fd, loop: socket.loop)
            case .wouldBlock:
                try await socket.waitUntilReady(.read, seen: seen, deadline: nil)
            }
        }
    }

    /// Stops accepting: a pending `accept()` fails with `SocketError.interrupted`.
    public func interrupt() { socket.interrupt() }

    public func close() { socket.close() }
}
