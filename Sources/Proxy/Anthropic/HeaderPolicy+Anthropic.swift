import HTTP1

extension HeaderPolicy {
    /// Client → Anthropic: its credentials (`x-api-key`, or `Authorization` for OAuth tokens),
    /// `anthropic-version`, `anthropic-beta`, and the generic content headers. The SDKs'
    /// `x-stainless-*` telemetry and everything else are dropped.
    static let forwardedAnthropicRequestHeaders: Set<String> = [
        "x-api-key", "authorization", "anthropic-version", "anthropic-beta",
        "user-agent", "accept", "content-type", "idempotency-key",
    ]

    /// Anthropic → client: the request id, rate-limit state and retry hints the SDKs read.
    static let forwardedAnthropicResponseHeaders: Set<String> = [
        "content-type", "request-id", "retry-after", "x-should-retry", "cache-control",
    ]
    static let forwardedAnthropicResponsePrefixes = ["anthropic-ratelimit-"]

    /// The version the API requires on every call, for clients (curl) that send none.
    static let defaultAnthropicVersion = "2023-06-01"

    /// Headers for the Anthropic request. The client's credentials are dropped when Veil holds
    /// the Anthropic key (`apiKey`, sent as `x-api-key`) or when `dropClientCredentials` (the
    /// client's key is then Veil's own, which must never reach the provider).
    public static func anthropicUpstreamHeaders(from fields: HTTPFields, apiKey: String?, dropClientCredentials: Bool) -> [(String, String)] {
        var out: [(String, String)] = []
        for field in fields {
            let name = field.name.lowercased()
            guard forwardedAnthropicRequestHeaders.contains(name) else { continue }
            if name == "x-api-key" || name == "authorization", apiKey != nil || dropClientCredentials { continue }
            guard !field.value.contains(where: { $0 == "\r" || $0 == "\n" }) else { continue }
            out.append((field.name, field.value))
        }
        if !out.contains(where: { $0.0.lowercased() == "anthropic-version" }) {
            out.append(("anthropic-version", defaultAnthropicVersion))
        }
        if let apiKey {
            out.append(("x-api-key", apiKey))
        }
        return out
    }

    /// Headers of the Anthropic response that the client gets.
    public static func anthropicClientHeaders(from upstream: [(String, String)]) -> HTTPFields {
        var out = HTTPFields()
        for (name, value) in upstream {
            let lower = name.lowercased()
            let allowed = forwardedAnthropicResponseHeaders.contains(lower)
                || forwardedAnthropicResponsePrefixes.contains { lower.hasPrefix($0) }
            guard allowed, !value.contains(where: { $0 == "\r" || $0 == "\n" }) else { continue }
            out.append(name: name, value: value)
        }
        return out
    }
}
