/// A Prometheus histogram: cumulative buckets (seconds), sum and count.
struct Histogram: Sendable {
    static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    let bounds: [Double]
    private(set) var counts: [Int]
    private(set) var sum = 0.0
    private(set) var count = 0

    init(bounds: [Double] = Histogram.latencyBuckets) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        for i in bounds.indices where value <= bounds[i] { counts[i] += 1 }
        sum += value
        count += 1
    }

    /// Exposition lines for `name` with `labels` (already formatted, e.g. `route="/v1/x"`).
    func lines(_ name: String, labels: String = "") -> [String] {
        let sep = labels.isEmpty ? "" : ","
        var out = zip(bounds, counts).map { "\(name)_bucket{\(labels)\(sep)le=\"\($0)\"} \($1)" }
        out.append("\(name)_bucket{\(labels)\(sep)le=\"+Inf\"} \(count)")
        let braces = labels.isEmpty ? "" : "{\(labels)}"
        out.append("\(name)_sum\(braces) \(sum)")
        out.append("\(name)_count\(braces) \(count)")
        return out
    }
}
