extension Tokenizer {
    /// Ids, token strings and original-input offsets of `text`.
    public func encodeWithOffsets(_ text: String, addSpecialTokens: Bool = true) -> Encoding {
        let input = Array(text.unicodeScalars)
        var encoding = Encoding()
        encoding.ids.reserveCapacity(input.count / 3 + 2)
        for split in addedVocabulary.rawMatcher.split(input) {
            switch split {
            case .token(let id, let range):
                encoding.append(id: id, token: token(for: id) ?? "", offsets: range)
            case .text(let range):
                encodeRun(NormalizedString(original: input[range]), into: &encoding)
            }
        }
        guard addSpecialTokens, let postProcessor else { return encoding }
        return Self.applyTemplate(postProcessor, to: encoding)
    }

    private func encodeRun(_ run: NormalizedString, into encoding: inout Encoding) {
        var text = run
        normalizer?.normalize(&text)
        guard !text.isEmpty else { return }
        guard !addedVocabulary.normalizedMatcher.isEmpty else { return encodeNormalized(text, into: &encoding) }
        for split in addedVocabulary.normalizedMatcher.split(text.scalars) {
            switch split {
            case .token(let id, let range):
                encoding.append(id: id, token: token(for: id) ?? "", offsets: text.originalRange(of: range))
            case .text(let range):
                encodeNormalized(text.slice(range), into: &encoding)
            }
        }
    }

    private func encodeNormalized(_ text: NormalizedString, into encoding: inout Encoding) {
        let words = preTokenizer?.preTokenize([text]) ?? [text]
        for word in words {
            for token in model.tokenize(word.scalars) {
                let offsets = word.originalRange(of: token.range)
                encoding.append(id: token.id, token: tokenString(token, in: word), offsets: offsets)
            }
        }
    }

    /// HF reports the piece for known and byte-fallback tokens and the covered text for unknown ones.
    private func tokenString(_ token: UnigramModel.Token, in word: NormalizedString) -> String {
        guard token.id == model.unknownId else { return model.pieces[token.id] }
        return String(String.UnicodeScalarView(word.scalars[token.range]))
    }

    private static func applyTemplate(_ template: PostProcessor, to sequence: Encoding) -> Encoding {
        var result = Encoding()
        for piece in template.single {
            switch piece {
            case .sequence:
                result.ids += sequence.ids
                result.tokens += sequence.tokens
                result.offsets += sequence.offsets
            case .special(let ids, let tokens):
                for (id, token) in zip(ids, tokens) { result.append(id: id, token: token, offsets: 0..<0) }
            }
        }
        return result
    }
}
