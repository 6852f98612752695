import Anonymizer
import Tagger

/// Every setting of `veil serve`, from three sources with one precedence:
/// command-line flags > `VEIL_*` environment variables > the configuration file > defaults.
///
/// One table (`VeilSettings.keys`) names each setting once: its file key (`upstream_timeout`),
/// its variable (`VEIL_UPSTREAM_TIMEOUT`) and its type, so the file, the environment and
/// `veil config check` can never disagree. Errors name the key and where it came from.
public struct VeilSettings: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var upstream: String?
    public var upstreamTimeout = 120.0
    /// Base URL of the Anthropic Messages API (`/v1/messages`).
    public var anthropicUpstream = "https://api.anthropic.com"
    public var caBundle: String?
    public var labels: [String]?
    public var maskLabels: [String] = []
    public var allow: [String] = []
    public var passthrough: [String] = []
    public var anonymizeRoles: [String]?
    public var systemPreamble: String?
    public var maxBody = 10 * 1024 * 1024
    /// Seconds a request's whole body may take to arrive, from the end of its head (408 after).
    public var bodyTimeout = 30.0
    /// Request body bytes all connections together may hold at once; past it, 503 + Retry-After.
    public var bodyMemoryLimit = 256 * 1024 * 1024
    /// Client connections open at once; more are answered 503 and closed.
    public var maxConnections = 10_000
    public var logLevel = "info"
    public var logFormat = "text"
    public var model: String?
    public var patternsOnly = false
    /// The model's operating point (`strict`, `balanced`, `high-recall`); per request: `X-Veil-Sensitivity`.
    public var sensitivity = Sensitivity.balanced
    /// Threads one model pass splits its work over. Passes run one at a time (one compute worker), so
    /// this bounds the model's compute threads; 2 uses both cores of the 2-core reference machine.
    public var modelThreads = 2
    /// Model jobs allowed to wait for the compute thread; more are refused at once (503).
    public var modelQueue = 64
    /// Seconds a model job may wait in that queue before its request is refused (503 + Retry-After).
    public var modelQueueWait = 30.0
    /// Longest text, in UTF-8 bytes, the model reads; a longer one is refused (413, exit 65), never
    /// forwarded unread. The model's memory no longer grows with a text's length, but its time does.
    public var modelMaxText = TextLimitedDetector.defaultMaxTextBytes
    public var debugHeaders = false
    /// `GET /metrics` asks for a client key when `VEIL_API_KEYS` is set; false leaves it open
    /// (e.g. for a scraper on a private network).
    public var metricsAuth = true
    /// `memory` (default), `none`, or `redis://host:port[/db]` — where Responses API conversation maps live.
    public var vault = "memory"
    /// How long a conversation's map is kept after its last turn.
    public var vaultTTLSeconds = 86_400
    /// AES-256-GCM key sealing vault values (64 hex digits or base64); required with Redis.
    public var vaultKey: String?
    /// `{"label": "EMPLOYEE_ID", "pattern": "EMP-\\d{6}"}` entries (file only).
    public var customDetectors: [CustomDetectorSetting] = []

    public struct CustomDetectorSetting: Sendable, Equatable {
        public var label: String
        public var pattern: String
    }

    public init() {}

    /// A value as it arrived, before it is checked against the key's type.
    public enum Raw: Sendable {
        case text(String)  // from the environment or a flag
        case json(JSONValue)  // from the file
    }

    /// Where a value came from, for error messages.
    public enum Source: Sendable, CustomStringConvertible {
        case file(String), environment, flag
        public var description: String {
            switch self {
            case .file(let path): "in \(path)"
            case .environment: "in the environment"
            case .flag: "on the command line"
            }
        }
    }
}

/// A setting that cannot be used; the message names the key and its source.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
