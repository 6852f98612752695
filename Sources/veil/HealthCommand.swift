import ArgumentParser
import Foundation
import Upstream

/// `veil health`: asks a running Veil for `GET /healthz` and exits 0 when it answers 200, 1
/// otherwise (refused, timed out, any other status).
///
/// It exists for container health checks (Docker `HEALTHCHECK`, compose
/// `depends_on: condition: service_healthy`), so the runtime image needs no curl. Without
/// `--url` it probes where `veil serve` listens under the same configuration (`VEIL_HOST`,
/// `VEIL_PORT`, `VEIL_CONFIG`), which a health check inherits from the container; a wildcard
/// listen address is probed on loopback.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that a running Veil answers GET /healthz (exit 0 healthy, 1 not).",
        discussion: """
        Example (a Docker HEALTHCHECK): veil health
        or, for another instance: veil health --url http://127.0.0.1:9090
        """
    )

    @Option(help: "Base URL of the Veil to check (default http://HOST:PORT from the configuration).") var url: String?
    @Option(help: "JSON configuration file read for host and port (env VEIL_CONFIG).") var config: String?
    @Option(help: "Seconds to wait for the answer.") var timeout: Double = 3

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
    }

    func run() async throws {
        var base = try url ?? Self.defaultURL(configFile: config)
        while base.hasSuffix("/") { base.removeLast() }
        // libcurl would send even a loopback probe through http_proxy / ALL_PROXY when a
        // container sets them for its egress (CURLOPT_PROXY(3), "Environment variables");
        // this process only ever talks to Veil, so it drops them before the client starts.
        for name in ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"] { unsetenv(name) }
        let limit = Duration.milliseconds(Int(timeout * 1000))
        let client: UpstreamClient
        do {
            client = try UpstreamClient(configuration: UpstreamConfiguration(
                baseURL: base, connectTimeout: limit, firstByteTimeout: limit, idleTimeout: limit, totalTimeout: limit))
        } catch {
            throw ValidationError("--url \(base) cannot be used: \(error)")
        }
        let status: Int
        do {
            status = try await client.execute(UpstreamRequest(method: "GET", path: "/healthz")).status
        } catch {
            throw CLIError.failure("unhealthy: \(base)/healthz: \(error)")
        }
        guard status == 200 else { throw CLIError.failure("unhealthy: \(base)/healthz answered \(status)") }
        print("healthy: \(base)/healthz answered 200")
    }

    /// `http://HOST:PORT` where `veil serve` listens with this configuration. The upstream is
    /// not required: a health check needs only the listen address.
    static func defaultURL(configFile: String?) throws -> String {
        let settings = try ServeCommand.settings(configFile: configFile, flags: [], requireUpstream: false)
        return "http://\(probeHost(settings.host)):\(settings.port)"
    }

    /// A wildcard listen address accepts loopback connections; an IPv6 literal needs brackets
    /// in a URL (RFC 3986 §3.2.2).
    static func probeHost(_ host: String) -> String {
        switch host {
        case "", "0.0.0.0": return "127.0.0.1"
        case "::", "[::]": return "[::1]"
        default: return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
    }
}
