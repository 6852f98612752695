extension UnigramModel {
    /// A piece of the best segmentation; `isUnknown` runs are already fused.
    struct Segment: Sendable, Equatable {
        var id: Int
        var range: Range<Int>
        var isUnknown: Bool
    }

    /// Best path over the lattice of vocabulary pieces (HF `encode_optimized`, after sentencepiece
    /// `unigram_model.cc`). Ties keep the first candidate seen: starts ascending, then pieces shortest first,
    /// then the unknown fallback, which only exists where no piece covers exactly one scalar.
    func viterbi(_ word: [Unicode.Scalar]) -> [Segment] {
        let count = word.count
        guard count > 0 else { return [] }
        // Best path ending at each position: score, where its last piece starts (-1: unreached), which piece.
        var bestScore = [Double](repeating: 0, count: count + 1)
        var bestStart = [Int](repeating: -1, count: count + 1)
        var bestId = [Int](repeating: -1, count: count + 1)
        for start in 0..<count {
            // Unreachable starts cannot happen: every position is reachable through the unknown fallback.
            let scoreHere = bestScore[start]
            var hasSingleScalarPiece = false
            trie.forEachPrefix(of: word, from: start) { id, length in
                let end = start + length
                let candidate = scores[id] + scoreHere
                if bestStart[end] < 0 || candidate > bestScore[end] {
                    bestScore[end] = candidate
                    bestStart[end] = start
                    bestId[end] = id
                }
                if length == 1 { hasSingleScalarPiece = true }
            }
            if !hasSingleScalarPiece {
                let end = start + 1
                let candidate = unknownScore + scoreHere
                if bestStart[end] < 0 || candidate > bestScore[end] {
                    bestScore[end] = candidate
                    bestStart[end] = start
                    bestId[end] = -1
                }
            }
        }
        return backtrack(count: count, bestStart: bestStart, bestId: bestId)
    }

    /// Walks the best path back, fusing adjacent unknowns into one segment.
    private func backtrack(count: Int, bestStart: [Int], bestId: [Int]) -> [Segment] {
        var segments: [Segment] = []
        var end = count
        while end > 0 {
            let start = bestStart[end]
            // A piece whose id IS unk_id (e.g. a literal "<unk>" matched by the trie) fuses like an unknown.
            let unknown = bestId[end] < 0 || (unknownId != nil && bestId[end] == unknownId)
            if unknown, let last = segments.last, last.isUnknown, last.range.lowerBound == end {
                segments[segments.count - 1].range = start..<last.range.upperBound
            } else {
                segments.append(Segment(id: bestId[end], range: start..<end, isUnknown: unknown))
            }
            end = start
        }
        return segments.reversed()
    }
}
