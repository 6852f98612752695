import CCurl

/// Owns one multi handle (curl_multi_init(3)), which holds the connection cache: every transfer added to it may
/// reuse a kept-alive connection or share an HTTP/2 connection. Used only on the transfer thread, except
/// `wakeup`, which curl_multi_wakeup(3) allows from any thread (TransferLoop guards the handle's lifetime).
final class CurlMulti {
    let handle: UnsafeMutableRawPointer

    init?() {
        guard let handle = curl_multi_init() else { return nil }
        self.handle = handle
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    /// CURLMOPT_PIPELINING(3) = CURLPIPE_MULTIPLEX: run parallel transfers as streams of one HTTP/2 connection.
    func enableMultiplexing() {
        _ = CCurl_multi_setopt_long(handle, CURLMOPT_PIPELINING, CCurl_PIPE_MULTIPLEX)
    }

    /// CURLMOPT_MAXCONNECTS(3): size of the idle connection cache.
    func setMaxConnects(_ count: Int) {
        _ = CCurl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, count)
    }

    /// CURLMOPT_MAX_HOST_CONNECTIONS(3): 0 = unlimited; extra transfers queue inside libcurl.
    func setMaxHostConnections(_ count: Int) {
        _ = CCurl_multi_setopt_long(handle, CURLMOPT_MAX_HOST_CONNECTIONS, count)
    }

    /// curl_multi_add_handle(3).
    func add(_ easy: CurlEasy) -> CURLMcode {
        curl_multi_add_handle(handle, easy.handle)
    }

    /// curl_multi_remove_handle(3): a transfer removed mid-response has its connection closed, not reused.
    func remove(_ easy: CurlEasy) {
        _ = curl_multi_remove_handle(handle, easy.handle)
    }

    /// curl_multi_perform(3): does all the work that is ready without blocking; callbacks run inside.
    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(handle, &running)
    }

    /// curl_multi_info_read(3): the easy handles whose transfers finished since the last call, with their result.
    func finishedTransfers() -> [(UnsafeMutableRawPointer, CURLcode)] {
        var finished: [(UnsafeMutableRawPointer, CURLcode)] = []
        var queued: Int32 = 0
        while let message = curl_multi_info_read(handle, &queued) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                finished.append((easy, message.pointee.data.result))
            }
        }
        return finished
    }

    /// curl_multi_poll(3): sleeps until a socket is ready, libcurl's own timer fires (it shortens `timeoutMs` to
    /// it), `timeoutMs` passes, or curl_multi_wakeup(3) is called.
    func poll(timeoutMs: Int32) {
        _ = curl_multi_poll(handle, nil, 0, timeoutMs, nil)
    }
}

@available(*, unavailable)
extension CurlMulti: Sendable {}
