import Logging

/// An async HTTP client for one upstream, over libcurl.
///
/// One worker thread runs a `curl_multi` loop (curl_multi_poll(3) + curl_multi_wakeup(3)); `execute` only queues a
/// command and waits, so no Swift concurrency thread blocks in libcurl. All transfers share one multi handle, hence
/// one connection cache: sequential requests reuse kept-alive connections, and parallel requests to an HTTPS
/// upstream that speaks HTTP/2 share a connection as streams (CURLMOPT_PIPELINING(3) = CURLPIPE_MULTIPLEX).
///
/// Releasing the client stops its thread and cancels transfers still running, bodies included.
public final class UpstreamClient: Sendable {
    public let configuration: UpstreamConfiguration
    private let baseURL: String
    private let loop: TransferLoop

    public init(configuration: UpstreamConfiguration) throws(UpstreamError) {
        try CurlGlobal.ensureInitialized()
        self.configuration = configuration
        self.baseURL = try configuration.validatedBaseURL()
        self.loop = TransferLoop(configuration: configuration)
        loop.startThread()
    }

    deinit {
        loop.shutdown()
    }

    /// The libcurl in use, e.g. "libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 nghttp2/1.52.0".
    public static var libcurlVersion: String { CurlGlobal.version }

    /// Sends `request` and returns once the final response head arrived; the body streams afterwards.
    ///
    /// - Parameters:
    ///   - deadline: the whole exchange, body included, must end by then (shortens `totalTimeout`).
    ///   - logger: receives one line per exchange: method, path without query, status, timings, byte counts.
    public func execute(
        _ request: UpstreamRequest,
        deadline: ContinuousClock.Instant? = nil,
        logger: Logger? = nil
    ) async throws(UpstreamError) -> UpstreamResponse {
        try request.validate()
        var timeout = configuration.totalTimeout
        if let deadline { timeout = min(timeout, deadline - .now) }
        guard timeout > .zero else {
            throw UpstreamError(kind: .timeout, message: "deadline passed before the request was sent")
        }
        let spec = TransferLoop.Spec(
            url: baseURL + request.path,
            request: request,
            timeoutMilliseconds: max(1, timeout.curlMilliseconds),
            logger: logger ?? Self.disabledLogger
        )
        let channel = loop.submit(spec)
        let head = await withTaskCancellationHandler {
            await channel.waitForHead()
        } onCancel: {
            channel.cancel()
        }
        switch head {
        case .success(let head):
            return UpstreamResponse(status: head.status, headers: head.headers, body: UpstreamBody(channel: channel))
        case .failure(let error):
            throw error
        }
    }

    private static let disabledLogger = Logger(label: "veil.upstream", factory: { _ in SwiftLogNoOpLogHandler() })
}
