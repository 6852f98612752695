import Anonymizer
import Foundation

/// Words the training text uses often and practically never inside a value (`Training/lexicon.py`
/// derives them from the training split; `export.py` ships them as `common_words.txt`, named by
/// config.json `veil_common_words`). A model span with no digit whose every letter run is one of
/// them ("Sincerely", "the court", "contacted") is a stray tag and is dropped; a name that is also
/// a word ("Will") is kept as soon as another word of the span is not common ("Will Turner").
/// Same rule as `Training/lexicon.py::is_common`.
struct CommonWords: Sendable {
    let words: Set<String>

    init(_ words: Set<String>) {
        self.words = words
    }

    /// The model's list, or an empty one when its config names none (a Hugging Face checkpoint).
    init(folder: URL, config: JSONValue) throws {
        guard let name = config["veil_common_words"]?.stringValue else {
            self.init([])
            return
        }
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        self.init(Set(text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }))
    }

    /// True when `value` has no digit and every run of letters in it is a common word
    /// (lower-cased; letters as Python's `[^\W\d_]`).
    func covers(_ value: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !words.isEmpty else { return false }
        return LetterRuns.allIn(words, value, isLetter: { $0.isLetter || $0.properties.numericType == .numeric },
                                rejects: { $0.isDigit })
    }
}
