/// Restores issued placeholders in a whole text.
///
/// Every placeholder the map issued is replaced by its value, in any tolerated form
/// (`[NAME_1]`, `NAME_1`, `[Name_1]`, `[NAME 1]`, `[[NAME_1]]`, `[NAME_1]'s`; see
/// ``PlaceholderGrammar``). Unknown placeholders, reserved lookalikes and masks are left alone;
/// an index the map never issued is never mapped to a value.
///
/// Linear in the text and the restored values (issue #15, item 7): the result is written into
/// a ``RestoredText`` byte buffer (amortized appends), never into a `String.UnicodeScalarView`,
/// whose `append(contentsOf:)` copies the whole string on this toolchain (200k placeholders took
/// minutes).
public struct Reidentifier: Sendable {
    public let map: PlaceholderMap
    public let escaping: ValueEscaping

    public init(map: PlaceholderMap, escaping: ValueEscaping = .none) {
        self.map = map
        self.escaping = escaping
    }

    /// `text` with every issued placeholder restored.
    public func reidentify(_ text: String) -> String {
        if map.isEmpty { return text }
        let scalars = Array(text.unicodeScalars)
        var out = RestoredText(reservingBytes: text.utf8.count)
        _ = restore(scalars, before: nil, isFinal: true, into: &out)
        return out.string
    }

    /// Restores `s` into `out` up to the returned cut; what follows the cut (only when
    /// `isFinal` is false) may still become part of a placeholder and must be fed again with
    /// more text. `before` is the input scalar just before `s[0]` (word-boundary context).
    func restore(_ s: [Unicode.Scalar], before: Unicode.Scalar?, isFinal: Bool, into out: inout RestoredText) -> Int {
        let n = s.count
        var copied = 0
        var i = 0
        let labels = map.issuedLabels
        while i < n {
            guard PlaceholderGrammar.isCandidateStart(s, i, before: before) else {
                i += 1
                continue
            }
            switch PlaceholderGrammar.match(in: s, at: i, isFinal: isFinal, labels: labels) {
            case .needMore:
                var cut = i
                while cut > copied, i - cut < 2, s[cut - 1] == "[" { cut -= 1 }
                out.append(s[copied..<cut])
                return cut
            case .found(let m):
                if let entry = map.entry(label: m.label, index: m.index) {
                    var consumed = m.isBracketed ? min(m.leadBrackets, m.trailBrackets) : 0
                    if entry.bracketedInInput { consumed = min(consumed, 1) }
                    out.append(s[copied..<(m.wordStart - consumed)])
                    out.append(entry.value, escaping: escaping)
                    copied = m.wordEnd + consumed
                    i = copied
                    continue
                }
                i += 1
            case .none:
                i += 1
            }
        }
        var cut = n
        if !isFinal {
            // A trailing `[` or `[[` may open the next placeholder.
            while cut > copied, n - cut < 2, s[cut - 1] == "[" { cut -= 1 }
        }
        out.append(s[copied..<cut])
        return cut
    }
}

/// The output of a restore: UTF-8 bytes in one growable array, so every append is amortized
/// O(its length) and a restore is linear in what it writes. `storageGrowths` counts the times
/// the storage had to be reallocated (a doubling each): what `ReidentifierScalingTests` checks
/// to show the output is built once, not re-copied per placeholder.
struct RestoredText {
    private(set) var bytes: [UInt8] = []
    /// Reallocations of `bytes` so far (capacity increases seen after an append).
    private(set) var storageGrowths = 0

    init(reservingBytes count: Int = 0) {
        bytes.reserveCapacity(count)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ scalars: ArraySlice<Unicode.Scalar>) {
        guard !scalars.isEmpty else { return }
        let capacity = bytes.capacity
        for scalar in scalars {
            if scalar.value < 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        if bytes.capacity != capacity { storageGrowths += 1 }
    }

    mutating func append(_ value: String, escaping: ValueEscaping) {
        let capacity = bytes.capacity
        escaping.append(value, to: &bytes)
        if bytes.capacity != capacity { storageGrowths += 1 }
    }
}
