/// A `tokenizer.json` pre-tokenizer: splits a normalized piece into the words the model sees.
indirect enum PreTokenizer: Sendable {
    case metaspace(Metaspace)
    /// HF `WhitespaceSplit`: split on `char::is_whitespace`, dropping it.
    case whitespaceSplit
    case sequence([PreTokenizer])

    func preTokenize(_ pieces: [NormalizedString]) -> [NormalizedString] {
        switch self {
        case .metaspace(let metaspace):
            pieces.flatMap(metaspace.preTokenize)
        case .whitespaceSplit:
            pieces.flatMap { $0.splitRemoving { $0.properties.isWhitespace } }
        case .sequence(let preTokenizers):
            preTokenizers.reduce(pieces) { $1.preTokenize($0) }
        }
    }
}
