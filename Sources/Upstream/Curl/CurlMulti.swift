import CCurl

/// Owns one multi handle (curl_multi_init(3)), which holds the connection cache: every transfer added to it may
/// reuse a kept-alive connection or share an HTTP/2 connection.
///
/// Driven through the socket interface (curl_multi_socket_action(3)): libcurl announces the sockets it wants watched
/// (CURLMOPT_SOCKETFUNCTION(3)) and when it wants to be called back (CURLMOPT_TIMERFUNCTION(3)); our own epoll
/// instance does the waiting. A multi handle and its easy handles may be used from any thread, one thread at a time
/// (libcurl-thread(3)): TransferLoop keeps every call under one lock.
final class CurlMulti {
    typealias SocketCallback = @convention(c) (
        UnsafeMutableRawPointer?, curl_socket_t, Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
    ) -> Int32
    typealias TimerCallback = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32

    let handle: UnsafeMutableRawPointer
    private var cleanedUp = false

    init?() {
        guard let handle = curl_multi_init() else { return nil }
        self.handle = handle
    }

    deinit {
        cleanup()
    }

    /// curl_multi_cleanup(3), once. Every easy handle must have left before (the man page asks for that order);
    /// libcurl may call the socket callback from here to drop cached connections' sockets.
    func cleanup() {
        guard !cleanedUp else { return }
        cleanedUp = true
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

    /// CURLMOPT_SOCKETFUNCTION(3) + CURLMOPT_SOCKETDATA(3): which sockets to watch for what.
    func setSocketFunction(_ callback: SocketCallback, userData: UnsafeMutableRawPointer) {
        _ = CCurl_multi_setopt_socket_callback(handle, callback)
        _ = CCurl_multi_setopt_pointer(handle, CURLMOPT_SOCKETDATA, userData)
    }

    /// CURLMOPT_TIMERFUNCTION(3) + CURLMOPT_TIMERDATA(3): when libcurl next needs a
    /// curl_multi_socket_action(CURL_SOCKET_TIMEOUT) call.
    func setTimerFunction(_ callback: TimerCallback, userData: UnsafeMutableRawPointer) {
        _ = CCurl_multi_setopt_timer_callback(handle, callback)
        _ = CCurl_multi_setopt_pointer(handle, CURLMOPT_TIMERDATA, userData)
    }

    /// curl_multi_add_handle(3).
    func add(_ easy: CurlEasy) -> CURLMcode {
        curl_multi_add_handle(handle, easy.handle)
    }

    /// curl_multi_remove_handle(3): a transfer removed mid-response has its connection closed, not reused.
    func remove(_ easy: CurlEasy) {
        _ = curl_multi_remove_handle(handle, easy.handle)
    }

    /// curl_multi_socket_action(3) for a ready socket (`mask`: CURL_CSELECT_*), or for libcurl's timer with
    /// `CCurl_SOCKET_TIMEOUT` and mask 0. Does the work that is ready without blocking; callbacks run inside.
    func socketAction(_ socket: curl_socket_t, mask: Int32) {
        var running: Int32 = 0
        _ = curl_multi_socket_action(handle, socket, mask, &running)
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
}

@available(*, unavailable)
extension CurlMulti: Sendable {}
