import CCurl

/// libcurl's next timeout as last reported by CURLMOPT_TIMERFUNCTION(3); `nil`: none. A class so the callback gets
/// a stable pointer; owned by TransferRunner, touched only under the engine's lock (inside libcurl calls).
final class CurlTimer {
    var deadline: ContinuousClock.Instant?
}

@available(*, unavailable)
extension CurlTimer: Sendable {}

extension TransferRunner {
    /// CURLMOPT_SOCKETFUNCTION(3): libcurl says which socket to watch for what, or to forget it. `userp` is the
    /// runner's UpstreamPoller (unretained; it outlives the multi handle).
    static let onSocket: CurlMulti.SocketCallback = { _, socket, what, userp, _ in
        guard let userp else { return 0 }
        let poller = Unmanaged<UpstreamPoller>.fromOpaque(userp).takeUnretainedValue()
        switch what {
        case Int32(CURL_POLL_REMOVE):
            poller.unwatch(socket)
        case Int32(CURL_POLL_IN), Int32(CURL_POLL_OUT), Int32(CURL_POLL_INOUT):
            poller.watch(socket, readable: what & Int32(CURL_POLL_IN) != 0, writable: what & Int32(CURL_POLL_OUT) != 0)
        default:
            break
        }
        return 0
    }

    /// CURLMOPT_TIMERFUNCTION(3): -1 deletes the timer, 0 means "call curl_multi_socket_action(CURL_SOCKET_TIMEOUT)
    /// as soon as possible" (never from inside the callback, the man page says), otherwise in that many ms.
    static let onTimer: CurlMulti.TimerCallback = { _, timeoutMs, userp in
        guard let userp else { return 0 }
        let timer = Unmanaged<CurlTimer>.fromOpaque(userp).takeUnretainedValue()
        timer.deadline = timeoutMs < 0 ? nil : ContinuousClock.now + .milliseconds(timeoutMs)
        return 0
    }
}
