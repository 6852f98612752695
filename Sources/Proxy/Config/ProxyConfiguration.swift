import Anonymizer

/// Everything the proxy needs to know besides the server's own settings.
public struct ProxyConfiguration: Sendable {
    /// Where redacted requests go, e.g. `https://api.openai.com`. Never taken from a request.
    public var upstreamBaseURL: String
    /// Connect / first byte / idle stream / total, in seconds.
    public var upstreamTimeouts: UpstreamTimeouts
    /// CA bundle for the upstream's TLS certificate, when not the system's.
    public var caBundlePath: String?
    /// When set, Veil authenticates to the upstream itself and clients must present one of `apiKeys`.
    public var upstreamAPIKey: String?
    /// Veil's own client keys (`VEIL_API_KEYS`).
    public var apiKeys: [String]
    /// Paths forwarded unmodified (no anonymization) — each one logged as a pass-through.
    public var passthroughPaths: Set<String>
    /// Labels detected when the request does not say (`X-Veil-Labels`); nil = all.
    public var labels: Set<EntityLabel>?
    /// Per-label policies and the allow-list.
    public var policy: RedactionPolicy
    /// Text inserted as a system message telling the provider's model to keep placeholders verbatim; nil = off.
    public var systemPreamble: String?
    /// Adds `X-Veil-Redactions-By-Label` (counts only) to responses.
    public var debugHeaders: Bool
    /// Largest upstream body Veil collects for a non-streamed response.
    public var maxUpstreamBodyBytes: Int

    public struct UpstreamTimeouts: Sendable {
        public var connect: Double
        public var firstByte: Double
        public var idle: Double
        public var total: Double
        public init(connect: Double = 10, firstByte: Double = 120, idle: Double = 120, total: Double = 600) {
            self.connect = connect
            self.firstByte = firstByte
            self.idle = idle
            self.total = total
        }
    }

    public init(
        upstreamBaseURL: String,
        upstreamTimeouts: UpstreamTimeouts = UpstreamTimeouts(),
        caBundlePath: String? = nil,
        upstreamAPIKey: String? = nil,
        apiKeys: [String] = [],
        passthroughPaths: Set<String> = [],
        labels: Set<EntityLabel>? = nil,
        policy: RedactionPolicy = RedactionPolicy(),
        systemPreamble: String? = nil,
        debugHeaders: Bool = false,
        maxUpstreamBodyBytes: Int = 64 * 1024 * 1024
    ) {
        self.upstreamBaseURL = upstreamBaseURL
        self.upstreamTimeouts = upstreamTimeouts
        self.caBundlePath = caBundlePath
        self.upstreamAPIKey = upstreamAPIKey
        self.apiKeys = apiKeys
        self.passthroughPaths = passthroughPaths
        self.labels = labels
        self.policy = policy
        self.systemPreamble = systemPreamble
        self.debugHeaders = debugHeaders
        self.maxUpstreamBodyBytes = maxUpstreamBodyBytes
    }

    /// The default preamble text, for `--system-preamble default`.
    public static let defaultPreamble = """
    Some values in this conversation were replaced by placeholders such as [NAME_1] or [EMAIL_2]. \
    Treat them as the real values and copy them into your answer exactly as written, brackets included.
    """
}
