extension Tokenizer {
    /// The Unigram model's pieces for `word` as it is — no normalizer, no pre-tokenizer, so no `▁` is
    /// prepended (Python: `tokenizer.model.tokenize(word)`). What a word looks like inside a longer
    /// word: the seq2seq anonymizer needs a tag such as `[NAME_1]` both after a space (`encode`, which
    /// starts with `▁[`) and glued to what precedes it (`email:[EMAIL_1]`).
    public func segment(_ word: String) -> [Int] {
        model.tokenize(Array(word.unicodeScalars)).map(\.id)
    }
}
