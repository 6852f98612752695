/// The OpenAI-compatible endpoints whose bodies Veil rewrites.
public enum OpenAIEndpoint: String, Sendable, Hashable, CaseIterable {
    case chatCompletions = "/v1/chat/completions"
    case completions = "/v1/completions"
    case embeddings = "/v1/embeddings"
    case responses = "/v1/responses"

    /// The endpoint for a request path (query string ignored; with or without `/v1`).
    public init?(path: String) {
        var p = Substring(path)
        if let q = p.firstIndex(of: "?") { p = p[..<q] }
        if p.hasSuffix("/") { p = p.dropLast() }
        if !p.hasPrefix("/v1/") { p = "/v1" + p }
        self.init(rawValue: String(p))
    }
}
