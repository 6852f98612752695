/// The `added_tokens` of a `tokenizer.json` (HF `tokenizer/added_vocabulary.rs`): tokens such as `<pad>`,
/// `</s>`, `<unk>` and `<extra_id_N>` that are cut out of the raw input BEFORE normalization, leftmost-longest
/// (HF builds an Aho-Corasick automaton with `MatchKind::LeftmostLongest`).
struct AddedVocabulary: Sendable {
    struct Token: Sendable, Equatable {
        var id: Int
        var content: String
        var special: Bool
        var leftStrip: Bool
        var rightStrip: Bool
    }

    let tokens: [Token]
    let idsByContent: [String: Int]
    let contentsById: [Int: String]
    let specialIds: Set<Int>
    /// Candidates by first scalar, longest first.
    private let candidates: [Unicode.Scalar: [(scalars: [Unicode.Scalar], token: Token)]]

    init(tokens: [Token]) {
        self.tokens = tokens
        var byContent: [String: Int] = [:]
        var byId: [Int: String] = [:]
        var byFirst: [Unicode.Scalar: [(scalars: [Unicode.Scalar], token: Token)]] = [:]
        for token in tokens {
            byContent[token.content] = token.id
            byId[token.id] = token.content
            let scalars = Array(token.content.unicodeScalars)
            if let first = scalars.first { byFirst[first, default: []].append((scalars, token)) }
        }
        idsByContent = byContent
        contentsById = byId
        specialIds = Set(tokens.filter(\.special).map(\.id))
        candidates = byFirst.mapValues { $0.sorted { $0.scalars.count > $1.scalars.count } }
    }

    /// A run of the input: either plain text to normalize and tokenize, or one added token.
    enum Split: Sendable, Equatable {
        case text(Range<Int>)
        case token(id: Int, range: Range<Int>)
    }

    /// Splits `input` around every added token occurrence.
    func split(_ input: [Unicode.Scalar]) -> [Split] {
        guard !candidates.isEmpty else { return input.isEmpty ? [] : [.text(0..<input.count)] }
        var splits: [Split] = []
        var textStart = 0
        var index = 0
        while index < input.count {
            guard let match = longestMatch(in: input, at: index) else {
                index += 1
                continue
            }
            var start = index
            var end = index + match.scalars.count
            // HF `lstrip`/`rstrip`: the token swallows whitespace on that side.
            if match.token.leftStrip {
                while start > textStart, input[start - 1].properties.isWhitespace { start -= 1 }
            }
            if match.token.rightStrip {
                while end < input.count, input[end].properties.isWhitespace { end += 1 }
            }
            if start > textStart { splits.append(.text(textStart..<start)) }
            splits.append(.token(id: match.token.id, range: start..<end))
            textStart = end
            index = end
        }
        if textStart < input.count { splits.append(.text(textStart..<input.count)) }
        return splits
    }

    private func longestMatch(
        in input: [Unicode.Scalar], at index: Int
    ) -> (scalars: [Unicode.Scalar], token: Token)? {
        guard let options = candidates[input[index]] else { return nil }
        return options.first { option in
            index + option.scalars.count <= input.count
                && input[index..<(index + option.scalars.count)].elementsEqual(option.scalars)
        }
    }
}
