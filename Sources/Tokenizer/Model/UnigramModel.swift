/// HF `models/unigram/model.rs`: a vocabulary of pieces with log-probability scores, segmented by Viterbi.
struct UnigramModel: Sendable {
    /// HF `K_UNK_PENALTY`: an unknown scalar costs this much less than the rarest piece.
    static let unknownPenalty = 10.0

    let pieces: [String]
    let scores: [Double]
    let unknownId: Int?
    let byteFallback: Bool
    let pieceIds: [String: Int]
    let trie: Trie
    /// `<0xNN>` piece ids by byte value, when the vocabulary has them.
    let byteIds: [Int?]
    let unknownScore: Double

    init(vocabulary: [(piece: String, score: Double)], unknownId: Int?, byteFallback: Bool) throws(TokenizerError) {
        if let unknownId, !vocabulary.indices.contains(unknownId) {
            throw .invalidComponent(component: "model Unigram", reason: "unk_id \(unknownId) outside the vocabulary")
        }
        pieces = vocabulary.map(\.piece)
        scores = vocabulary.map(\.score)
        self.unknownId = unknownId
        self.byteFallback = byteFallback
        var ids: [String: Int] = [:]
        ids.reserveCapacity(vocabulary.count)
        for (id, piece) in pieces.enumerated() { ids[piece] = id }
        pieceIds = ids
        trie = Trie(pieces: pieces)
        byteIds = (0...255).map { ids[Self.bytePiece($0)] }
        unknownScore = (scores.min() ?? 0) - Self.unknownPenalty
    }

    static func bytePiece(_ byte: Int) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "<0x\(hex.count == 1 ? "0" + hex : hex)>"
    }

    /// One model token: its id and the span of the word's scalars it covers.
    struct Token: Sendable, Equatable {
        var id: Int
        var range: Range<Int>
    }

    /// HF `Unigram::tokenize`: Viterbi segmentation, consecutive unknowns fused (`fuse_unk` is always on for
    /// Unigram), then an unknown span is looked up as a piece, else split into `<0xNN>` pieces (each keeping
    /// the span of the whole unknown run, as HF does), else mapped to `unk_id`.
    func tokenize(_ word: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        for segment in viterbi(word) {
            guard segment.isUnknown else {
                tokens.append(Token(id: segment.id, range: segment.range))
                continue
            }
            let text = String(String.UnicodeScalarView(word[segment.range]))
            if let id = pieceIds[text] {
                tokens.append(Token(id: id, range: segment.range))
                continue
            }
            if byteFallback, let byteTokens = byteTokens(for: text, range: segment.range) {
                tokens.append(contentsOf: byteTokens)
                continue
            }
            if let unknownId { tokens.append(Token(id: unknownId, range: segment.range)) }
        }
        return tokens
    }

    private func byteTokens(for text: String, range: Range<Int>) -> [Token]? {
        var tokens: [Token] = []
        for byte in text.utf8 {
            guard let id = byteIds[Int(byte)] else { return nil }
            tokens.append(Token(id: id, range: range))
        }
        return tokens
    }
}
