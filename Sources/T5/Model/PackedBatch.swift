/// A batch of variable-length token sequences packed end to end, with no padding rows.
///
/// Hugging Face pads to the longest sequence and masks the pad keys with the dtype's minimum; packing
/// gives the same result on real tokens (masked keys get exactly zero weight after softmax) and spends
/// no compute on padding — the encoder's projections run as one GEMM over `tokenCount` rows.
struct PackedBatch {
    let ids: [Int]
    /// `offsets[b]..<offsets[b + 1]` are the rows of sequence `b`; `offsets.count == count + 1`.
    let offsets: [Int]

    var count: Int { offsets.count - 1 }
    var tokenCount: Int { ids.count }
    var maxLength: Int { (0..<count).map { length($0) }.max() ?? 0 }
    func length(_ b: Int) -> Int { offsets[b + 1] - offsets[b] }

    init(_ sequences: [[Int]], vocabSize: Int) throws(T5Error) {
        guard !sequences.isEmpty else { throw .invalidInput("empty batch") }
        var ids: [Int] = []
        var offsets = [0]
        for (index, sequence) in sequences.enumerated() {
            guard !sequence.isEmpty else { throw .invalidInput("sequence \(index) is empty") }
            guard sequence.allSatisfy({ $0 >= 0 && $0 < vocabSize }) else {
                throw .invalidInput("sequence \(index) has a token id outside 0..<\(vocabSize)")
            }
            ids += sequence
            offsets.append(ids.count)
        }
        self.ids = ids
        self.offsets = offsets
    }
}
