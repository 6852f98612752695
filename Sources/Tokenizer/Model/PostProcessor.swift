/// HF `processors/template.rs` `TemplateProcessing` for single sequences: T5 uses `$A </s>`.
struct PostProcessor: Sendable {
    enum Piece: Sendable, Equatable {
        case sequence
        /// A special token with its ids and token strings (HF lets one name expand to several ids).
        case special(ids: [Int], tokens: [String])
    }

    let single: [Piece]

    /// The number of ids added around a sequence.
    var addedCount: Int {
        single.reduce(0) { total, piece in
            if case .special(let ids, _) = piece { return total + ids.count }
            return total
        }
    }
}
