/// A prefix tree over Unicode scalars, built once at load, answering "which vocabulary pieces start here"
/// (HF `models/unigram/trie.rs`, `common_prefix_search`).
struct Trie: Sendable {
    /// Child of (node, scalar), keyed as `node << 21 | scalar` (scalars fit in 21 bits).
    private var children: [UInt64: Int32] = [:]
    /// Piece id ending at each node, or -1.
    private var values: [Int32] = [-1]

    init() {}

    init<S: Sequence<String>>(pieces: S) {
        for (id, piece) in pieces.enumerated() { insert(piece, id: id) }
    }

    mutating func insert(_ piece: String, id: Int) {
        var node = 0
        for scalar in piece.unicodeScalars {
            let key = UInt64(node) << 21 | UInt64(scalar.value)
            if let child = children[key] {
                node = Int(child)
            } else {
                let child = values.count
                values.append(-1)
                children[key] = Int32(child)
                node = child
            }
        }
        // A duplicated piece resolves to its last id, as HF's `token_to_ids` map does.
        values[node] = Int32(id)
    }

    /// Calls `body(id, length)` for every piece that is a prefix of `scalars[start...]`, shortest first.
    func forEachPrefix(
        of scalars: [Unicode.Scalar], from start: Int, _ body: (_ id: Int, _ length: Int) -> Void
    ) {
        var node = 0
        var index = start
        while index < scalars.count {
            let key = UInt64(node) << 21 | UInt64(scalars[index].value)
            guard let child = children[key] else { return }
            node = Int(child)
            index += 1
            let value = values[node]
            if value >= 0 { body(Int(value), index - start) }
        }
    }
}
