/// The `added_tokens` of a `tokenizer.json` (HF `tokenizer/added_vocabulary.rs`): tokens such as `<pad>`,
/// `</s>`, `<unk>` and `<extra_id_N>`. Those with `normalized: false` (all of T5's) are cut out of the raw
/// input BEFORE normalization; `normalized: true` ones are looked for, with their content normalized the
/// same way, in each normalized run.
struct AddedVocabulary: Sendable {
    struct Token: Sendable, Equatable {
        var id: Int
        var content: String
        var special: Bool
        var leftStrip = false
        var rightStrip = false
        var normalized = false
    }

    let tokens: [Token]
    let idsByContent: [String: Int]
    let contentsById: [Int: String]
    let specialIds: Set<Int>
    let rawMatcher: AddedTokenMatcher
    let normalizedMatcher: AddedTokenMatcher

    init(tokens: [Token], normalizer: Normalizer? = nil) {
        self.tokens = tokens
        var byContent: [String: Int] = [:]
        var byId: [Int: String] = [:]
        for token in tokens {
            byContent[token.content] = token.id
            byId[token.id] = token.content
        }
        idsByContent = byContent
        contentsById = byId
        specialIds = Set(tokens.filter(\.special).map(\.id))
        rawMatcher = AddedTokenMatcher(tokens.filter { !$0.normalized }.map { ($0, $0.content) })
        normalizedMatcher = AddedTokenMatcher(tokens.filter(\.normalized).map { token in
            var content = NormalizedString(original: Array(token.content.unicodeScalars)[...])
            normalizer?.normalize(&content)
            return (token, String(String.UnicodeScalarView(content.scalars)))
        })
    }
}
