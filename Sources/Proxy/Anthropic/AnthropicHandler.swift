import Anonymizer
import HTTP1
import HTTPServer
import Logging
import Upstream

/// The Anthropic Messages API routes: the same anonymize → forward → restore flow as
/// ``ProxyHandler``, with Anthropic's request shape, stream events, headers and error bodies,
/// against its own upstream (`anthropic_upstream`).
///
/// Fail-closed rule, as for the OpenAI routes: the upstream request is built only from the
/// walker's output; any error before that point returns an error and sends nothing.
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
        var logger = proxy.logger
        logger[metadataKey: "request.id"] = .string(request.id)
        logger[metadataKey: "route"] = .string(route.rawValue)
        let started = ContinuousClock.now
        do throws(ProxyError) {
            try proxy.authorize(request)
            if proxy.authenticator.isEnabled, apiKey == nil { throw .anthropicKeyMissing }
            let prepared = try await prepare(request)
            proxy.metrics.recordAnonymization(seconds: started.duration(to: .now).seconds, labels: prepared.labelCounts)
            logger.debug("request anonymized", metadata: [
                "anonymizer.entities": "\(prepared.entityCount)",
                "anonymizer.ms": "\(started.duration(to: .now).milliseconds)",
            ])
            let upstreamRequest = UpstreamRequest(
                method: "POST",
                path: route.rawValue + Self.forwardedQuery(request.head.query),
                headers: HeaderPolicy.anthropicUpstreamHeaders(
                    from: request.fields, apiKey: apiKey, dropClientCredentials: proxy.authenticator.isEnabled),
                body: prepared.body
            )
            let sent = ContinuousClock.now
            let response: UpstreamResponse
            do {
                response = try await upstream.execute(upstreamRequest, logger: logger)
            } catch {
                throw ProxyError.from(error, target: upstream.configuration.target)
            }
            proxy.metrics.recordUpstream(seconds: sent.duration(to: .now).seconds)
            var fields = HeaderPolicy.anthropicClientHeaders(from: response.headers)
            proxy.addRedactionHeaders(to: &fields, prepared)
            let restorer = AnthropicResponseRestorer(map: prepared.map, textIsJSON: prepared.wantsJSONContent)
            if response.isEventStream, (200..<300).contains(response.status) {
                fields.set(name: "Content-Type", value: "text/event-stream")
                fields.set(name: "Cache-Control", value: "no-cache")
                let body = response.body
                let logger = logger
                return HTTPResponse(status: HTTPStatus(code: response.status), fields: fields, body: .stream { writer in
                    try await restorer.stream(body, to: writer, logger: logger)
                })
            }
            let bytes: [UInt8]
            do {
                bytes = try await response.body.collect(upTo: proxy.configuration.maxUpstreamBodyBytes)
            } catch {
                throw ProxyError.from(error, target: upstream.configuration.target)
            }
            let restored: [UInt8]
            do throws(ProxyError) {
                restored = try restorer.restore(bytes, status: response.status)
            } catch {
                throw error.keepingUpstreamFields(fields)
            }
            return HTTPResponse(status: HTTPStatus(code: response.status), fields: fields, body: .bytes(restored))
        } catch {
            logger.info("request refused", metadata: ["http.status": "\(error.status.code)", "error.code": "\(error.code)"])
            proxy.metrics.recordRefusal(code: error.code)
            return error.anthropicResponse
        }
    }

    /// Only `beta=true` (how older SDKs mark `client.beta.messages` calls) crosses: a query string is
    /// not anonymized, so nothing else from it may reach the provider.
    static func forwardedQuery(_ query: String?) -> String {
        guard let query else { return "" }
        return query.split(separator: "&").contains("beta=true") ? "?beta=true" : ""
    }
}
