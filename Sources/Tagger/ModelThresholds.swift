import Anonymizer

/// The model's operating points: for each `Sensitivity`, the confidence a span of a label needs
/// (`BIOSpanDecoder.Found.score`) to be kept. Chosen on dev data by `Training/calibrate.py` and
/// shipped in the model's `config.json`:
///
///     "veil_thresholds": {"balanced": {"*": 0.6, "NAME": 0.72}, "strict": {…}, "high-recall": {…}}
///
/// `"*"` is the threshold of labels not listed. A model without the key keeps every span (what
/// calibration itself runs with).
struct ModelThresholds: Sendable, Equatable {
    private var table: [Sensitivity: [String: Double]]

    static let none = ModelThresholds(table: [:])

    init(table: [Sensitivity: [String: Double]]) {
        self.table = table
    }

    /// Reads `veil_thresholds`; a malformed entry is a load error rather than a silently open gate.
    init(config: JSONValue) throws(ModelDetectorError) {
        guard let raw = config["veil_thresholds"], !raw.isNull else {
            self = .none
            return
        }
        guard case .object(let levels) = raw else { throw .badConfig("veil_thresholds must be an object") }
        var table: [Sensitivity: [String: Double]] = [:]
        for (name, labels) in levels {
            guard let level = Sensitivity(parsing: name) else {
                throw .badConfig("veil_thresholds: unknown sensitivity \(name)")
            }
            guard case .object(let entries) = labels else { throw .badConfig("veil_thresholds.\(name) must be an object") }
            for (label, value) in entries {
                guard case .number(let text) = value, let number = Double(text), (0...1).contains(number) else {
                    throw .badConfig("veil_thresholds.\(name).\(label) must be a number between 0 and 1")
                }
                table[level, default: [:]][label] = number
            }
        }
        self.table = table
    }

    /// The confidence a span of the model label `label` needs at `sensitivity`.
    func threshold(for label: String, at sensitivity: Sensitivity) -> Double {
        guard let level = table[sensitivity] else { return 0 }
        return level[label] ?? level["*"] ?? 0
    }
}
