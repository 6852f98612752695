/// A placeholder-looking token found in text: `[NAME_1]`, `NAME_1`, `[Name 1]`, `[[NAME_1]]`…
struct PlaceholderMatch: Hashable {
    /// First scalar of the label.
    var wordStart: Int
    /// One past the last digit of the index.
    var wordEnd: Int
    /// Upper-cased label.
    var label: String
    var index: Int
    /// `[` immediately before `wordStart` (0…2).
    var leadBrackets: Int
    /// `]` immediately at `wordEnd` (0…2; may be under-counted when it cannot matter).
    var trailBrackets: Int

    var isBracketed: Bool { leadBrackets > 0 && trailBrackets > 0 }
}

/// Outcome of trying the grammar at one position.
enum PlaceholderScan {
    case none
    /// The buffer ends before the grammar can decide (streaming only).
    case needMore
    case found(PlaceholderMatch)
}

/// The one grammar shared by re-identification (what an LLM may write back) and by the
/// collision scan of the input (what the user already wrote). Sharing it is what makes
/// `reidentify(anonymize(x)) == x` provable: any token the re-identifier could restore in
/// the redacted text is either one Veil inserted or one the collision scan saw and reserved.
///
/// Tolerated forms, for a word starting at a word boundary (previous scalar not `[A-Za-z0-9_]`):
/// - `LABEL_N` bare: label written exactly in upper case (lower-case `name_1` is too common in code);
/// - `[Label_N]`, `[LABEL N]`: any case, `_` or one space, inside at least one pair of brackets;
/// - `[[LABEL_N]]`: up to two bracket pairs are consumed when present on both sides.
/// Labels are `[A-Za-z][A-Za-z0-9_]*` up to ``Placeholder/maxLabelLength``; the index is
/// the digits after the last `_` of the word, at most ``Placeholder/maxIndexDigits`` digits.
enum PlaceholderGrammar {
    static let maxWordLength = Placeholder.maxLabelLength + 1 + Placeholder.maxIndexDigits

    @inline(__always) static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "A"..."Z", "a"..."z", "0"..."9", "_": true
        default: false
        }
    }

    @inline(__always) static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "A"..."Z", "a"..."z": true
        default: false
        }
    }

    @inline(__always) static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }

    /// True when a token may start at `i`: an ASCII letter not preceded by a word scalar.
    static func isCandidateStart(_ s: [Unicode.Scalar], _ i: Int, before: Unicode.Scalar?) -> Bool {
        guard isLetter(s[i]) else { return false }
        let previous = i > 0 ? s[i - 1] : before
        return previous.map { !isWordScalar($0) } ?? true
    }

    /// Tries the grammar at candidate start `i`.
    /// - Parameters:
    ///   - isFinal: the buffer ends the text (no `.needMore`).
    ///   - labels: upper-cased labels that can still matter (nil: any); lets a stream release
    ///     text early when no issued label can start here.
    static func match(in s: [Unicode.Scalar], at i: Int, isFinal: Bool, labels: Set<String>?) -> PlaceholderScan {
        let n = s.count
        var j = i
        while j < n, isWordScalar(s[j]) {
            j += 1
            if j - i > maxWordLength { return .none }
        }
        if j == n, !isFinal {
            return couldBecome(upper(s, i, j), labels: labels) ? .needMore : .none
        }
        var lead = 0
        while lead < 2, i - 1 - lead >= 0, s[i - 1 - lead] == "[" { lead += 1 }

        // `LABEL_N`: digits after the last `_` of the word.
        var labelEnd = -1
        var indexStart = -1
        var end = j
        var spaceForm = false
        if let u = (i..<j).last(where: { s[$0] == "_" }), u > i, u < j - 1,
           j - (u + 1) <= Placeholder.maxIndexDigits, (u + 1..<j).allSatisfy({ isDigit(s[$0]) }) {
            labelEnd = u
            indexStart = u + 1
        } else if j < n, s[j] == " ", lead > 0 {
            // `[LABEL N]`: only inside brackets.
            var k = j + 1
            while k < n, isDigit(s[k]) {
                k += 1
                if k - (j + 1) > Placeholder.maxIndexDigits { return .none }
            }
            if k == n, !isFinal {
                return (labels.map { $0.contains(upper(s, i, j)) } ?? true) ? .needMore : .none
            }
            guard k > j + 1, k == n || !isWordScalar(s[k]) else { return .none }
            labelEnd = j
            indexStart = j + 1
            end = k
            spaceForm = true
        } else {
            return .none
        }
        guard labelEnd - i <= Placeholder.maxLabelLength else { return .none }

        var trail = 0
        while trail < 2, end + trail < n, s[end + trail] == "]" {
            trail += 1
            if lead < 2 { break }  // one `]` decides: consumption is min(lead, trail)
        }
        if !isFinal, lead == 2, trail == 1, end + 1 == n { return .needMore }
        if spaceForm, trail == 0 { return .none }

        let bracketed = lead > 0 && trail > 0
        if !bracketed {
            // Bare form: exactly as Veil writes labels.
            guard (i..<labelEnd).allSatisfy({ !("a"..."z").contains(s[$0]) }) else { return .none }
        }
        var index = 0
        for k in indexStart..<end { index = index &* 10 &+ Int(s[k].value - 48) }
        guard index > 0 else { return .none }
        return .found(PlaceholderMatch(
            wordStart: i, wordEnd: end, label: upper(s, i, labelEnd), index: index,
            leadBrackets: lead, trailBrackets: trail
        ))
    }

    /// Every token the grammar recognises in a whole text (used by the collision scan).
    static func allMatches(in s: [Unicode.Scalar]) -> [PlaceholderMatch] {
        var found: [PlaceholderMatch] = []
        for i in s.indices where isCandidateStart(s, i, before: nil) {
            if case .found(let m) = match(in: s, at: i, isFinal: true, labels: nil) { found.append(m) }
        }
        return found
    }

    private static func upper(_ s: [Unicode.Scalar], _ from: Int, _ to: Int) -> String {
        var out = String.UnicodeScalarView()
        for k in from..<to {
            let c = s[k]
            out.append(("a"..."z").contains(c) ? Unicode.Scalar(c.value - 32) ?? c : c)
        }
        return String(out)
    }

    /// Could a word that starts with `prefix` still become `LABEL_N` or `LABEL` (space form)
    /// for one of `labels`?
    private static func couldBecome(_ prefix: String, labels: Set<String>?) -> Bool {
        guard let labels else { return true }
        for label in labels {
            let withSeparator = label + "_"
            if withSeparator.hasPrefix(prefix) { return true }
            if prefix.hasPrefix(withSeparator),
               prefix.unicodeScalars.dropFirst(withSeparator.unicodeScalars.count).allSatisfy(isDigit) {
                return true
            }
        }
        return false
    }
}
