#if canImport(Glibc)
import Glibc
#endif
import CLinuxShims

/// The one place the socket layer calls libc for descriptor I/O. Every call retries EINTR,
/// turns EAGAIN/EWOULDBLOCK into `.wouldBlock` and any other errno into a typed `SocketError`
/// naming the function (the swift-nio choke-point pattern).
enum Syscall {
    /// Runs `call` until it does not fail with EINTR (signal(7): "Interruption of system calls").
    /// Returns its result and, when it failed (-1), the errno it set: read once, right after
    /// the call, before anything else can overwrite it.
    private static func perform<T: BinaryInteger>(_ call: () -> T) -> (result: T, errno: Int32) {
        while true {
            let result = call()
            guard result == -1 else { return (result, 0) }
            let code = CLinuxShims_errno()
            if code != EINTR { return (result, code) }
        }
    }

    private static func check<T: BinaryInteger>(_ function: String, _ call: () -> T) throws(SocketError) -> IOResult<T> {
        let (result, code) = perform(call)
        guard result == -1 else { return .processed(result) }
        if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
        throw SocketError.from(function, errno: code)
    }

    private static func checkDone<T: BinaryInteger>(_ function: String, _ call: () -> T) throws(SocketError) -> T {
        let (result, code) = perform(call)
        guard result == -1 else { return result }
        throw SocketError.from(function, errno: code)
    }

    // MARK: Sockets

    /// A non-blocking, close-on-exec stream socket — socket(2).
    static func socket(domain: Int32) throws(SocketError) -> Int32 {
        try checkDone("socket") { CLinuxShims_socket_stream(domain) }
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) throws(SocketError) {
        var value = value
        _ = try checkDone("setsockopt") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    static func bind(_ fd: Int32, _ address: SocketAddress) throws(SocketError) {
        _ = try checkDone("bind") { address.withSockAddr { Glibc.bind(fd, $0, $1) } }
    }

    static func listen(_ fd: Int32, backlog: Int32) throws(SocketError) {
        _ = try checkDone("listen") { Glibc.listen(fd, backlog) }
    }

    /// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC.
    static func accept(_ fd: Int32) throws(SocketError) -> IOResult<Int32> {
        try check("accept4") { CLinuxShims_accept(fd) }
    }

    /// connect(2) on a non-blocking socket: `.wouldBlock` means EINPROGRESS, so wait for
    /// writability and read SO_ERROR (`pendingError`).
    static func connect(_ fd: Int32, _ address: SocketAddress) throws(SocketError) -> IOResult<Void> {
        let result = address.withSockAddr { Glibc.connect(fd, $0, $1) }
        if result == 0 { return .processed(()) }
        let code = CLinuxShims_errno()
        if code == EINPROGRESS || code == EINTR || code == EAGAIN { return .wouldBlock }
        throw SocketError.failed(function: "connect", errno: code)
    }

    static func pendingError(_ fd: Int32) throws(SocketError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try checkDone("getsockopt") { getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) }
        return value
    }

    static func localAddress(_ fd: Int32) throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try checkDone("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        return SocketAddress(storage: storage, length: length)
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> IOResult<Int> {
        try check("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// send(2) with MSG_NOSIGNAL: a reset peer gives EPIPE (→ `.disconnected`), never SIGPIPE.
    static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SocketError) -> IOResult<Int> {
        try check("send") { CLinuxShims_send(fd, buffer.baseAddress, UInt(buffer.count)) }
    }

    static func shutdown(_ fd: Int32, how: Int32) {
        // ENOTCONN after the peer left is expected and harmless here.
        _ = Glibc.shutdown(fd, how)
    }

    /// poll(2) with a zero timeout: true when the socket is hung up or in error (POLLHUP,
    /// POLLERR) — after a reset, unlike a peer's FIN, which only ends its input. Nothing is read
    /// and no pending error is cleared.
    static func isHungUp(_ fd: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: 0, revents: 0)
        let ready = perform { Glibc.poll(&entry, 1, 0) }.result
        return ready > 0 && entry.revents & Int16(POLLHUP | POLLERR) != 0
    }

    /// close(2) is not retried on EINTR: on Linux the descriptor is released regardless.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    static func socketPair() throws(SocketError) -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        _ = try checkDone("socketpair") { socketpair(AF_UNIX, type, 0, &fds) }
        return (fds[0], fds[1])
    }

    /// Ignores SIGPIPE process-wide (signal(7)); MSG_NOSIGNAL already covers send(2).
    static func ignoreSIGPIPE() {
        CLinuxShims_ignore_sigpipe()
    }
}
