#if canImport(Glibc)
import Glibc
#endif
import CLinuxShims
import TimeUnits

/// The epoll(7) descriptor and its wake-up eventfd(2): the one file that calls epoll.
struct Epoll: Sendable {
    /// epoll data for the eventfd; socket tokens start at 1.
    static let wakeToken: UInt64 = 0

    let fd: Int32
    let wakeFD: Int32

    init() throws(SocketError) {
        let fd = CLinuxShims_epoll_create()
        guard fd >= 0 else { throw SocketError.failed(function: "epoll_create1", errno: CLinuxShims_errno()) }
        let wakeFD = CLinuxShims_eventfd()
        guard wakeFD >= 0 else {
            Glibc.close(fd)
            throw SocketError.failed(function: "eventfd", errno: CLinuxShims_errno())
        }
        guard CLinuxShims_epoll_ctl(fd, EPOLL_CTL_ADD, wakeFD, CLinuxShims_EPOLLIN, Self.wakeToken) == 0 else {
            throw SocketError.failed(function: "epoll_ctl", errno: CLinuxShims_errno())
        }
        self.fd = fd
        self.wakeFD = wakeFD
    }

    /// Adds `socket` edge-triggered for both directions plus peer hang-up.
    func add(_ socket: Int32, token: UInt64) throws(SocketError) {
        let events = CLinuxShims_EPOLLIN | CLinuxShims_EPOLLOUT | CLinuxShims_EPOLLRDHUP | CLinuxShims_EPOLLET
        guard CLinuxShims_epoll_ctl(fd, EPOLL_CTL_ADD, socket, events, token) == 0 else {
            throw SocketError.failed(function: "epoll_ctl", errno: CLinuxShims_errno())
        }
    }

    /// EPOLL_CTL_DEL before close(2); failure (already gone) is harmless.
    func remove(_ socket: Int32) {
        _ = CLinuxShims_epoll_ctl(fd, EPOLL_CTL_DEL, socket, 0, 0)
    }

    /// Makes a sleeping epoll_wait return.
    func wake() {
        _ = eventfd_write(wakeFD, 1)
    }

    /// Readiness reported by one epoll_wait call.
    struct Events {
        var events: [UInt32]
        var tokens: [UInt64]
        init(capacity: Int) {
            events = Array(repeating: 0, count: capacity)
            tokens = Array(repeating: 0, count: capacity)
        }
        /// Hang-ups and errors count as both readable and writable: the next syscall reports them.
        subscript(index: Int) -> (token: UInt64, readable: Bool, writable: Bool) {
            let event = events[index]
            let failed = event & (CLinuxShims_EPOLLHUP | CLinuxShims_EPOLLERR) != 0
            let readable = failed || event & (CLinuxShims_EPOLLIN | CLinuxShims_EPOLLRDHUP) != 0
            let writable = failed || event & CLinuxShims_EPOLLOUT != 0
            return (tokens[index], readable, writable)
        }
    }

    /// Sleeps until readiness or `deadline` (forever when nil); returns how many events were
    /// filled. EINTR counts as zero events. Drains the eventfd when it fired.
    func wait(into buffer: inout Events, until deadline: ContinuousClock.Instant?) -> Int {
        var timeout: Int32 = -1
        if let deadline {
            // Round up so we never wake just before the deadline and spin.
            let millis = ContinuousClock.now.duration(to: deadline).wholeMilliseconds(rounded: .up)
            timeout = Int32(clamping: max(0, millis))
        }
        let capacity = Int32(buffer.events.count)
        let count = buffer.events.withUnsafeMutableBufferPointer { events in
            buffer.tokens.withUnsafeMutableBufferPointer { tokens in
                CLinuxShims_epoll_wait(fd, events.baseAddress, tokens.baseAddress, capacity, timeout)
            }
        }
        guard count > 0 else { return 0 }
        for index in 0..<Int(count) where buffer.tokens[index] == Self.wakeToken {
            var value: eventfd_t = 0
            _ = eventfd_read(wakeFD, &value)
        }
        return Int(count)
    }
}
