import CCurl

/// Owns one easy handle (curl_easy_init(3)) and the header list it points to; both are freed in `deinit`, after the
/// handle was removed from its multi handle. Not Sendable: created, driven and destroyed on the transfer thread.
///
/// One method per option, named after it, citing its man page (as swift-corelibs-foundation's EasyHandle does).
/// libcurl copies every string option (curl_easy_setopt(3): "strings passed ... are copied"), so Swift's temporary
/// C strings are safe to pass.
final class CurlEasy {
    typealias DataCallback = @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int

    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?

    init() throws(UpstreamError) {
        guard let handle = curl_easy_init() else {
            throw UpstreamError(kind: .protocolError, message: "curl_easy_init failed")
        }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
    }

    /// curl_easy_reset(3): back to the state of a new handle (every option, callbacks and user data included) while
    /// keeping the allocation, so the next exchange skips curl_easy_init(3)/curl_easy_cleanup(3). Only for a handle
    /// that is in no multi handle. The header list is freed: the reset handle no longer points to it.
    func reset() {
        curl_easy_reset(handle)
        curl_slist_free_all(headerList)
        headerList = nil
    }

    private func check(_ code: CURLcode) throws(UpstreamError) {
        guard code == CURLE_OK else { throw UpstreamError(curlCode: code, fallback: .invalidRequest) }
    }

    /// CURLOPT_URL(3).
    func setURL(_ url: String) throws(UpstreamError) {
        try check(CCurl_easy_setopt_string(handle, CURLOPT_URL, url))
    }

    /// CURLOPT_PROTOCOLS_STR(3) and CURLOPT_REDIR_PROTOCOLS_STR(3) (libcurl ≥ 7.85): only HTTP(S), ever.
    func restrictProtocolsToHTTP() throws(UpstreamError) {
        try check(CCurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(CCurl_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
    }

    /// CURLOPT_HTTP_VERSION(3) = CURL_HTTP_VERSION_2TLS: HTTP/2 via ALPN over TLS, HTTP/1.1 in clear text.
    /// Ignored (stays HTTP/1.1) when libcurl lacks HTTP/2.
    func preferHTTP2OverTLS() {
        _ = CCurl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
    }

    /// CURLOPT_PIPEWAIT(3): while a connection to the upstream is being set up and may turn out to multiplex
    /// (HTTPS with HTTP/2), wait for it instead of opening another one. No effect on clear-text HTTP/1.1.
    func preferWaitingForMultiplexing() throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_PIPEWAIT, 1))
    }

    /// CURLOPT_NOSIGNAL(3): no signals from libcurl in a multi-threaded process. SIGPIPE is blocked on the transfer
    /// thread instead (TransferLoop), as the man page asks of applications that set this.
    func disableSignals() throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
    }

    /// CURLOPT_CONNECTTIMEOUT_MS(3).
    func setConnectTimeout(milliseconds: Int) throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(1, milliseconds)))
    }

    /// CURLOPT_TIMEOUT_MS(3): the whole transfer, head and body.
    func setTimeout(milliseconds: Int) throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, milliseconds)))
    }

    /// CURLOPT_SSL_VERIFYPEER(3) = 1 and CURLOPT_SSL_VERIFYHOST(3) = 2 (the secure defaults, set explicitly so a
    /// libcurl built otherwise cannot weaken them); both 0 only for `insecureSkipVerify`.
    func setTLSVerification(_ verify: Bool) throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0))
        try check(CCurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0))
    }

    /// CURLOPT_CAINFO(3): PEM file of trusted certificate authorities.
    func setCAInfo(_ path: String) throws(UpstreamError) {
        try check(CCurl_easy_setopt_string(handle, CURLOPT_CAINFO, path))
    }

    /// CURLOPT_ACCEPT_ENCODING(3) = "": advertise every coding this libcurl decodes (gzip, deflate, br, zstd here)
    /// and decode the body before the write callback sees it.
    func acceptAllEncodings() throws(UpstreamError) {
        try check(CCurl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
    }

    /// CURLOPT_SUPPRESS_CONNECT_HEADERS(3): keep an HTTPS proxy's CONNECT response out of the header callback.
    func suppressConnectHeaders() throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1))
    }

    /// CURLOPT_TCP_KEEPALIVE(3): probes keep long, quiet streams alive through NAT and proxies.
    func enableTCPKeepAlive() throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
    }

    /// CURLOPT_HTTPGET(3).
    func useGET() throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
    }

    /// CURLOPT_NOBODY(3): a HEAD request, no body expected.
    func useHEAD() throws(UpstreamError) {
        try check(CCurl_easy_setopt_long(handle, CURLOPT_NOBODY, 1))
    }

    /// CURLOPT_CUSTOMREQUEST(3): the method token sent instead of the one libcurl picked.
    func setCustomRequest(_ method: String) throws(UpstreamError) {
        try check(CCurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
    }

    /// CURLOPT_POSTFIELDSIZE_LARGE(3) then CURLOPT_COPYPOSTFIELDS(3): libcurl copies the body, sends it with a
    /// Content-Length, and switches the method to POST (overridden by CURLOPT_CUSTOMREQUEST).
    func setBody(_ body: [UInt8]) throws(UpstreamError) {
        try check(CCurl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
        let code = body.withUnsafeBytes { bytes -> CURLcode in
            // An empty array may have no storage; hand libcurl a valid pointer to zero bytes.
            guard let base = bytes.baseAddress else {
                return CCurl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            }
            return CCurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
        }
        try check(code)
    }

    /// CURLOPT_HTTPHEADER(3): the list must outlive the transfer, so this object owns it.
    func setHeaders(_ lines: [String]) throws(UpstreamError) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw UpstreamError(kind: .invalidRequest, message: "curl_slist_append failed")
            }
            list = appended
        }
        try check(CCurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        curl_slist_free_all(headerList)
        headerList = list
    }

    /// CURLOPT_WRITEFUNCTION(3) + CURLOPT_WRITEDATA(3): body bytes, decoded. May return CURL_WRITEFUNC_PAUSE.
    func setWriteFunction(_ callback: DataCallback, userData: UnsafeMutableRawPointer) throws(UpstreamError) {
        try check(CCurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, callback))
        try check(CCurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, userData))
    }

    /// CURLOPT_HEADERFUNCTION(3) + CURLOPT_HEADERDATA(3): one complete header line per call.
    func setHeaderFunction(_ callback: DataCallback, userData: UnsafeMutableRawPointer) throws(UpstreamError) {
        try check(CCurl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, callback))
        try check(CCurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, userData))
    }

    /// curl_easy_pause(3) with CURLPAUSE_CONT: may call the write callback before returning with the bytes it held.
    func resume() {
        _ = curl_easy_pause(handle, CCurl_PAUSE_CONT)
    }

    /// CURLINFO_NUM_CONNECTS(3): new connections this transfer had to open (0 = a kept-alive one was reused).
    var newConnections: Int {
        var value = 0
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &value)
        return value
    }
}

@available(*, unavailable)
extension CurlEasy: Sendable {}
