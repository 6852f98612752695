import Anonymizer
import ArgumentParser
import HTTP1
import HTTPServer
import Logging
import Proxy
import Upstream

/// `veil serve`: the proxy. Each option falls back to its `VEIL_…` environment variable, then
/// to the default; flags win over the environment.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the anonymizing proxy.",
        discussion: """
        Example: veil serve --upstream https://api.openai.com
        then point an OpenAI client at http://127.0.0.1:8080/v1.
        """
    )

    @Option(help: "Address to listen on (env VEIL_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (env VEIL_PORT; default 8080).") var port: Int?
    @Option(help: "Provider base URL, e.g. https://api.openai.com (env VEIL_UPSTREAM).") var upstream: String?
    @Option(help: "Seconds to wait for the upstream's first byte and between stream bytes (env VEIL_UPSTREAM_TIMEOUT; default 120).")
    var upstreamTimeout: Double?
    @Option(help: "CA bundle for the upstream's TLS certificate (env VEIL_CA_BUNDLE).") var caBundle: String?
    @Option(help: "Comma-separated labels to detect (env VEIL_LABELS; default all).") var labels: String?
    @Option(help: "Comma-separated labels replaced irreversibly, never restored (env VEIL_MASK_LABELS).") var mask: String?
    @Option(help: "Comma-separated values never redacted (env VEIL_ALLOW).") var allow: String?
    @Option(help: "Comma-separated extra paths forwarded WITHOUT anonymization (env VEIL_PASSTHROUGH).") var passthrough: String?
    @Option(help: "'default' or a text telling the provider's model to keep placeholders (env VEIL_SYSTEM_PREAMBLE).")
    var systemPreamble: String?
    @Option(help: "Request body limit in bytes, also after gzip inflation (env VEIL_MAX_BODY; default 10485760).") var maxBody: Int?
    @Option(help: "trace, debug, info, notice, warning, error or critical (env VEIL_LOG_LEVEL; default info).") var logLevel: String?
    @Option(help: "text or json (one object per line) (env VEIL_LOG_FORMAT; default text).") var logFormat: String?
    @Option(help: "Comma-separated message roles to anonymize, e.g. user,tool (env VEIL_ANONYMIZE_ROLES; default all — everything the provider sees).")
    var anonymizeRoles: String?
    @Flag(help: "Add X-Veil-Redactions-By-Label (counts only) to responses.") var debugHeaders = false
    @OptionGroup var detectorOptions: DetectorOptions

    func run() async throws {
        let env = Environment()
        let level = try LogLevelOption.parse(logLevel ?? env["VEIL_LOG_LEVEL"] ?? "info")
        switch (logFormat ?? env["VEIL_LOG_FORMAT"] ?? "text").lowercased() {
        case "json":
            LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        case "text":
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case let other:
            throw ValidationError("Unknown log format '\(other)': use text or json.")
        }
        let logger = Logger(label: "veil")

        guard let upstreamURL = upstream ?? env["VEIL_UPSTREAM"] else {
            throw ValidationError("No upstream: pass --upstream URL or set VEIL_UPSTREAM (e.g. https://api.openai.com).")
        }
        let timeout = try upstreamTimeout ?? env.double("VEIL_UPSTREAM_TIMEOUT") ?? 120
        let proxyConfiguration = ProxyConfiguration(
            upstreamBaseURL: upstreamURL,
            upstreamTimeouts: .init(firstByte: timeout, idle: timeout),
            caBundlePath: caBundle ?? env["VEIL_CA_BUNDLE"],
            upstreamAPIKey: env["VEIL_UPSTREAM_API_KEY"],
            apiKeys: env.list("VEIL_API_KEYS"),
            passthroughPaths: Set(Environment.split(passthrough) ?? env.list("VEIL_PASSTHROUGH")),
            labels: (Environment.split(labels) ?? env.optionalList("VEIL_LABELS")).map { Set($0.map { EntityLabel($0.uppercased()) }) },
            policy: policy(env),
            systemPreamble: preamble(env),
            debugHeaders: debugHeaders
        )
        if !proxyConfiguration.apiKeys.isEmpty, proxyConfiguration.upstreamAPIKey == nil {
            throw ValidationError("VEIL_API_KEYS is set but VEIL_UPSTREAM_API_KEY is not: with client keys, Veil must hold the provider key.")
        }

        let upstreamClient: UpstreamClient
        do {
            upstreamClient = try UpstreamClient(configuration: UpstreamConfiguration(
                baseURL: upstreamURL,
                firstByteTimeout: .milliseconds(Int(timeout * 1000)),
                idleTimeout: .milliseconds(Int(timeout * 1000)),
                caBundlePath: proxyConfiguration.caBundlePath
            ))
        } catch {
            throw ValidationError("Invalid upstream \(upstreamURL): \(error)")
        }
        let (detectors, mode) = try detectorOptions.detectors(logger: logger)
        let anonymizer = Anonymizer(detectors: detectors, policy: proxyConfiguration.policy)
        let roles = Environment.split(anonymizeRoles) ?? env.optionalList("VEIL_ANONYMIZE_ROLES")
        let metrics = ProxyMetrics()
        let handler = ProxyHandler(configuration: proxyConfiguration, upstream: upstreamClient, anonymizer: anonymizer,
                                   walkerOptions: WalkerOptions(roles: roles.map { Set($0.map { $0.lowercased() }) }),
                                   metrics: metrics, logger: logger)
        let router = ProxyRoutes.router(for: handler, passthroughPaths: proxyConfiguration.passthroughPaths)

        let serverConfiguration = HTTPServerConfiguration(
            host: host ?? env["VEIL_HOST"] ?? "127.0.0.1",
            port: try port ?? env.int("VEIL_PORT") ?? 8080,
            limits: HTTPLimits(maxBodyBytes: try maxBody ?? env.int("VEIL_MAX_BODY") ?? 10 * 1024 * 1024)
        )
        let server = HTTPServer(configuration: serverConfiguration, handler: router, logger: logger)
        metrics.register(.init(name: "veil_open_connections", help: "Client connections open now.") { server.openConnections })
        let signals = SignalHandler.shutdownOnTermination(of: server)
        defer { signals.cancel() }
        logger.info("veil starting", metadata: [
            "listen.host": "\(serverConfiguration.host)", "listen.port": "\(serverConfiguration.port)",
            "detectors": "\(anonymizer.detectors.count)", "detectors.mode": "\(mode)", "auth": "\(proxyConfiguration.apiKeys.isEmpty ? "off" : "on")",
        ])
        try await server.run()
        logger.info("veil stopped")
    }

    private func policy(_ env: Environment) -> RedactionPolicy {
        let masked = Environment.split(mask) ?? env.list("VEIL_MASK_LABELS")
        var actions: [EntityLabel: RedactionAction] = [:]
        for label in masked { actions[EntityLabel(label.uppercased())] = .mask }
        return RedactionPolicy(actions: actions, allowList: Set(Environment.split(allow) ?? env.list("VEIL_ALLOW")))
    }

    private func preamble(_ env: Environment) -> String? {
        guard let value = systemPreamble ?? env["VEIL_SYSTEM_PREAMBLE"], !value.isEmpty, value != "off" else { return nil }
        return value == "default" ? ProxyConfiguration.defaultPreamble : value
    }
}
