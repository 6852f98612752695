import Anonymizer
import HTTP1
import HTTPServer
import Upstream

/// One API's part of the anonymize → forward → restore flow (`ProxyHandler.forward(_:through:)`):
/// its request walker, where requests go, its response restorer and stream rewriter, and its
/// error shape. The flow itself — authorization, labels, fail-closed anonymization, the
/// upstream call, restoring, conversation state, logs and metrics — is the same for every API.
/// `OpenAIAPI` and `AnthropicAPI` supply only what differs.
protocol AnonymizedAPI: Sendable {
    associatedtype Restorer: ResponseRestoring

    /// The route, for logs (`route`).
    var route: String { get }
    /// Where requests go.
    var upstream: UpstreamClient { get }
    /// How errors look to this API's clients.
    var errorShape: ErrorShape { get }
    /// The provider keeps the conversation, so the map is loaded from and saved to the vault
    /// (the Responses API's `previous_response_id`).
    var keepsConversations: Bool { get }

    /// A refusal decided before the body is read, after authorization (nothing by default).
    func admit(_ request: HTTPRequest) throws(ProxyError)
    /// Every text of `body` through `anonymizer`, numbered in `map` (the request walker).
    func anonymize(_ body: JSONValue, anonymizer: Anonymizer, map: inout PlaceholderMap, scope: DetectionScope) async throws -> AnonymizedRequest
    /// `body` with Veil's system preamble added where this API keeps instructions.
    func addingPreamble(_ text: String, to body: JSONValue) -> JSONValue
    /// The client asked for JSON output, so restored values must be JSON-escaped in text.
    func asksForJSONText(_ body: JSONValue) -> Bool
    /// The upstream request carrying the redacted `body`.
    func upstreamRequest(for request: HTTPRequest, body: [UInt8]) -> UpstreamRequest
    /// The upstream's response headers the client gets.
    func clientHeaders(from upstream: [(String, String)]) -> HTTPFields
    /// Restores `map`'s values into this API's answers.
    func restorer(map: PlaceholderMap, textIsJSON: Bool) -> Restorer
}

extension AnonymizedAPI {
    var keepsConversations: Bool { false }
    func admit(_ request: HTTPRequest) throws(ProxyError) {}
}

/// Puts a request's real values back into the upstream's answer: a complete body through the
/// API's response walker, an event stream event by event through its rewriter.
protocol ResponseRestoring: Sendable {
    associatedtype Rewriter: EventStreamRewriting
    var map: PlaceholderMap { get }
    /// A success body, walked by the API's shape.
    func restoreSuccess(_ json: JSONValue) -> JSONValue
    /// A rewriter for one event stream.
    func rewriter() -> Rewriter
}

/// A complete upstream answer, parsed once, and the bytes the client gets.
struct RestoredBody {
    /// The upstream's answer as sent (placeholders in it), for the flow's own reads (the
    /// Responses id a conversation is saved under).
    var upstream: JSONValue
    var bytes: [UInt8]
}

extension ResponseRestoring {
    /// A complete body. Success bodies are walked by shape; error bodies get every string
    /// restored, since providers echo input in error messages.
    ///
    /// A body that is not JSON (a truncated answer, a load balancer's HTML page) is refused with
    /// `upstreamNotJSON`: both APIs answer JSON, and SDKs read the error's message, so the client
    /// gets an error in its API's shape instead of bytes it cannot parse (the page is not quoted:
    /// it may echo the request).
    func restoredBody(_ bytes: [UInt8], status: Int) throws(ProxyError) -> RestoredBody {
        guard let json = try? JSONParser.parse(bytes) else {
            throw .upstreamNotJSON(status: status, byteCount: bytes.count)
        }
        guard !map.isEmpty else { return RestoredBody(upstream: json, bytes: bytes) }
        let restored = (200..<300).contains(status) ? restoreSuccess(json) : Reidentifier(map: map).reidentifyingEveryString(json)
        return RestoredBody(upstream: json, bytes: restored.serializedBytes())
    }

    /// `restoredBody`'s bytes.
    func restore(_ bytes: [UInt8], status: Int) throws(ProxyError) -> [UInt8] {
        try restoredBody(bytes, status: status).bytes
    }
}
