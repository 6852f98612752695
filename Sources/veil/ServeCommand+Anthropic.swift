import ArgumentParser
import Logging
import Proxy
import Upstream

extension ServeCommand {
    /// The Anthropic Messages routes' handler, with its own upstream (`anthropic_upstream`).
    static func anthropicHandler(_ settings: VeilSettings, proxy: ProxyHandler, apiKey: String?, clientKeys: Bool,
                                 logger: Logger) throws -> AnthropicHandler {
        let upstream: UpstreamClient
        do {
            let timeout = Duration.milliseconds(Int(settings.upstreamTimeout * 1000))
            upstream = try UpstreamClient(configuration: UpstreamConfiguration(
                baseURL: settings.anthropicUpstream, firstByteTimeout: timeout, idleTimeout: timeout, caBundlePath: settings.caBundle))
        } catch {
            throw ValidationError("setting 'anthropic_upstream' (\(settings.anthropicUpstream)) cannot be used: \(error)")
        }
        if clientKeys, apiKey == nil {
            logger.warning("VEIL_API_KEYS is set but VEIL_ANTHROPIC_API_KEY is not: /v1/messages answers 503 until it is")
        }
        return AnthropicHandler(proxy: proxy, upstream: upstream, apiKey: apiKey)
    }
}
