/// Character spans from the replacements of a copy-constrained output.
///
/// A replacement covers whole source tokens; its span is the union of their offsets (Unicode scalars of the
/// text) without the whitespace at either end (a Metaspace token's offsets include the space before it).
/// A replacement of whitespace only is no value and gives no span.
public struct Seq2SeqAlignment: Sendable, Equatable {
    public struct Found: Sendable, Equatable {
        public var range: Range<Int>
        public var tag: Seq2SeqTag
    }

    public var spans: [Found]
    /// Tags that repeat an earlier number (`[NAME_1]` twice) for a different value. The spans stay
    /// (each value is redacted; Veil numbers values itself and never forwards the model's numbers),
    /// but the count tells a wrong or misaligned model apart.
    public var inconsistentRepeats: Int

    /// - Parameters:
    ///   - offsets: the source tokens' scalar offsets in `scalars`.
    public init(replacements: [CopyConstraint.Replacement], offsets: [Range<Int>], scalars: [Unicode.Scalar]) throws(Seq2SeqAnonymizerError) {
        var spans: [Found] = []
        var values: [Seq2SeqTag: String] = [:]
        var inconsistent = 0
        for replacement in replacements {
            guard !replacement.tokens.isEmpty, replacement.tokens.upperBound <= offsets.count else {
                throw .alignmentFailed("a tag replaces tokens outside the window")
            }
            var lower = offsets[replacement.tokens.lowerBound].lowerBound
            var upper = offsets[replacement.tokens.upperBound - 1].upperBound
            guard lower <= upper, upper <= scalars.count else { throw .alignmentFailed("token offsets out of order") }
            while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
            while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
            guard lower < upper else { continue }
            let value = Self.normalized(scalars[lower..<upper])
            if let earlier = values[replacement.tag] {
                if earlier != value { inconsistent += 1 }
            } else {
                values[replacement.tag] = value
            }
            spans.append(Found(range: lower..<upper, tag: replacement.tag))
        }
        self.spans = spans
        inconsistentRepeats = inconsistent
    }

    /// Case- and whitespace-insensitive form of a value (the model may repeat "John Smith" as "john smith").
    static func normalized(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in scalars {
            if scalar.properties.isWhitespace { space = true; continue }
            if space, !out.isEmpty { out.append(" ") }
            space = false
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return String(out)
    }
}
