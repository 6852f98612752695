import Anonymizer

/// Per-token tag scores → character spans, exactly as `Training/tagging.py::decode_segments`
/// (what the shipped model is evaluated with) and `decode_spans` (plain BIO, for reference):
///
/// - **segment-then-vote** (used): consecutive tokens whose argmax is not `O` form one span — a
///   newline between two tokens ends it — and the span takes the label with the largest summed
///   probability p(B-L) + p(I-L) over its tokens among the labels whose shape it has
///   (`ValueShape`). A tagger that knows well *where* a value is but flips label types token by
///   token still yields one value with one placeholder.
/// - both: token ranges are trimmed of the whitespace Metaspace attaches, and same-label spans
///   separated only by spaces or tabs are merged ("B-NAME B-NAME" for "John Smith").
enum BIOSpanDecoder {
    /// A decoded span: scalar range, model label and confidence — the mean over its tokens of the
    /// probability of its label (p(B-L) + p(I-L)), which `ModelThresholds` compares per label and
    /// sensitivity (`Training/tagging.py::decode_segments` computes the same).
    struct Found: Equatable {
        var range: Range<Int>
        var label: String
        var score: Double = 1

        init(_ range: Range<Int>, _ label: String, score: Double = 1) {
            self.range = range
            self.label = label
            self.score = score
        }
    }

    /// A span lacking its winner's shape (`ValueShape`) takes its best-voted label that fits only
    /// when that one holds at least this share of the winner's votes, and is dropped otherwise
    /// (`Training/tagging.py::SHAPE_VOTE_SHARE`).
    static let shapeVoteShare = 0.1

    /// A span whose winner a request does not want takes the best wanted label when that one has
    /// at least this share of the winner's votes (`Training/tagging.py::WANTED_VOTE_SHARE`): a model
    /// torn between NAME and USERNAME still hides "Emily" from a request for USERNAME only.
    static let wantedVoteShare = 0.5

    /// `probabilities[t]` is token t's softmax over the model's tags; `tagNames[0]` is `O`, then
    /// `B-L`, `I-L` for each label L. `wanted`: the labels the caller keeps when the prompt listed
    /// more (nil: every label).
    static func segments(ranges: [Range<Int>], probabilities: [ArraySlice<Float>], tagNames: [String], scalars: [Unicode.Scalar],
                         wanted: Set<String>? = nil) -> [Found] {
        let labelCount = (tagNames.count - 1) / 2
        let names = (0..<labelCount).map { String(tagNames[1 + 2 * $0].dropFirst(2)) }
        var spans: [Found] = []
        var current: (start: Int, end: Int)?
        var votes = [Double](repeating: 0, count: labelCount)
        var tokens = 0

        func close() {
            guard let c = current,
                  let chosen = Self.label(votes: votes, names: names, value: scalars[c.start..<c.end], wanted: wanted),
                  let k = names.firstIndex(of: chosen) else { return }
            // Summed float probabilities can exceed 1 by a rounding step: a threshold of 1 must mean "never".
            spans.append(Found(c.start..<c.end, chosen, score: min(1, votes[k] / Double(max(tokens, 1)))))
        }

        for (range, p) in zip(ranges, probabilities) {
            let core = trimmed(range, scalars)
            guard !core.isEmpty else { continue }
            if argmax(p) == 0 {
                close()
                current = nil
                continue
            }
            if let c = current, scalars[c.end..<max(c.end, core.lowerBound)].contains("\n") {
                close()
                current = nil
            }
            if let c = current {
                current = (c.start, max(c.end, core.upperBound))
            } else {
                current = (core.lowerBound, core.upperBound)
                votes = [Double](repeating: 0, count: labelCount)
                tokens = 0
            }
            tokens += 1
            let base = p.startIndex
            for k in 0..<labelCount { votes[k] += Double(p[base + 1 + 2 * k]) + Double(p[base + 2 + 2 * k]) }
        }
        close()
        return mergeAcrossBlanks(spans, scalars)
    }

    /// The label a span takes from its summed votes: the best-voted label whose shape it has
    /// (`ValueShape`; any label when none fits), nil when that label holds less than
    /// `shapeVoteShare` of the winner's votes (a stray word: "contacted" voted EMAIL); then a
    /// wanted runner-up with `wantedVoteShare` of the votes replaces an unwanted label.
    static func label(votes: [Double], names: [String], value: ArraySlice<Unicode.Scalar>, wanted: Set<String>?) -> String? {
        let shaped = names.indices.filter { ValueShape.fits(names[$0], value) }
        let candidates = shaped.isEmpty ? Array(names.indices) : shaped
        guard var best = candidates.first else { return nil }
        for k in candidates.dropFirst() where votes[k] > votes[best] { best = k }
        guard votes[best] >= shapeVoteShare * (votes.max() ?? 0) else { return nil }
        if let wanted, !wanted.contains(names[best]) {
            let kept = candidates.filter { wanted.contains(names[$0]) }
            if var runner = kept.first {
                for k in kept.dropFirst() where votes[k] > votes[runner] { runner = k }
                if votes[runner] >= wantedVoteShare * votes[best] { best = runner }
            }
        }
        return names[best]
    }

    struct Token {
        /// Unicode-scalar range in the text.
        var range: Range<Int>
        /// Index into the model's tags (0 = `O`).
        var tag: Int
    }

    /// Plain BIO decoding (lenient: an `I-` after `O` or after another label opens a span).
    static func spans(_ tokens: [Token], tagNames: [String], scalars: [Unicode.Scalar]) -> [Found] {
        var out: [Found] = []
        var current: (start: Int, end: Int, label: String)?
        for token in tokens {
            let core = trimmed(token.range, scalars)
            guard !core.isEmpty else { continue }
            let name = token.tag < tagNames.count ? tagNames[token.tag] : "O"
            guard name != "O", let dash = name.firstIndex(of: "-") else {
                if let c = current { out.append(Found(c.start..<c.end, c.label)) }
                current = nil
                continue
            }
            let kind = name[..<dash]
            let label = String(name[name.index(after: dash)...])
            if var c = current, c.label == label, kind == "I" || core.lowerBound <= c.end {
                c.end = max(c.end, core.upperBound)
                current = c
            } else {
                if let c = current { out.append(Found(c.start..<c.end, c.label)) }
                current = (core.lowerBound, core.upperBound, label)
            }
        }
        if let c = current { out.append(Found(c.start..<c.end, c.label)) }
        return mergeAcrossBlanks(out, scalars)
    }

    /// Same-label neighbours separated only by spaces or tabs become one span.
    static func mergeAcrossBlanks(_ spans: [Found], _ scalars: [Unicode.Scalar]) -> [Found] {
        var merged: [Found] = []
        for span in spans {
            if let last = merged.last, last.label == span.label, last.range.upperBound <= span.range.lowerBound,
               scalars[last.range.upperBound..<span.range.lowerBound].allSatisfy({ $0 == " " || $0 == "\t" }) {
                merged[merged.count - 1] = Found(last.range.lowerBound..<span.range.upperBound, last.label,
                                                 score: weightedScore(last, span))
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// Sorted, with spans of one label that overlap or touch merged (several windows see the
    /// same tokens; `evaluate.py::predict` does the same).
    static func mergeSameLabel(_ spans: [Found]) -> [Found] {
        let sorted = spans.sorted {
            ($0.range.lowerBound, $0.range.upperBound, $0.label) < ($1.range.lowerBound, $1.range.upperBound, $1.label)
        }
        var out: [Found] = []
        for span in sorted {
            if let last = out.last, last.label == span.label, span.range.lowerBound <= last.range.upperBound {
                // Overlapping windows see the same value twice: the better-placed one (higher score) speaks.
                out[out.count - 1] = Found(last.range.lowerBound..<max(last.range.upperBound, span.range.upperBound), last.label,
                                           score: max(last.score, span.score))
            } else if out.last.map({ $0 == span }) != true {
                out.append(span)
            }
        }
        return out
    }

    /// The score of two neighbours joined into one span, weighted by their lengths.
    static func weightedScore(_ a: Found, _ b: Found) -> Double {
        let la = Double(a.range.count), lb = Double(b.range.count)
        return (a.score * la + b.score * lb) / max(la + lb, 1)
    }

    static func trimmed(_ range: Range<Int>, _ scalars: [Unicode.Scalar]) -> Range<Int> {
        var lower = max(0, range.lowerBound)
        var upper = min(scalars.count, range.upperBound)
        while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
        while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
        return lower..<upper
    }

    static func argmax(_ row: ArraySlice<Float>) -> Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }
}
