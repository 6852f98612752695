/// Where and how the client talks to the one upstream it serves.
///
/// Proxies: libcurl reads `https_proxy`/`HTTPS_PROXY`, `http_proxy` (lower case only, see httpoxy), `ALL_PROXY` and
/// `NO_PROXY` from the environment whenever `CURLOPT_PROXY` is not set (CURLOPT_PROXY(3), "Environment variables").
/// The client never sets `CURLOPT_PROXY`, so an operator configures an egress proxy with those variables alone.
public struct UpstreamConfiguration: Sendable {
    /// Scheme, host, optional port and optional path prefix, e.g. `https://api.openai.com` or
    /// `http://127.0.0.1:9999`. Request paths are appended to it; callers never supply a full URL.
    public var baseURL: String
    /// TCP + TLS handshake bound (CURLOPT_CONNECTTIMEOUT_MS(3)).
    public var connectTimeout: Duration
    /// From the hand-over to libcurl until the first byte of the response head arrives (DNS, connect, TLS, any
    /// wait for a free connection and the upstream's think time all count).
    public var firstByteTimeout: Duration
    /// Longest silence allowed once the response has started (headers or body). Time spent paused because the
    /// consumer is slow does not count.
    public var idleTimeout: Duration
    /// Whole exchange, head and body (CURLOPT_TIMEOUT_MS(3)); the per-call deadline may shorten it.
    public var totalTimeout: Duration
    /// PEM bundle of trusted CAs (CURLOPT_CAINFO(3)); `nil` uses the system bundle libcurl was built with.
    public var caBundlePath: String?
    /// Disables certificate and host name verification. For tests against self-signed mocks only.
    public var insecureSkipVerify: Bool
    /// Bound on the response head (status line + fields, all bytes) before the exchange fails as a protocol error.
    public var maxResponseHeadBytes: Int
    /// Bytes of body the client holds for a slow consumer before it pauses the transfer
    /// (CURLOPT_WRITEFUNCTION(3), CURL_WRITEFUNC_PAUSE). libcurl may hand one more write (≤ 16 KiB of decoded data).
    public var bodyBufferBytes: Int
    /// Idle connections kept for reuse (CURLMOPT_MAXCONNECTS(3)).
    public var connectionCacheSize: Int
    /// Parallel connections to the upstream host; `0` means unlimited (CURLMOPT_MAX_HOST_CONNECTIONS(3)).
    public var maxConnectionsPerHost: Int

    public init(
        baseURL: String,
        connectTimeout: Duration = .seconds(10),
        firstByteTimeout: Duration = .seconds(120),
        idleTimeout: Duration = .seconds(120),
        totalTimeout: Duration = .seconds(600),
        caBundlePath: String? = nil,
        insecureSkipVerify: Bool = false,
        maxResponseHeadBytes: Int = 64 * 1024,
        bodyBufferBytes: Int = 1 << 20,
        connectionCacheSize: Int = 64,
        maxConnectionsPerHost: Int = 0
    ) {
        self.baseURL = baseURL
        self.connectTimeout = connectTimeout
        self.firstByteTimeout = firstByteTimeout
        self.idleTimeout = idleTimeout
        self.totalTimeout = totalTimeout
        self.caBundlePath = caBundlePath
        self.insecureSkipVerify = insecureSkipVerify
        self.maxResponseHeadBytes = maxResponseHeadBytes
        self.bodyBufferBytes = bodyBufferBytes
        self.connectionCacheSize = connectionCacheSize
        self.maxConnectionsPerHost = maxConnectionsPerHost
    }
}

extension UpstreamConfiguration {
    /// The base URL without a trailing slash, or an error when it is not plain `http`/`https` with a host.
    /// User info, query and fragment are refused so that appending a path can only ever address this host.
    func validatedBaseURL() throws(UpstreamError) -> String {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        guard let schemeEnd = lower.range(of: "://"),
              ["http", "https"].contains(String(lower[..<schemeEnd.lowerBound])) else {
            throw UpstreamError(kind: .invalidRequest, message: "base URL must be http:// or https://")
        }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty,
              !rest.contains(where: { "@?#".contains($0) }),
              rest.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw UpstreamError(kind: .invalidRequest, message: "base URL must be scheme://host[:port][/prefix]")
        }
        return url
    }

    /// `host:port` of the base URL (the scheme's port when none is written), for error messages:
    /// a base URL holds no credentials (``validatedBaseURL()`` refuses user-info), so this is safe to show.
    public var target: String {
        let lower = baseURL.lowercased()
        guard let schemeEnd = lower.range(of: "://") else { return baseURL }
        let authority = baseURL[schemeEnd.upperBound...].prefix { $0 != "/" }
        let hasPort = authority.last.map(\.isNumber) == true && authority.contains(":") && !authority.hasSuffix("]")
        return hasPort ? String(authority) : "\(authority):\(lower.hasPrefix("https") ? 443 : 80)"
    }
}
