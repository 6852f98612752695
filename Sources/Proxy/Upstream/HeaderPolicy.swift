import HTTP1

/// Which headers cross the proxy, in each direction. An allow-list, not a deny-list: a header
/// Veil does not know could carry personal data or break framing.
public enum HeaderPolicy {
    /// Client → upstream (issue #4: Authorization, OpenAI-Organization, OpenAI-Project,
    /// User-Agent, Accept; plus the body's Content-Type and OpenAI's documented extras).
    static let forwardedRequestHeaders: Set<String> = [
        "authorization", "openai-organization", "openai-project", "openai-beta",
        "user-agent", "accept", "content-type", "idempotency-key",
    ]

    /// Upstream → client. Framing headers (`Content-Length`, `Transfer-Encoding`,
    /// `Content-Encoding` — curl has already inflated the body) are set by Veil's server.
    static let forwardedResponseHeaders: Set<String> = [
        "content-type", "x-request-id", "openai-organization", "openai-processing-ms",
        "openai-version", "openai-project", "retry-after", "cache-control",
    ]
    static let forwardedResponsePrefixes = ["x-ratelimit-"]

    /// Headers for the upstream request. `upstreamAPIKey`, when Veil holds the key, replaces
    /// whatever the client sent (which was then Veil's own key).
    public static func upstreamHeaders(from fields: HTTPFields, upstreamAPIKey: String?) -> [(String, String)] {
        var out: [(String, String)] = []
        for field in fields {
            let name = field.name.lowercased()
            guard forwardedRequestHeaders.contains(name) else { continue }
            if name == "authorization", upstreamAPIKey != nil { continue }
            // A value can't contain CR/LF here (the parser rejects them), but check anyway:
            // header injection upstream must be impossible.
            guard !field.value.contains(where: { $0 == "\r" || $0 == "\n" }) else { continue }
            out.append((field.name, field.value))
        }
        if let key = upstreamAPIKey {
            out.append(("Authorization", "Bearer \(key)"))
        }
        return out
    }

    /// Headers of the upstream response that the client gets.
    public static func clientHeaders(from upstream: [(String, String)]) -> HTTPFields {
        var out = HTTPFields()
        for (name, value) in upstream {
            let lower = name.lowercased()
            let allowed = forwardedResponseHeaders.contains(lower)
                || forwardedResponsePrefixes.contains { lower.hasPrefix($0) }
            guard allowed, !value.contains(where: { $0 == "\r" || $0 == "\n" }) else { continue }
            out.append(name: name, value: value)
        }
        return out
    }
}
