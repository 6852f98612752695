import Anonymizer

/// Token tags (`O`, `B-NAME`, `I-NAME`, …) → character spans. Mirrors
/// `Training/tagging.py::decode_spans`: token ranges are trimmed of the whitespace Metaspace
/// attaches, and decoding is lenient (an `I-` after `O` or after another label opens a span),
/// because for redaction recall matters more than strict BIO validity.
enum BIOSpanDecoder {
    struct Token {
        /// Unicode-scalar range in the text.
        var range: Range<Int>
        /// Index into the model's label list (0 = `O`).
        var tag: Int
    }

    static func spans(_ tokens: [Token], tagNames: [String], scalars: [Unicode.Scalar]) -> [(range: Range<Int>, label: String)] {
        var out: [(range: Range<Int>, label: String)] = []
        var current: (start: Int, end: Int, label: String)?
        for token in tokens {
            let core = trimmed(token.range, scalars)
            guard !core.isEmpty else { continue }
            let name = token.tag < tagNames.count ? tagNames[token.tag] : "O"
            guard name != "O", let dash = name.firstIndex(of: "-") else {
                if let c = current { out.append((c.start..<c.end, c.label)) }
                current = nil
                continue
            }
            let kind = name[..<dash]
            let label = String(name[name.index(after: dash)...])
            if var c = current, c.label == label, kind == "I" || core.lowerBound <= c.end {
                c.end = max(c.end, core.upperBound)
                current = c
            } else {
                if let c = current { out.append((c.start..<c.end, c.label)) }
                current = (core.lowerBound, core.upperBound, label)
            }
        }
        if let c = current { out.append((c.start..<c.end, c.label)) }
        return out
    }

    /// Sorted, with spans of one label that overlap or touch merged (several windows see the
    /// same tokens).
    static func mergeSameLabel(_ spans: [(range: Range<Int>, label: String)]) -> [(range: Range<Int>, label: String)] {
        let sorted = spans.sorted {
            ($0.range.lowerBound, $0.range.upperBound, $0.label) < ($1.range.lowerBound, $1.range.upperBound, $1.label)
        }
        var out: [(range: Range<Int>, label: String)] = []
        for span in sorted {
            if let last = out.last, last.label == span.label, span.range.lowerBound <= last.range.upperBound {
                out[out.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, span.range.upperBound)
            } else {
                out.append(span)
            }
        }
        return out
    }

    static func trimmed(_ range: Range<Int>, _ scalars: [Unicode.Scalar]) -> Range<Int> {
        var lower = max(0, range.lowerBound)
        var upper = min(scalars.count, range.upperBound)
        while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
        while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
        return lower..<upper
    }
}
