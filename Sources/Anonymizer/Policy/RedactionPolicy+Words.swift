extension RedactionPolicy {
    /// Where allow-listed values occur in `s` as whole words, ignoring case and runs of whitespace,
    /// each with a possessive after it (`Napoleon's`, `Churchill’s`, `Jesus'`): no span of a name-like
    /// label (``ValueNormalization/caseAndWhitespaceInsensitive``) keeps any of it.
    func allowedRanges(in s: [Unicode.Scalar]) -> [Range<Int>] {
        guard !allowPhrases.isEmpty else { return [] }
        let folded = s.map(Self.folded)
        var out: [Range<Int>] = []
        for entry in allowPhrases {
            guard let first = entry.first else { continue }
            for i in folded.indices where folded[i] == first && !(s.at(i - 1)?.isWordLike ?? false) {
                guard var end = Self.match(entry, in: folded, at: i) else { continue }
                if let c = s.at(end), c.value == 0x27 || c.value == 0x2019 {  // possessive
                    if let n = s.at(end + 1), n.value == 0x73 || n.value == 0x53, !(s.at(end + 2)?.isWordLike ?? false) {
                        end += 2
                    } else if s[end - 1].value == 0x73, !(s.at(end + 1)?.isWordLike ?? false) {
                        end += 1
                    }
                }
                if !(s.at(end)?.isWordLike ?? false) { out.append(i..<end) }
            }
        }
        return out
    }

    /// `entry` (folded, one space for any whitespace run) at `i` of `folded`: its end.
    private static func match(_ entry: [Unicode.Scalar], in folded: [Unicode.Scalar], at i: Int) -> Int? {
        var p = i
        for c in entry {
            if c == " " {
                guard p < folded.count, folded[p].properties.isWhitespace else { return nil }
                while p < folded.count, folded[p].properties.isWhitespace { p += 1 }
            } else {
                guard p < folded.count, folded[p] == c else { return nil }
                p += 1
            }
        }
        return p
    }

    /// A scalar lower-cased (its first scalar when lower-casing makes several).
    static func folded(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.isASCII ? Unicode.Scalar(UInt8(c.asciiLowered)) : c.properties.lowercaseMapping.unicodeScalars.first ?? c
    }

    /// An allow-list entry folded for ``allowedRanges(in:)``: lower-cased, whitespace runs as one space.
    static func phrase(_ entry: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for c in entry.unicodeScalars {
            if c.properties.isWhitespace {
                if let last = out.last, last != " " { out.append(" ") }
            } else {
                out.append(folded(c))
            }
        }
        while out.last == " " { out.removeLast() }
        return out
    }
}
