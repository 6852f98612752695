/// Cuts a long token sequence into overlapping windows the model can take, and picks for every
/// token the window in which it sits furthest from an edge (where the model saw most context).
struct TokenWindows: Equatable {
    /// `[start, end)` token ranges, in order, covering `0..<count`.
    let ranges: [Range<Int>]

    init(count: Int, size: Int, overlap: Int) {
        precondition(size > 0 && overlap >= 0 && overlap < size, "window size must exceed the overlap")
        guard count > size else {
            ranges = [0..<count]
            return
        }
        var out: [Range<Int>] = []
        var start = 0
        while true {
            let end = min(count, start + size)
            out.append(start..<end)
            if end == count { break }
            start = end - overlap
        }
        ranges = out
    }

    /// The window whose prediction a token takes.
    func owner(of token: Int) -> Int {
        var best = 0
        var bestMargin = Int.min
        for (i, r) in ranges.enumerated() where r.contains(token) {
            let margin = min(token - r.lowerBound, r.upperBound - 1 - token)
            if margin > bestMargin {
                best = i
                bestMargin = margin
            }
        }
        return best
    }
}
