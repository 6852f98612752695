import Anonymizer
import HTTP1
import HTTPServer
import Logging
import Upstream

/// The proxy: authenticates, anonymizes the whole request body through one placeholder map,
/// forwards it through libcurl and re-identifies the answer (whole or streamed).
///
/// Fail-closed rule: the upstream request is built only from the walker's output; any error
/// before that point returns an error to the client and sends nothing.
public struct ProxyHandler: Sendable {
    let configuration: ProxyConfiguration
    let upstream: UpstreamClient
    let anonymizer: Anonymizer
    let walker: OpenAIRequestWalker
    let authenticator: APIKeyAuthenticator
    let logger: Logger
    let metrics: ProxyMetrics
    /// Responses API conversation state (`previous_response_id`); nil = every request stands alone.
    let conversations: ConversationStore?

    public init(
        configuration: ProxyConfiguration,
        upstream: UpstreamClient,
        anonymizer: Anonymizer,
        walkerOptions: WalkerOptions = WalkerOptions(),
        metrics: ProxyMetrics = ProxyMetrics(),
        conversations: ConversationStore? = nil,
        logger: Logger
    ) {
        self.conversations = conversations
        self.metrics = metrics
        self.configuration = configuration
        self.upstream = upstream
        self.anonymizer = anonymizer
        self.walker = OpenAIRequestWalker(options: walkerOptions)
        self.authenticator = APIKeyAuthenticator(keys: configuration.apiKeys)
        self.logger = logger
    }

    /// `POST /v1/chat/completions`, `/v1/completions`, `/v1/embeddings`, `/v1/responses`.
    public func forwardAnonymized(_ request: HTTPRequest, endpoint: OpenAIEndpoint) async -> HTTPResponse {
        await forward(request, through: openAI(endpoint))
    }

    func openAI(_ endpoint: OpenAIEndpoint) -> OpenAIAPI {
        OpenAIAPI(endpoint: endpoint, walker: walker, upstream: upstream, upstreamAPIKey: configuration.upstreamAPIKey)
    }

    /// `GET /v1/models`, `GET /v1/models/{id}` and configured pass-through paths: forwarded
    /// as they are (no prompt text in them), the answer relayed unchanged. `route` (the route's
    /// template) is what the upstream log line shows instead of the path.
    ///
    /// Path parameters are forwarded as sent, so each must stay one segment of the route it
    /// matched: one that decodes to `.`/`..`, or holds an encoded `/`, `\`, `%` or anything
    /// outside RFC 3986's `pchar` set, could reach another upstream path with the provider's key
    /// attached (`/v1/models/..%2Ffiles`) and is refused with 400 before anything is sent
    /// (issue #15, item 12).
    public func forwardUnmodified(_ request: HTTPRequest, route: String? = nil) async -> HTTPResponse {
        var logger = self.logger
        logger[metadataKey: "request.id"] = .string(request.id)
        do throws(ProxyError) {
            try authorize(request)
            guard request.pathParameters.values.allSatisfy(Self.isSafePathParameter) else {
                metrics.recordRefusal(code: ProxyError.invalidPath.code)
                throw ProxyError.invalidPath
            }
            var upstreamRequest = UpstreamRequest(
                method: request.method.rawValue,
                path: request.head.originForm,  // an absolute-form target never picks the host: the base URL is fixed
                headers: HeaderPolicy.upstreamHeaders(from: request.fields, upstreamAPIKey: configuration.upstreamAPIKey),
                body: request.body
            )
            upstreamRequest.logPath = route ?? "(unmatched)"
            let response = try await send(upstreamRequest, via: upstream, logger: logger)
            let fields = HeaderPolicy.clientHeaders(from: response.headers)
            let body = response.body
            if request.method != .head, let bytes = body.takeIfComplete() {
                // Already complete (the usual small answer): one write with a Content-Length instead of a
                // streamed, chunked body (a task group and three writes on the connection). Same bytes.
                return HTTPResponse(status: HTTPStatus(code: response.status), fields: fields, body: .bytes(bytes))
            }
            return HTTPResponse(status: HTTPStatus(code: response.status), fields: fields, body: .stream { writer in
                for try await chunk in body { try await writer.write(chunk) }
            })
        } catch {
            return error.response
        }
    }

    func authorize(_ request: HTTPRequest) throws(ProxyError) {
        try authorize(request.fields)
    }

    /// The head alone decides (`ProxyRoutes.headPolicy` runs this before the body is read).
    func authorize(_ fields: HTTPFields) throws(ProxyError) {
        // `Authorization: Bearer` (OpenAI SDKs) or `x-api-key` (Anthropic SDKs), on every route.
        guard authenticator.authorize(authorizationHeader: fields["Authorization"])
            || authenticator.authorize(apiKeyHeader: fields["x-api-key"]) else {
            throw .unauthorized
        }
    }

    /// A path parameter as sent (still percent-encoded) that stays one segment whatever the
    /// upstream decodes or normalises: its decoded bytes are RFC 3986 `pchar`s other than `%`
    /// (no `/`, `\`, `?`, `#`, controls or non-ASCII), and it is not a dot segment, even before
    /// a `;` parameter (`..;`).
    static func isSafePathParameter(_ raw: String) -> Bool {
        var decoded: [UInt8] = []
        var bytes = raw.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                decoded.append(byte)
                continue
            }
            guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else { return false }
            decoded.append(high << 4 | low)
        }
        guard decoded.allSatisfy(isPathCharacter) else { return false }
        let segment = decoded.prefix { $0 != UInt8(ascii: ";") }
        let isDotSegment = segment.count <= 2 && segment.allSatisfy { $0 == UInt8(ascii: ".") }  // "", ".", ".."
        return !isDotSegment
    }

    /// RFC 3986 `pchar` less `%`: unreserved, sub-delims, `:` and `@`.
    static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~!$&'()*+,;=:@".utf8.contains(byte)
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    func send(_ request: UpstreamRequest, via upstream: UpstreamClient, logger: Logger) async throws(ProxyError) -> UpstreamResponse {
        do {
            return try await upstream.execute(request, logger: logger)
        } catch {
            throw ProxyError.from(error, target: upstream.configuration.target)
        }
    }

    func addRedactionHeaders(to fields: inout HTTPFields, _ prepared: PreparedRequest) {
        fields.set(name: "X-Veil-Redactions", value: String(prepared.entityCount))
        if configuration.debugHeaders {
            let counts = prepared.labelCounts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }
            fields.set(name: "X-Veil-Redactions-By-Label", value: counts.joined(separator: ", "))
        }
    }
}

extension UpstreamResponse {
    var isEventStream: Bool {
        headerValues("Content-Type").contains { $0.lowercased().hasPrefix("text/event-stream") }
    }
}
