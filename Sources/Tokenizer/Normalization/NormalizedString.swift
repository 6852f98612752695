/// Text being normalized, with each normalized scalar aligned to the span of ORIGINAL scalars it came from.
///
/// This mirrors `NormalizedString` of huggingface/tokenizers (`tokenizer/normalizer.rs`) at scalar
/// granularity: HF keeps one alignment per UTF-8 byte, but every byte of a char carries the same alignment,
/// so one per scalar is equivalent. Alignments here are absolute offsets into the whole input (HF keeps them
/// relative to `original_shift` and adds it back when reporting offsets).
struct NormalizedString: Sendable {
    /// Half-open range of original scalar offsets.
    struct Alignment: Sendable, Equatable {
        var start: Int
        var end: Int
    }

    var scalars: [Unicode.Scalar]
    var alignments: [Alignment]
    /// Offset of this piece's first scalar in the original input (HF's `offsets_original().0`).
    let originalStart: Int

    init(original: ArraySlice<Unicode.Scalar>) {
        scalars = Array(original)
        let base = original.startIndex
        alignments = (0..<original.count).map { Alignment(start: base + $0, end: base + $0 + 1) }
        originalStart = base
    }

    init(scalars: [Unicode.Scalar], alignments: [Alignment], originalStart: Int) {
        self.scalars = scalars
        self.alignments = alignments
        self.originalStart = originalStart
    }

    var isEmpty: Bool { scalars.isEmpty }

    /// The original span covered by normalized scalars `range` (HF `convert_offsets` of a normalized range).
    func originalRange(of range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else { return originalStart..<originalStart }
        return alignments[range.lowerBound].start..<alignments[range.upperBound - 1].end
    }

    /// A sub-piece keeping its alignments (HF `slice` of a normalized range).
    func slice(_ range: Range<Int>) -> NormalizedString {
        let start = range.isEmpty ? originalStart : alignments[range.lowerBound].start
        return NormalizedString(
            scalars: Array(scalars[range]), alignments: Array(alignments[range]), originalStart: start
        )
    }

    /// One output scalar of a transformation and how it relates to the scalars it replaces:
    /// `0` replaces the next scalar, `1` is inserted, `-n` replaces the next scalar and removes `n` more.
    struct Change: Sendable {
        var scalar: Unicode.Scalar
        var change: Int
    }

    /// Port of HF `transform_range`: rewrites `range` with `changes`, `initialOffset` scalars being removed
    /// from its start first. An inserted scalar shares the alignment of the scalar before it.
    mutating func transform(range: Range<Int>, changes: [Change], initialOffset: Int) {
        var cursor = range.lowerBound + initialOffset
        var newScalars: [Unicode.Scalar] = []
        var newAlignments: [Alignment] = []
        newScalars.reserveCapacity(changes.count)
        newAlignments.reserveCapacity(changes.count)
        let fallback = Alignment(start: originalStart, end: originalStart)
        for item in changes {
            let alignment: Alignment
            if item.change > 0 {
                alignment = cursor < 1 ? fallback : alignments[min(cursor, alignments.count) - 1]
            } else {
                alignment = cursor < alignments.count ? alignments[cursor] : (alignments.last ?? fallback)
                cursor += 1 - min(item.change, 0)
            }
            newScalars.append(item.scalar)
            newAlignments.append(alignment)
        }
        scalars.replaceSubrange(range, with: newScalars)
        alignments.replaceSubrange(range, with: newAlignments)
    }

    /// HF `transform` over the whole string.
    mutating func transform(changes: [Change], initialOffset: Int = 0) {
        transform(range: 0..<scalars.count, changes: changes, initialOffset: initialOffset)
    }

    /// HF `replace`: each match is removed and `content` inserted, taking the alignment of the match's last
    /// scalar. `matches` must be ascending and disjoint, in current scalar offsets.
    mutating func replace(matches: [Range<Int>], with content: [Unicode.Scalar]) {
        var shift = 0
        for match in matches {
            let range = (match.lowerBound + shift)..<(match.upperBound + shift)
            transform(
                range: range, changes: content.map { Change(scalar: $0, change: 1) }, initialOffset: range.count
            )
            shift += content.count - match.count
        }
    }

    /// HF `prepend`: the new prefix and the first scalar both take the first scalar's alignment.
    mutating func prepend(_ prefix: Unicode.Scalar) {
        guard let first = alignments.first else { return }
        scalars.insert(prefix, at: 0)
        alignments.insert(first, at: 0)
    }

    /// HF `split(pattern, MergedWithNext)` for a single-scalar delimiter, dropping empty pieces as
    /// `PreTokenizedString::split` does.
    func splitMergedWithNext(on delimiter: Unicode.Scalar) -> [NormalizedString] {
        var pieces: [NormalizedString] = []
        var start = 0
        for index in scalars.indices where scalars[index] == delimiter && index > start {
            pieces.append(slice(start..<index))
            start = index
        }
        if start < scalars.count { pieces.append(slice(start..<scalars.count)) }
        return pieces
    }

    /// HF `split(pattern, Removed)` where `isDelimiter` scalars are dropped; empty pieces are dropped.
    func splitRemoving(where isDelimiter: (Unicode.Scalar) -> Bool) -> [NormalizedString] {
        var pieces: [NormalizedString] = []
        var start = 0
        for index in scalars.indices where isDelimiter(scalars[index]) {
            if index > start { pieces.append(slice(start..<index)) }
            start = index + 1
        }
        if start < scalars.count { pieces.append(slice(start..<scalars.count)) }
        return pieces
    }
}
