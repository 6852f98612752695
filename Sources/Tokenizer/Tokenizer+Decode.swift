extension Tokenizer {
    /// Text of `ids` (HF `Tokenizer::decode`): ids become tokens (unknown ids are dropped, special added
    /// tokens too when `skipSpecialTokens`), then the decoder chain runs; without a decoder tokens are
    /// joined by spaces.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = true) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(ids.count)
        for id in ids {
            if skipSpecialTokens, addedVocabulary.specialIds.contains(id) { continue }
            if let token = token(for: id) { tokens.append(token) }
        }
        guard let decoder else { return tokens.joined(separator: " ") }
        return decoder.decodeChain(tokens).joined()
    }
}
