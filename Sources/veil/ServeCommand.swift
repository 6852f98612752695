import Anonymizer
import ArgumentParser
import Foundation
import HTTP1
import HTTPServer
import Logging
import Proxy
import Upstream

/// `veil serve`: the proxy. Settings come from flags > `VEIL_*` variables > `--config` file >
/// defaults (`VeilSettings`); the keys stay environment-only on purpose, so secrets never
/// sit in a file: `VEIL_UPSTREAM_API_KEY`, `VEIL_ANTHROPIC_API_KEY` and `VEIL_API_KEYS`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the anonymizing proxy.",
        discussion: """
        Example: veil serve --upstream https://api.openai.com
        then point an OpenAI client at http://127.0.0.1:8080/v1.
        Every option can also be set by its VEIL_* variable or in a JSON file (--config, see
        Config/veil.json); flags win over the environment, which wins over the file.
        """
    )

    @Option(help: "JSON configuration file (env VEIL_CONFIG).") var config: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: String?
    @Option(help: "Provider base URL, e.g. https://api.openai.com.") var upstream: String?
    @Option(help: "Anthropic API base URL for /v1/messages (default https://api.anthropic.com).") var anthropicUpstream: String?
    @Option(help: "Seconds to the upstream's first byte and between stream bytes (default 120).") var upstreamTimeout: String?
    @Option(help: "CA bundle for the upstream's TLS certificate.") var caBundle: String?
    @Option(help: "Comma-separated labels to detect (default: every pattern label and the model's default labels).") var labels: String?
    @Option(help: "Comma-separated labels replaced irreversibly, never restored.") var mask: String?
    @Option(help: "Comma-separated values never redacted.") var allow: String?
    @Option(help: "Comma-separated extra paths forwarded WITHOUT anonymization.") var passthrough: String?
    @Option(help: "Comma-separated message roles to anonymize, e.g. user,tool (default all).") var anonymizeRoles: String?
    @Option(help: "'default' or a text telling the provider's model to keep placeholders.") var systemPreamble: String?
    @Option(help: "Request body limit in bytes, also after gzip inflation (default 10485760).") var maxBody: String?
    @Option(help: "Seconds a request's whole body may take after its head; then 408 (default 30).") var bodyTimeout: String?
    @Option(help: "Request body bytes held at once, all connections together; past it 503 (default 268435456).") var bodyMemoryLimit: String?
    @Option(help: "Client connections open at once; more are answered 503 (default 10000).") var maxConnections: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (default info).") var logLevel: String?
    @Option(help: "text or json (one object per line) (default text).") var logFormat: String?
    @Flag(help: "Add X-Veil-Redactions-By-Label (counts only) to responses.") var debugHeaders = false
    @Option(help: "true or false: GET /metrics needs a client key when VEIL_API_KEYS is set (default true).") var metricsAuth: String?
    @Option(help: "Conversation state for previous_response_id: memory, none or redis://HOST:PORT[/DB] (default memory; key via VEIL_VAULT_KEY).") var vault: String?
    @Option(help: "Seconds a conversation's placeholder map is kept (default 86400).") var vaultTtlSeconds: String?
    @OptionGroup var detectorOptions: DetectorOptions

    /// Flags as (setting key, value), for the one precedence rule.
    var flagValues: [(String, String?)] {
        [("host", host), ("port", port), ("upstream", upstream), ("anthropic_upstream", anthropicUpstream), ("upstream_timeout", upstreamTimeout),
         ("ca_bundle", caBundle), ("labels", labels), ("mask_labels", mask), ("allow", allow),
         ("passthrough", passthrough), ("anonymize_roles", anonymizeRoles), ("system_preamble", systemPreamble),
         ("max_body", maxBody), ("body_timeout", bodyTimeout), ("body_memory_limit", bodyMemoryLimit), ("max_connections", maxConnections), ("log_level", logLevel), ("log_format", logFormat),
         ("debug_headers", debugHeaders ? "true" : nil), ("metrics_auth", metricsAuth), ("vault", vault), ("vault_ttl_seconds", vaultTtlSeconds)]
            + detectorOptions.flagValues
    }

    func run() async throws {
        let settings = try Self.settings(configFile: config, flags: flagValues)
        let logger = Self.bootstrapLogging(settings)
        let environment = ProcessInfo.processInfo.environment
        let upstreamURL = settings.upstream ?? ""
        let apiKeys = Environment.split(environment["VEIL_API_KEYS"]) ?? []
        let upstreamKey = environment["VEIL_UPSTREAM_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let anthropicKey = environment["VEIL_ANTHROPIC_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if !apiKeys.isEmpty, upstreamKey == nil {
            throw CLIError.config("VEIL_API_KEYS is set but VEIL_UPSTREAM_API_KEY is not: with client keys, Veil must hold the provider key.")
        }
        let proxyConfiguration = ProxyConfiguration(
            upstreamAPIKey: upstreamKey,
            apiKeys: apiKeys,
            passthroughPaths: Set(settings.passthrough),
            labels: settings.labels.map { Set($0.map { EntityLabel($0.uppercased()) }) },
            sensitivity: settings.sensitivity,
            policy: RedactionPolicy(
                actions: Dictionary(settings.maskLabels.map { (EntityLabel($0.uppercased()), RedactionAction.mask) }) { a, _ in a },
                allowList: Set(settings.allow)),
            systemPreamble: Self.preamble(settings.systemPreamble),
            debugHeaders: settings.debugHeaders,
            metricsRequireKey: settings.metricsAuth
        )

        let upstreamClient: UpstreamClient
        do {
            let timeout = Duration.milliseconds(Int(settings.upstreamTimeout * 1000))
            upstreamClient = try UpstreamClient(configuration: UpstreamConfiguration(
                baseURL: upstreamURL, firstByteTimeout: timeout, idleTimeout: timeout, caBundlePath: settings.caBundle))
        } catch {
            throw CLIError.config("setting 'upstream' (\(upstreamURL)) cannot be used: \(error)")
        }
        let (detectors, mode, model) = try DetectorOptions.detectors(settings: settings, logger: logger)
        let anonymizer = Anonymizer(detectors: detectors, policy: proxyConfiguration.policy)
        _ = try DetectorOptions.checkedLabels(settings.labels, known: anonymizer.supportedLabels)
        let metrics = ProxyMetrics()
        let conversations = try await Self.conversationStore(settings, logger: logger)
        let handler = ProxyHandler(configuration: proxyConfiguration, upstream: upstreamClient, anonymizer: anonymizer,
                                   walkerOptions: WalkerOptions(roles: settings.anonymizeRoles.map { Set($0.map { $0.lowercased() }) }),
                                   metrics: metrics, conversations: conversations, logger: logger)
        let router = ProxyRoutes.router(for: handler, passthroughPaths: proxyConfiguration.passthroughPaths)

        let serverConfiguration = HTTPServerConfiguration(
            host: settings.host, port: settings.port, limits: HTTPLimits(maxBodyBytes: settings.maxBody),
            maxConnections: settings.maxConnections,
            bodyTimeout: .milliseconds(Int(settings.bodyTimeout * 1000)),
            maxBufferedBodyBytes: settings.bodyMemoryLimit)
        let anthropic = try Self.anthropicHandler(settings, proxy: handler, apiKey: anthropicKey, clientKeys: !apiKeys.isEmpty, logger: logger)
        let server = HTTPServer(configuration: serverConfiguration, handler: ProxyRoutes.adding(anthropic, to: router), logger: logger)
        metrics.register(.gauge("veil_open_connections", help: "Client connections open now.") { server.openConnections })
        metrics.register(.gauge("veil_request_body_bytes", help: "Request body bytes held now, all connections together.") {
            server.bufferedBodyBytes
        })
        if let model { metrics.registerModel(model) }
        let signals = SignalHandler.shutdownOnTermination(of: server)
        defer { signals.cancel() }
        logger.info("veil starting", metadata: [
            "listen.host": "\(serverConfiguration.host)", "listen.port": "\(serverConfiguration.port)",
            "detectors": "\(anonymizer.detectors.count)", "detectors.mode": "\(mode)",
            "detectors.sensitivity": "\(settings.sensitivity)",
            "auth": "\(proxyConfiguration.apiKeys.isEmpty ? "off" : "on")",
            "auth.metrics": "\(proxyConfiguration.apiKeys.isEmpty || !proxyConfiguration.metricsRequireKey ? "open" : "key")",
            "vault.kind": "\(conversations?.vault.kind ?? "none")",
        ])
        try await server.run()
        logger.info("veil stopped")
    }

    /// File, then environment, then flags; validated. Errors name the key.
    static func settings(configFile: String?, flags: [(String, String?)], requireUpstream: Bool = true) throws -> VeilSettings {
        let environment = ProcessInfo.processInfo.environment
        do {
            var settings = try VeilSettings.resolve(file: configFile ?? environment["VEIL_CONFIG"], environment: environment)
            for case let (key, value?) in flags { try settings.apply(key, .text(value), from: .flag) }
            if requireUpstream || settings.upstream != nil {
                try settings.validate()
            }
            return settings
        } catch {
            throw CLIError.config(error.description)
        }
    }

    static func bootstrapLogging(_ settings: VeilSettings) -> Logger {
        let level = Logger.Level(rawValue: settings.logLevel.lowercased()) ?? .info
        if settings.logFormat.lowercased() == "json" {
            LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "veil")
    }

    static func preamble(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value != "off" else { return nil }
        return value == "default" ? ProxyConfiguration.defaultPreamble : value
    }
}
