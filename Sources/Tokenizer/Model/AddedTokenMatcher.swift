/// Finds added tokens in a scalar array, leftmost-longest (HF builds an Aho-Corasick automaton with
/// `MatchKind::LeftmostLongest`; a first-scalar index with longest-first candidates gives the same matches).
struct AddedTokenMatcher: Sendable {
    struct Candidate: Sendable {
        var scalars: [Unicode.Scalar]
        var token: AddedVocabulary.Token
    }

    /// A run of the input: plain text, or one added token.
    enum Split: Sendable, Equatable {
        case text(Range<Int>)
        case token(id: Int, range: Range<Int>)
    }

    private let candidates: [Unicode.Scalar: [Candidate]]

    /// `contents` pairs each token with the text to look for (its normalized content for `normalized` ones).
    init(_ contents: [(token: AddedVocabulary.Token, text: String)]) {
        var byFirst: [Unicode.Scalar: [Candidate]] = [:]
        for (token, text) in contents {
            let scalars = Array(text.unicodeScalars)
            if let first = scalars.first { byFirst[first, default: []].append(Candidate(scalars: scalars, token: token)) }
        }
        candidates = byFirst.mapValues { $0.sorted { $0.scalars.count > $1.scalars.count } }
    }

    var isEmpty: Bool { candidates.isEmpty }

    /// Splits `input` around every token occurrence.
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

    private func longestMatch(in input: [Unicode.Scalar], at index: Int) -> Candidate? {
        guard let options = candidates[input[index]] else { return nil }
        return options.first { option in
            index + option.scalars.count <= input.count
                && input[index..<(index + option.scalars.count)].elementsEqual(option.scalars)
        }
    }
}
