/// Cuts a long token sequence into overlapping windows the model can take — exactly as
/// `Training/train_tagger.py::Featurizer.windows` does at evaluation time, so the figures the
/// evaluation script reports are the figures of what Veil runs: windows of `room` tokens,
/// starting every `room × 3/4` tokens, the last one ending at the last token.
struct TokenWindows: Equatable {
    /// `[start, end)` token ranges, in order, covering `0..<count`.
    let ranges: [Range<Int>]

    init(count: Int, room: Int, strideFraction: Double = 0.75) {
        precondition(room > 0, "a window must hold at least one token")
        guard count > room else {
            ranges = [0..<count]
            return
        }
        let step = max(1, Int(Double(room) * strideFraction))
        var starts = Array(stride(from: 0, to: count - room, by: step))
        starts.append(count - room)
        ranges = starts.map { $0..<min(count, $0 + room) }
    }
}
