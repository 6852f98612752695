import Anonymizer
import HTTP1
import HTTPServer
import Upstream

/// The OpenAI routes' part of the flow: `OpenAIRequestWalker` for the endpoint, the
/// `upstream` base URL with the allow-listed OpenAI headers, `OpenAIResponseRestorer`, and
/// OpenAI's error shape. `/v1/responses` keeps conversations (`previous_response_id`).
struct OpenAIAPI: AnonymizedAPI {
    let endpoint: OpenAIEndpoint
    let walker: OpenAIRequestWalker
    let upstream: UpstreamClient
    /// Veil's own provider key (`VEIL_UPSTREAM_API_KEY`); replaces the client's `Authorization`.
    let upstreamAPIKey: String?

    var route: String { endpoint.rawValue }
    var errorShape: ErrorShape { .openAI }
    var keepsConversations: Bool { endpoint == .responses }

    func anonymize(_ body: JSONValue, anonymizer: Anonymizer, map: inout PlaceholderMap, scope: DetectionScope) async throws -> AnonymizedRequest {
        try await walker.anonymizeRequestReport(body, kind: endpoint, anonymizer: anonymizer, map: &map, scope: scope)
    }

    func addingPreamble(_ text: String, to body: JSONValue) -> JSONValue {
        SystemPreamble(text: text).insert(into: body, endpoint: endpoint)
    }

    /// `response_format` `json_object` / `json_schema`.
    func asksForJSONText(_ body: JSONValue) -> Bool {
        let format = body["response_format"]?["type"]?.stringValue
        return format == "json_object" || format == "json_schema"
    }

    func upstreamRequest(for request: HTTPRequest, body: [UInt8]) -> UpstreamRequest {
        UpstreamRequest(method: "POST", path: endpoint.rawValue,
                        headers: HeaderPolicy.upstreamHeaders(from: request.fields, upstreamAPIKey: upstreamAPIKey),
                        body: body)
    }

    func clientHeaders(from upstream: [(String, String)]) -> HTTPFields {
        HeaderPolicy.clientHeaders(from: upstream)
    }

    func restorer(map: PlaceholderMap, textIsJSON: Bool) -> OpenAIResponseRestorer {
        OpenAIResponseRestorer(endpoint: endpoint, map: map, contentIsJSON: textIsJSON)
    }
}

/// Puts the request's real values back into an OpenAI answer: whole JSON bodies through
/// `OpenAIResponseWalker`, event streams through `OpenAIEventRewriter`.
struct OpenAIResponseRestorer: ResponseRestoring {
    let endpoint: OpenAIEndpoint
    let map: PlaceholderMap
    /// Message content is JSON text (`response_format` JSON modes).
    var contentIsJSON = false

    func restoreSuccess(_ json: JSONValue) -> JSONValue {
        OpenAIResponseWalker(map: map, contentIsJSON: contentIsJSON).reidentifyResponse(json, kind: endpoint)
    }

    func rewriter() -> OpenAIEventRewriter {
        OpenAIEventRewriter(endpoint: endpoint, map: map, contentIsJSON: contentIsJSON)
    }
}
