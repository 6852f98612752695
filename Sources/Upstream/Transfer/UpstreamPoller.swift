#if canImport(Glibc)
import Glibc
#endif
import CCurl
import CLinuxShims

/// The transfer thread's epoll(7) instance and its wake-up eventfd(2): the one file in Upstream that calls epoll.
///
/// libcurl tells us which sockets to watch through CURLMOPT_SOCKETFUNCTION(3) (`watch` / `unwatch`), and we tell it
/// what became ready with curl_multi_socket_action(3). Sockets are **level-triggered** (unlike the server's
/// edge-triggered loop): libcurl may leave bytes unread (a paused transfer, a full HTTP/2 window) and expects to be
/// told again, and it drops a paused transfer's read interest itself (CURLMOPT_SOCKETFUNCTION(3), "what").
///
/// Any thread may call `watch`, `unwatch` and `wake` while the transfer thread sleeps in `wait` (epoll_ctl(2) on an
/// instance another thread waits on is allowed). The descriptors are closed in `deinit`, which runs only after the
/// multi handle that could still call `unwatch` was cleaned up (TransferRunner's deinit), since the runner holds
/// this object.
final class UpstreamPoller: Sendable {
    let epollFD: Int32
    let wakeFD: Int32

    init() throws(UpstreamError) {
        let epollFD = CLinuxShims_epoll_create()
        guard epollFD >= 0 else { throw Self.failure("epoll_create1") }
        let wakeFD = CLinuxShims_eventfd()
        guard wakeFD >= 0 else {
            Glibc.close(epollFD)
            throw Self.failure("eventfd")
        }
        guard CLinuxShims_epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, CLinuxShims_EPOLLIN, UInt64(wakeFD)) == 0 else {
            Glibc.close(wakeFD)
            Glibc.close(epollFD)
            throw Self.failure("epoll_ctl")
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
    }

    deinit {
        Glibc.close(wakeFD)
        Glibc.close(epollFD)
    }

    private static func failure(_ function: String) -> UpstreamError {
        UpstreamError(kind: .protocolError, message: "\(function) failed (errno \(CLinuxShims_errno()))")
    }

    /// Watches `socket` for `readable` / `writable` (CURL_POLL_IN / OUT / INOUT). libcurl reports a socket it already
    /// told us about again when the interest changes, and a closed descriptor number can come back as a new socket,
    /// so ADD falls back to MOD (EEXIST) — one syscall in the usual case, a new or re-added socket.
    func watch(_ socket: Int32, readable: Bool, writable: Bool) {
        var events: UInt32 = 0
        if readable { events |= CLinuxShims_EPOLLIN | CLinuxShims_EPOLLRDHUP }
        if writable { events |= CLinuxShims_EPOLLOUT }
        if CLinuxShims_epoll_ctl(epollFD, EPOLL_CTL_ADD, socket, events, UInt64(socket)) != 0,
           CLinuxShims_errno() == EEXIST {
            _ = CLinuxShims_epoll_ctl(epollFD, EPOLL_CTL_MOD, socket, events, UInt64(socket))
        }
    }

    /// CURL_POLL_REMOVE. Failure (libcurl closed the socket first, which removes it from epoll) is harmless.
    func unwatch(_ socket: Int32) {
        _ = CLinuxShims_epoll_ctl(epollFD, EPOLL_CTL_DEL, socket, 0, 0)
    }

    /// Makes a sleeping `wait` return (a non-blocking eventfd write; wake-ups coalesce in its counter).
    func wake() {
        _ = eventfd_write(wakeFD, 1)
    }

    /// One ready socket and the CURL_CSELECT_* bits to pass to curl_multi_socket_action(3).
    struct Ready {
        var socket: Int32
        var mask: Int32
    }

    /// Sleeps until a watched socket is ready, `wake()` is called, or `timeoutMs` passes (-1: forever); fills `ready`
    /// with the sockets to hand to libcurl (the eventfd is drained, not reported). EINTR counts as a timeout.
    func wait(into ready: inout [Ready], events: inout [UInt32], tokens: inout [UInt64], timeoutMs: Int32) {
        ready.removeAll(keepingCapacity: true)
        let capacity = Int32(min(events.count, tokens.count))
        let count = events.withUnsafeMutableBufferPointer { events in
            tokens.withUnsafeMutableBufferPointer { tokens in
                CLinuxShims_epoll_wait(epollFD, events.baseAddress, tokens.baseAddress, capacity, timeoutMs)
            }
        }
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let socket = Int32(truncatingIfNeeded: tokens[index])
            if socket == wakeFD {
                var value: eventfd_t = 0
                _ = eventfd_read(wakeFD, &value)
                continue
            }
            let event = events[index]
            var mask: Int32 = 0
            if event & (CLinuxShims_EPOLLIN | CLinuxShims_EPOLLRDHUP | CLinuxShims_EPOLLHUP) != 0 { mask |= CURL_CSELECT_IN }
            if event & CLinuxShims_EPOLLOUT != 0 { mask |= CURL_CSELECT_OUT }
            if event & CLinuxShims_EPOLLERR != 0 { mask |= CURL_CSELECT_ERR }
            ready.append(Ready(socket: socket, mask: mask))
        }
    }
}
