import Anonymizer

/// Everything the proxy needs to know besides the server's own settings and the upstream
/// connection's (`UpstreamConfiguration`, owned by the `UpstreamClient` the handler is given).
public struct ProxyConfiguration: Sendable {
    /// When set, Veil authenticates to the upstream itself and clients must present one of `apiKeys`.
    public var upstreamAPIKey: String?
    /// Veil's own client keys (`VEIL_API_KEYS`).
    public var apiKeys: [String]
    /// Paths forwarded unmodified (no anonymization) — each one logged as a pass-through.
    public var passthroughPaths: Set<String>
    /// Labels detected when the request does not say (`X-Veil-Labels`); nil = all.
    public var labels: Set<EntityLabel>?
    /// The model's operating point when the request does not say (`X-Veil-Sensitivity`).
    public var sensitivity: Sensitivity
    /// Per-label policies and the allow-list.
    public var policy: RedactionPolicy
    /// Text inserted as a system message telling the provider's model to keep placeholders verbatim; nil = off.
    public var systemPreamble: String?
    /// Adds `X-Veil-Redactions-By-Label` (counts only) to responses.
    public var debugHeaders: Bool
    /// Largest upstream body Veil collects for a non-streamed response.
    public var maxUpstreamBodyBytes: Int
    /// `GET /metrics` asks for one of `apiKeys` like every proxied route (`metrics_auth`, default
    /// true). Without client keys there is nothing to ask for, and `/metrics` is open either way.
    public var metricsRequireKey: Bool

    public init(
        upstreamAPIKey: String? = nil,
        apiKeys: [String] = [],
        passthroughPaths: Set<String> = [],
        labels: Set<EntityLabel>? = nil,
        sensitivity: Sensitivity = .balanced,
        policy: RedactionPolicy = RedactionPolicy(),
        systemPreamble: String? = nil,
        debugHeaders: Bool = false,
        maxUpstreamBodyBytes: Int = 64 * 1024 * 1024,
        metricsRequireKey: Bool = true
    ) {
        self.upstreamAPIKey = upstreamAPIKey
        self.apiKeys = apiKeys
        self.passthroughPaths = passthroughPaths
        self.labels = labels
        self.sensitivity = sensitivity
        self.policy = policy
        self.systemPreamble = systemPreamble
        self.debugHeaders = debugHeaders
        self.maxUpstreamBodyBytes = maxUpstreamBodyBytes
        self.metricsRequireKey = metricsRequireKey
    }

    /// The default preamble text, for `--system-preamble default`.
    public static let defaultPreamble = """
    Some values in this conversation were replaced by placeholders such as [NAME_1] or [EMAIL_2]. \
    Treat them as the real values and copy them into your answer exactly as written, brackets included.
    """
}
