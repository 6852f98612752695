/// How eagerly the model detector redacts: an operating point on its precision/recall curve.
///
/// Pattern detectors (validated formats) are not affected; the model keeps a span only when its
/// confidence reaches the threshold its card (`config.json` `veil_thresholds`) gives for the label at
/// this operating point. docs/ANONYMIZER.md "Sensitivity" has the measured curves.
public enum Sensitivity: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Fewest false positives: only spans the model is sure of.
    case strict
    /// The default: ordinary prompts pass untouched, personal data in context is caught.
    case balanced
    /// Catch more at the cost of masking more ordinary text.
    case highRecall = "high-recall"

    public var description: String { rawValue }

    /// Parses a setting or header value (`strict`, `balanced`, `high-recall`; case-insensitive, `_` as `-`).
    public init?(parsing text: some StringProtocol) {
        let key = String(text.lowercased().map { $0 == "_" ? "-" : $0 }.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard let value = Sensitivity(rawValue: key) else { return nil }
        self = value
    }
}
