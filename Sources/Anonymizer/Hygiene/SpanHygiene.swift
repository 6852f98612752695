/// Rules every model span obeys whatever the model outputs, applied in one place
/// (`Anonymizer.redact`) so every API path gets them. Pattern spans pass unchanged.
///
/// For each model span (`Span.Origin.model`), in order:
/// 1. **Words.** Surrounding whitespace, punctuation, quotes and unmatched brackets are trimmed;
///    an end inside a compound token (``WordBoundaries``) moves to take the whole token when the
///    model's spans together cover at least half of it and it is not code-like, else to leave it
///    out.
/// 2. **Lines.** Only an ADDRESS crosses a line break; other spans are split at line breaks.
/// 3. **Authority.** Pattern spans are cut out: a model span never extends, absorbs or relabels
///    one. What is left of it is a *remainder*.
/// 4. **Structure.** The parts ``TextStructure`` blocks (code, JSON keys, SQL, config keys, log
///    headers, identifiers and numbers there) are cut out too; code-shaped config and log values
///    stay open to identifier-shaped labels (USERNAME, SECRET, ACCOUNT, national ids).
/// 5. **Pieces.** Each piece is trimmed again and its ends moved off compound tokens (never
///    extended now: that could re-enter what was cut out). It survives only as a value on its
///    own (``StandaloneValue``, stricter for remainders).
/// 6. **Owned labels.** A piece labelled EMAIL, PHONE, CREDIT_CARD, IBAN, IP_ADDRESS,
///    MAC_ADDRESS, URL, SECRET or NATIONAL_ID survives only where the pattern validator accepts
///    it (``OwnedLabels``), narrowed to the validator's match.
///
/// 7. **Joined values.** Cleaned model spans separated only by spaces or tabs become one span (one
///    value the model labelled in pieces), labelled as its longest piece.
/// 8. **Surnames.** A capitalised name that the model ended before another capitalised word takes
///    that word too (`Anna` of `Anna Kowalska`).
///
/// Pieces keep the span's label, score, detector and origin. Model spans may still overlap each
/// other; `SpanMerger` resolves that as before.
public enum SpanHygiene {
    /// `patterns` unchanged, followed by the cleaned `model` spans.
    public static func apply(model: [Span], patterns: [Span], input: DetectionInput) -> [Span] {
        guard !model.isEmpty else { return patterns }
        let s = input.scalars
        let words = WordBoundaries(s)
        let taken = RangeSet(patterns.map(\.range).filter { !$0.isEmpty })
        let structure = TextStructure(s)
        let valid = model.filter { $0.start >= 0 && $0.start < $0.end && $0.end <= s.count }
        let coverage = RangeSet(valid.map(\.range))
        var cleaned: [Span] = []
        for span in valid {
            let whole = words.trimmed(words.snapped(words.trimmed(span.range), coverage: coverage))
            let lines = span.label == .address ? [whole] : Self.lines(whole, s)
            for line in lines where !line.isEmpty {
                let outside = RangeSet(line).subtracting(taken)
                let remainder = outside.ranges.count != 1 || outside.ranges.first != line
                for part in outside.subtracting(structure.blocked(for: span.label)).ranges {
                    let piece = words.trimmed(words.snapped(words.trimmed(part), extending: false))
                    guard !piece.isEmpty, StandaloneValue.accepts(s[piece], label: span.label, remainder: remainder),
                          let accepted = OwnedLabels.accepted(piece, label: span.label, in: s), !accepted.isEmpty
                    else { continue }
                    var kept = span
                    kept.start = Self.handleStart(accepted, label: span.label, s)
                    kept.end = accepted.upperBound
                    cleaned.append(kept)
                }
            }
        }
        return patterns + Self.joinedAcrossSpaces(cleaned, s).map { Self.withSurname($0, s, taken: taken) }
    }

    /// A NAME that the model ended before a capitalised word (`[NAME_1] Kowalska`: it labelled only the
    /// given name) takes that word too: a surname left in clear names the person as well. Not across a
    /// pattern span, and not an ordinary capitalised word (``NameWords/notNames``).
    static func withSurname(_ span: Span, _ s: [Unicode.Scalar], taken: RangeSet<Int>) -> Span {
        guard span.label == .name, s.at(span.end)?.value == 0x20, let next = NameWords.word(s, at: span.end + 1),
              !NameWords.isNotName(s, next), RangeSet(next).intersection(taken).isEmpty, NameWords.word(s, at: span.start) != nil else { return span }
        var out = span
        out.end = next.upperBound
        return out
    }

    /// Model spans separated only by spaces or tabs are one value the model labelled in pieces
    /// ("Norberto" NAME + "Crossing" ADDRESS for a street): they become one span, labelled as its
    /// longest piece (then the better scored), so the value gets one placeholder and no gap of it
    /// stays in clear.
    static func joinedAcrossSpaces(_ spans: [Span], _ s: [Unicode.Scalar]) -> [Span] {
        var out: [Span] = []
        for span in spans.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            guard var last = out.last, last.end <= span.start,
                  s[last.end..<span.start].allSatisfy({ $0 == " " || $0 == "\t" }) else {
                out.append(span)
                continue
            }
            if (span.length, span.score) > (last.length, last.score) {
                last.label = span.label
                last.score = span.score
            }
            last.end = span.end
            out[out.count - 1] = last
        }
        return out
    }

    /// `spans` less `allowed` (allow-listed words): a name-like span (``ValueNormalization/caseAndWhitespaceInsensitive``)
    /// that covers some of them keeps only its pieces outside that are values on their own
    /// (`Winston Churchill's view` with `Winston Churchill` allowed keeps nothing). Other spans are
    /// compared whole by the policy (an allow-listed e-mail is kept only when it is the value).
    public static func outside(_ allowed: [Range<Int>], _ spans: [Span], input: DetectionInput) -> [Span] {
        guard !allowed.isEmpty else { return spans }
        let s = input.scalars
        let words = WordBoundaries(s)
        let cut = RangeSet(allowed)
        var out: [Span] = []
        for span in spans {
            guard span.label.normalization == .caseAndWhitespaceInsensitive, !RangeSet(span.range).intersection(cut).isEmpty else {
                out.append(span)
                continue
            }
            for part in RangeSet(span.range).subtracting(cut).ranges {
                let piece = words.trimmed(part)
                guard !piece.isEmpty, StandaloneValue.accepts(s[piece], label: span.label, remainder: true) else { continue }
                var kept = span
                kept.start = piece.lowerBound
                kept.end = piece.upperBound
                out.append(kept)
            }
        }
        return out
    }

    /// `spans` with the hygiene applied to its model spans.
    public static func apply(_ spans: [Span], input: DetectionInput) -> [Span] {
        let model = spans.filter { $0.origin == .model }
        guard !model.isEmpty else { return spans }
        return apply(model: model, patterns: spans.filter { $0.origin == .pattern }, input: input)
    }

    /// A USERNAME written as a handle (`@kapfenho`) keeps its `@`: the handle is the value, and
    /// `@[USERNAME_1]` would still say "a handle was here" for no gain. The `@` must start a word.
    static func handleStart(_ r: Range<Int>, label: EntityLabel, _ s: [Unicode.Scalar]) -> Int {
        let at = r.lowerBound - 1
        guard label == "USERNAME", at >= 0, s[at] == "@", at == 0 || !s[at - 1].isWordLike else { return r.lowerBound }
        return at
    }

    /// `r` split at line breaks (the breaks themselves left out).
    static func lines(_ r: Range<Int>, _ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = r.lowerBound
        for i in r where s[i].isLineBreak {
            if start < i { out.append(start..<i) }
            start = i + 1
        }
        if start < r.upperBound { out.append(start..<r.upperBound) }
        return out
    }
}
