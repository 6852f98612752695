#if canImport(Glibc)
import Glibc
#endif

extension AsyncSocket {
    /// Opens a TCP connection to the first address of `host` that accepts it.
    public static func connect(host: String, port: Int, deadline: ContinuousClock.Instant? = nil, loop: EventLoop = .shared) async throws -> AsyncSocket {
        var lastError = SocketError.addressResolution(host: host, code: 0)
        for address in try SocketAddress.resolve(host: host, port: port) {
            do {
                return try await connect(to: address, deadline: deadline, loop: loop)
            } catch let error as SocketError {
                lastError = error
            }
        }
        throw lastError
    }

    public static func connect(to address: SocketAddress, deadline: ContinuousClock.Instant? = nil, loop: EventLoop = .shared) async throws -> AsyncSocket {
        let socket = try AsyncSocket(adopting: Syscall.socket(domain: address.family), loop: loop)
        let seen = loop.sequence(socket.token, .write)
        let started = try socket.withDescriptor { fd throws(SocketError) in try Syscall.connect(fd, address) }
        if case .wouldBlock = started {
            // connect(2), EINPROGRESS: "select(2) for writing… then read SO_ERROR".
            try await socket.waitUntilReady(.write, seen: seen, deadline: deadline)
            let code = try socket.withDescriptor { fd throws(SocketError) in try Syscall.pendingError(fd) }
            guard code == 0 else { throw SocketError.failed(function: "connect", errno: code) }
        }
        try socket.withDescriptor { fd throws(SocketError) in
            try Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        }
        return socket
    }

    /// A connected pair of Unix stream sockets — socketpair(2); for tests.
    public static func pair(loop: EventLoop = .shared) throws(SocketError) -> (AsyncSocket, AsyncSocket) {
        let (a, b) = try Syscall.socketPair()
        let first: AsyncSocket
        do {
            first = try AsyncSocket(adopting: a, loop: loop)
        } catch {
            Syscall.close(b)
            throw error
        }
        return (first, try AsyncSocket(adopting: b, loop: loop))
    }
}
