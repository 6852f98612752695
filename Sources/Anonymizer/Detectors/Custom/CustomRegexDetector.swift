import Foundation

/// A detector configured by the operator: one label and one ICU regular expression
/// (`EMPLOYEE_ID` = `EMP-\d{6}`). Matching uses `NSRegularExpression` (ICU syntax, the
/// dialect most config authors know); UTF-16 match ranges are mapped back to scalar offsets.
/// Empty matches are ignored. Scores are configurable; matches are never `validated`,
/// since a pattern proves shape, not meaning.
public struct CustomRegexDetector: PatternDetector {
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// The label is not upper-case ASCII letters, digits and `_` (it must fit in `[LABEL_1]`).
        case invalidLabel(String)
        /// ICU rejected the pattern.
        case invalidPattern(label: String, pattern: String, reason: String)

        public var description: String {
            switch self {
            case .invalidLabel(let l): return "invalid entity label \(l)"
            case .invalidPattern(let l, let p, let why): return "invalid pattern for \(l): \(p) (\(why))"
            }
        }
    }

    public let name: String
    public let label: EntityLabel
    public let pattern: String
    public let score: Double
    private let regex: NSRegularExpression

    public var supportedLabels: Set<EntityLabel> { [label] }

    /// - Parameters:
    ///   - label: e.g. `EntityLabel("EMPLOYEE_ID")`.
    ///   - pattern: ICU regex, e.g. `EMP-\d{6}`.
    ///   - caseInsensitive: adds `.caseInsensitive`.
    ///   - score: reported on each span (default 1).
    public init(label: EntityLabel, pattern: String, caseInsensitive: Bool = false, score: Double = 1) throws(Error) {
        let raw = label.rawValue
        guard !raw.isEmpty, raw.unicodeScalars.allSatisfy({ $0.isASCIIUpper || $0.isASCIIDigit || $0.value == 0x5F }) else {
            throw .invalidLabel(raw)
        }
        do {
            regex = try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            throw .invalidPattern(label: raw, pattern: pattern, reason: "\(error)")
        }
        self.label = label
        self.pattern = pattern
        self.score = score
        self.name = "custom:" + raw
    }

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(label) else { return [] }
        let text = input.text
        let ns = text as NSString  // bridged once; NSRange offsets are UTF-16 code units
        let matches = regex.matches(in: text, options: [], range: NSRange(location: 0, length: ns.length))
        guard !matches.isEmpty else { return [] }
        // Matches come in ascending order: walk the scalars once, converting UTF-16 offsets.
        var out: [Span] = []
        var scalar = 0, utf16 = 0
        func scalarOffset(_ target: Int) -> Int {
            while utf16 < target, scalar < input.scalars.count {
                utf16 += input.scalars[scalar].utf16.count
                scalar += 1
            }
            return scalar
        }
        for m in matches where m.range.length > 0 && m.range.location != NSNotFound {
            let start = scalarOffset(m.range.location)
            let end = scalarOffset(m.range.location + m.range.length)
            out.append(Span(start: start, end: end, label: label, score: score, detector: name, validated: false))
        }
        return out
    }
}
