import Anonymizer
import HTTP1
import HTTPServer
import Upstream

/// The Anthropic Messages API routes: the shared anonymize → forward → restore flow
/// (`ProxyHandler.forward(_:through:)`) with Anthropic's part of it (`AnthropicAPI`), against
/// its own upstream (`anthropic_upstream`).
public struct AnthropicHandler: Sendable {
    /// The routes, by path.
    public enum Route: String, Sendable, CaseIterable {
        case messages = "/v1/messages"
        /// Same request shape; the answer (`{"input_tokens": n}`) carries no text.
        case countTokens = "/v1/messages/count_tokens"
    }

    let proxy: ProxyHandler
    let upstream: UpstreamClient
    /// Veil's own Anthropic key (`VEIL_ANTHROPIC_API_KEY`); replaces the client's `x-api-key`.
    let apiKey: String?
    let walker: AnthropicRequestWalker

    /// Shares `proxy`'s anonymizer, client keys, labels, preamble, role options and metrics.
    public init(proxy: ProxyHandler, upstream: UpstreamClient, apiKey: String?) {
        self.proxy = proxy
        self.upstream = upstream
        self.apiKey = apiKey
        walker = AnthropicRequestWalker(options: proxy.walker.options)
    }

    public func forward(_ request: HTTPRequest, route: Route) async -> HTTPResponse {
        await proxy.forward(request, through: api(route))
    }

    func api(_ route: Route) -> AnthropicAPI {
        AnthropicAPI(route: route, walker: walker, upstream: upstream, apiKey: apiKey,
                     clientKeysRequired: proxy.authenticator.isEnabled)
    }
}

/// The Messages API's part of the flow: `AnthropicRequestWalker`, the Anthropic upstream with
/// its own headers and credentials, `AnthropicResponseRestorer`, and Anthropic's error shape.
struct AnthropicAPI: AnonymizedAPI {
    let messagesRoute: AnthropicHandler.Route
    let walker: AnthropicRequestWalker
    let upstream: UpstreamClient
    let apiKey: String?
    /// Clients present Veil's own keys (`VEIL_API_KEYS`), which must never reach Anthropic.
    let clientKeysRequired: Bool

    init(route: AnthropicHandler.Route, walker: AnthropicRequestWalker, upstream: UpstreamClient, apiKey: String?, clientKeysRequired: Bool) {
        messagesRoute = route
        self.walker = walker
        self.upstream = upstream
        self.apiKey = apiKey
        self.clientKeysRequired = clientKeysRequired
    }

    var route: String { messagesRoute.rawValue }
    var errorShape: ErrorShape { .anthropic }

    /// With client keys, the client's credential is Veil's own: without an Anthropic key of
    /// Veil's there is nothing to send in its place, so nothing is sent.
    func admit(_ request: HTTPRequest) throws(ProxyError) {
        if clientKeysRequired, apiKey == nil { throw .anthropicKeyMissing }
    }

    func anonymize(_ body: JSONValue, anonymizer: Anonymizer, map: inout PlaceholderMap, scope: DetectionScope) async throws -> AnonymizedRequest {
        try await walker.anonymizeRequestReport(body, anonymizer: anonymizer, map: &map, scope: scope)
    }

    func addingPreamble(_ text: String, to body: JSONValue) -> JSONValue {
        SystemPreamble(text: text).insertAnthropic(into: body)
    }

    /// `output_format` `json_schema`.
    func asksForJSONText(_ body: JSONValue) -> Bool {
        body["output_format"]?["type"]?.stringValue == "json_schema"
    }

    func upstreamRequest(for request: HTTPRequest, body: [UInt8]) -> UpstreamRequest {
        UpstreamRequest(
            method: "POST",
            path: route + Self.forwardedQuery(request.head.query),
            headers: HeaderPolicy.anthropicUpstreamHeaders(from: request.fields, apiKey: apiKey, dropClientCredentials: clientKeysRequired),
            body: body
        )
    }

    func clientHeaders(from upstream: [(String, String)]) -> HTTPFields {
        HeaderPolicy.anthropicClientHeaders(from: upstream)
    }

    func restorer(map: PlaceholderMap, textIsJSON: Bool) -> AnthropicResponseRestorer {
        AnthropicResponseRestorer(map: map, textIsJSON: textIsJSON)
    }

    /// Only `beta=true` (how older SDKs mark `client.beta.messages` calls) crosses: a query string is
    /// not anonymized, so nothing else from it may reach the provider.
    static func forwardedQuery(_ query: String?) -> String {
        guard let query else { return "" }
        return query.split(separator: "&").contains("beta=true") ? "?beta=true" : ""
    }
}
