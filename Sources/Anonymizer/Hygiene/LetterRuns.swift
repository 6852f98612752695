/// The runs of letters in a value, as the word filters judge them: the model's common-word list
/// (`CommonWords` in Proxy) and the hygiene's stop words (``StandaloneValue``).
public enum LetterRuns {
    /// True when `value` holds at least one run of `isLetter` scalars and every run, lower-cased,
    /// is in `words`. A scalar for which `rejects` holds answers false at once (a digit makes a value
    /// of any word list).
    public static func allIn(_ words: Set<String>, _ value: ArraySlice<Unicode.Scalar>,
                             isLetter: (Unicode.Scalar) -> Bool,
                             rejects: (Unicode.Scalar) -> Bool = { _ in false }) -> Bool {
        var run = String.UnicodeScalarView()
        var runs = 0
        func endRun() -> Bool {
            defer { run = String.UnicodeScalarView() }
            guard !run.isEmpty else { return true }
            runs += 1
            return words.contains(String(run).lowercased())
        }
        for scalar in value {
            if rejects(scalar) { return false }
            if isLetter(scalar) {
                run.append(scalar)
            } else if !endRun() {
                return false
            }
        }
        return endRun() && runs > 0
    }
}
