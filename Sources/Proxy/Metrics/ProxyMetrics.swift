import Anonymizer
import Synchronization

/// What `GET /metrics` reports, in the Prometheus text format (version 0.0.4). Counts, labels
/// and timings only — never values. One instance per process, shared by every request.
public final class ProxyMetrics: Sendable {
    struct State {
        var requests: [RouteStatus: Int] = [:]
        var requestSeconds: [String: Histogram] = [:]
        var anonymizerSeconds = Histogram()
        var upstreamSeconds = Histogram()
        var entities: [EntityLabel: Int] = [:]
        var refused: [String: Int] = [:]
        var vault: [VaultOperation: Int] = [:]
        var vaultSeconds: [String: Histogram] = [:]
    }

    /// A conversation-vault call (`load` / `save`) and how it ended (`ok`, or an error code).
    struct VaultOperation: Hashable {
        var operation: String
        var result: String
    }

    struct RouteStatus: Hashable {
        var route: String
        var status: Int
    }

    /// A value read at scrape time (open connections, the model queue, …), registered once the
    /// thing it reads exists.
    public struct ScrapedMetric: Sendable {
        var name: String
        var help: String
        /// The Prometheus type: `gauge` or `counter`.
        var type: String
        var read: @Sendable () -> Double

        public static func gauge(_ name: String, help: String, read: @escaping @Sendable () -> Int) -> ScrapedMetric {
            ScrapedMetric(name: name, help: help, type: "gauge", read: { Double(read()) })
        }

        public static func counter(_ name: String, help: String, read: @escaping @Sendable () -> Double) -> ScrapedMetric {
            ScrapedMetric(name: name, help: help, type: "counter", read: read)
        }
    }

    private let state = Mutex(State())
    private let scraped = Mutex<[ScrapedMetric]>([])

    public init() {}

    public func register(_ metric: ScrapedMetric) {
        scraped.withLock { $0.append(metric) }
    }

    func recordRequest(route: String, status: Int, seconds: Double) {
        state.withLock {
            $0.requests[RouteStatus(route: route, status: status), default: 0] += 1
            $0.requestSeconds[route, default: Histogram()].observe(seconds)
        }
    }

    func recordAnonymization(seconds: Double, labels: [EntityLabel: Int]) {
        state.withLock {
            $0.anonymizerSeconds.observe(seconds)
            for (label, n) in labels { $0.entities[label, default: 0] += n }
        }
    }

    func recordUpstream(seconds: Double) {
        state.withLock { $0.upstreamSeconds.observe(seconds) }
    }

    func recordRefusal(code: String) {
        state.withLock { $0.refused[code, default: 0] += 1 }
    }

    func recordVault(_ operation: String, result: String, seconds: Double) {
        state.withLock {
            $0.vault[VaultOperation(operation: operation, result: result), default: 0] += 1
            $0.vaultSeconds[operation, default: Histogram()].observe(seconds)
        }
    }

    /// The exposition text.
    public func render() -> String {
        let s = state.withLock { $0 }
        var out: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            out.append("# HELP \(name) \(help)")
            out.append("# TYPE \(name) \(type)")
        }
        family("veil_requests_total", "counter", "Requests answered, by route and status.")
        for (key, n) in s.requests.sorted(by: { ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status) }) {
            out.append("veil_requests_total{route=\"\(key.route)\",status=\"\(key.status)\"} \(n)")
        }
        family("veil_request_duration_seconds", "histogram", "Time from request to response head, by route.")
        for (route, h) in s.requestSeconds.sorted(by: { $0.key < $1.key }) {
            out += h.lines("veil_request_duration_seconds", labels: "route=\"\(route)\"")
        }
        family("veil_anonymizer_duration_seconds", "histogram", "Time to anonymize one request body (all detectors).")
        out += s.anonymizerSeconds.lines("veil_anonymizer_duration_seconds")
        family("veil_upstream_duration_seconds", "histogram", "Time from sending upstream to the upstream's response head.")
        out += s.upstreamSeconds.lines("veil_upstream_duration_seconds")
        family("veil_entities_redacted_total", "counter", "Values replaced, by label.")
        for (label, n) in s.entities.sorted(by: { $0.key < $1.key }) {
            out.append("veil_entities_redacted_total{label=\"\(label.rawValue)\"} \(n)")
        }
        family("veil_requests_refused_total", "counter", "Requests answered with an error before or instead of forwarding, by error code.")
        for (code, n) in s.refused.sorted(by: { $0.key < $1.key }) {
            out.append("veil_requests_refused_total{code=\"\(code)\"} \(n)")
        }
        if !s.vault.isEmpty {
            family("veil_vault_operations_total", "counter", "Conversation-vault loads and saves, by result (ok or the error code).")
            for (key, n) in s.vault.sorted(by: { ($0.key.operation, $0.key.result) < ($1.key.operation, $1.key.result) }) {
                out.append("veil_vault_operations_total{operation=\"\(key.operation)\",result=\"\(key.result)\"} \(n)")
            }
            family("veil_vault_duration_seconds", "histogram", "Time of one conversation-vault load or save (seal/open included).")
            for (operation, h) in s.vaultSeconds.sorted(by: { $0.key < $1.key }) {
                out += h.lines("veil_vault_duration_seconds", labels: "operation=\"\(operation)\"")
            }
        }
        for metric in scraped.withLock({ $0 }) {
            family(metric.name, metric.type, metric.help)
            let value = metric.read()
            out.append("\(metric.name) \(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
