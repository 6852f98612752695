import CCurl
import Logging
import TimeUnits

/// One exchange as the transfer thread sees it: the easy handle, the head being parsed, timers and counters.
/// Lives in TransferRunner's tables from `curl_multi_add_handle` until after `curl_multi_remove_handle`, which is
/// what makes the unretained `self` pointer given to libcurl's callbacks valid. Not Sendable.
final class Transfer {
    let id: UInt64
    let easy: CurlEasy
    let channel: TransferChannel
    let spec: TransferLoop.Spec
    let startedAt: ContinuousClock.Instant
    private var headParser: ResponseHeadParser

    /// Last time a header or body byte arrived (`nil` until the first one: the first-byte timer runs until then).
    private(set) var lastActivity: ContinuousClock.Instant?
    private(set) var headCompletedAt: ContinuousClock.Instant?
    /// The write callback returned CURL_WRITEFUNC_PAUSE and no resume was applied yet; the idle timer is stopped.
    var isPaused = false
    /// Our own reason for aborting from a callback (libcurl then reports CURLE_WRITE_ERROR, which we replace).
    private(set) var failure: UpstreamError?
    private(set) var status: Int?
    private(set) var bodyBytes = 0

    /// The head was stored in the channel during this curl_multi_perform(3) round but the waiting task was not
    /// woken yet; TransferRunner announces it once the round (and any completion in it) is processed.
    var headAnnouncementPending = false

    /// Configures `easy`, a fresh or reset handle (curl_easy_reset(3)) the runner lends for this exchange.
    init(id: UInt64, spec: TransferLoop.Spec, channel: TransferChannel, easy: CurlEasy,
         configuration: UpstreamConfiguration, now: ContinuousClock.Instant) throws(UpstreamError) {
        self.id = id
        self.spec = spec
        self.channel = channel
        self.startedAt = now
        self.headParser = ResponseHeadParser(maxBytes: configuration.maxResponseHeadBytes)
        self.easy = easy
        try configure(configuration)
    }

    private func configure(_ configuration: UpstreamConfiguration) throws(UpstreamError) {
        let request = spec.request
        try easy.setURL(spec.url)
        try easy.restrictProtocolsToHTTP()
        try easy.disableSignals()
        easy.preferHTTP2OverTLS()
        try easy.preferWaitingForMultiplexing()
        try easy.setConnectTimeout(milliseconds: configuration.connectTimeout.curlMilliseconds)
        try easy.setTimeout(milliseconds: spec.timeoutMilliseconds)
        try easy.setTLSVerification(!configuration.insecureSkipVerify)
        if let caBundle = configuration.caBundlePath { try easy.setCAInfo(caBundle) }
        try easy.acceptAllEncodings()
        try easy.suppressConnectHeaders()
        try easy.enableTCPKeepAlive()

        // Methods are case-sensitive (RFC 9110 §9.1): sent exactly as given.
        let method = request.method
        switch method {
        case "GET" where request.body.isEmpty: try easy.useGET()
        case "HEAD" where request.body.isEmpty: try easy.useHEAD()
        default:
            if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { try easy.setBody(request.body) }
            if method != "POST" { try easy.setCustomRequest(method) }
        }
        try easy.setHeaders(request.curlHeaderLines())

        let me = Unmanaged.passUnretained(self).toOpaque()
        try easy.setWriteFunction(Transfer.onBody, userData: me)
        try easy.setHeaderFunction(Transfer.onHeader, userData: me)
    }

    // MARK: Callbacks (run inside curl_multi_perform / curl_easy_pause on the transfer thread)

    private static let onHeader: CurlEasy.DataCallback = { data, size, count, userData in
        guard let userData else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(userData).takeUnretainedValue()
        return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
    }

    private static let onBody: CurlEasy.DataCallback = { data, size, count, userData in
        guard let userData else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(userData).takeUnretainedValue()
        return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
    }

    /// Returns the bytes consumed; anything else makes libcurl abort with CURLE_WRITE_ERROR.
    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Int {
        lastActivity = .now
        switch headParser.consume(line: line) {
        case .needMore, .interim:
            return line.count
        case .complete:
            guard let head = headParser.head else { return line.count }
            status = head.status
            headCompletedAt = lastActivity
            channel.storeHead(head.removingDecodedContentCoding())
            headAnnouncementPending = true
            return line.count
        case .tooLarge:
            failure = UpstreamError(kind: .protocolError, message: "response head exceeds the size bound")
            return 0
        case .malformed:
            failure = UpstreamError(kind: .protocolError, message: "malformed response head")
            return 0
        }
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        lastActivity = .now
        guard headParser.head != nil else {
            failure = UpstreamError(kind: .protocolError, message: "body before a complete response head")
            return 0
        }
        if bytes.isEmpty { return 0 }
        switch channel.offer(bytes) {
        case .accepted:
            bodyBytes += bytes.count
            return bytes.count
        case .pause:
            isPaused = true
            return Int(CCurl_WRITEFUNC_PAUSE)
        case .discard:
            return bytes.count
        }
    }

    // MARK: Timers

    /// When this transfer times out on our own timers (first byte, idle), or `nil` while paused.
    func timerDeadline(_ configuration: UpstreamConfiguration) -> ContinuousClock.Instant? {
        guard let lastActivity else { return startedAt + configuration.firstByteTimeout }
        return isPaused ? nil : lastActivity + configuration.idleTimeout
    }

    /// The error for an expired timer, distinguishing first byte from idle in the message.
    var timerError: UpstreamError {
        lastActivity == nil
            ? UpstreamError(kind: .timeout, message: "no response byte within the first-byte timeout")
            : UpstreamError(kind: .timeout, message: "no byte within the idle-stream timeout")
    }

    /// The consumer drained the buffer and the loop applied curl_easy_pause(CONT): restart the idle timer.
    func markResumed(at now: ContinuousClock.Instant) {
        isPaused = false
        lastActivity = lastActivity.map { _ in now }
    }
}

@available(*, unavailable)
extension Transfer: Sendable {}

extension Duration {
    /// Whole milliseconds, rounded down, at least 0 (curl takes `long` milliseconds).
    var curlMilliseconds: Int {
        Int(clamping: max(0, wholeMilliseconds()))
    }
}
