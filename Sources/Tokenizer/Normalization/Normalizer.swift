/// A `tokenizer.json` normalizer (HF `normalizers/*.rs`), applied to each piece of input between added tokens.
indirect enum Normalizer: Sendable {
    case sequence([Normalizer])
    /// sentencepiece charsmap; T5 ships nmt_nfkc this way.
    case precompiled(PrecompiledCharsmap)
    case nfkc
    case nfc
    case replace(ReplacePattern, content: [Unicode.Scalar])
    case strip(left: Bool, right: Bool)
    case lowercase

    func normalize(_ text: inout NormalizedString) {
        switch self {
        case .sequence(let normalizers):
            for normalizer in normalizers { normalizer.normalize(&text) }
        case .precompiled(let charsmap):
            charsmap.normalize(&text)
        case .nfkc:
            Self.normalizeUnicode(&text) { $0.precomposedStringWithCompatibilityMapping }
        case .nfc:
            Self.normalizeUnicode(&text) { $0.precomposedStringWithCanonicalMapping }
        case .replace(let pattern, let content):
            let matches = pattern.matches(in: text.scalars)
            if !matches.isEmpty { text.replace(matches: matches, with: content) }
        case .strip(let left, let right):
            Self.strip(&text, left: left, right: right)
        case .lowercase:
            Self.lowercase(&text)
        }
    }

    /// HF `lrstrip`: drops leading/trailing `char::is_whitespace` scalars.
    private static func strip(_ text: inout NormalizedString, left: Bool, right: Bool) {
        let scalars = text.scalars
        let leading = left ? scalars.prefix { $0.properties.isWhitespace }.count : 0
        guard leading < scalars.count else {
            if leading > 0 { text.transform(changes: [], initialOffset: leading) }
            return
        }
        let trailing = right ? scalars.reversed().prefix { $0.properties.isWhitespace }.count : 0
        guard leading > 0 || trailing > 0 else { return }
        let kept = scalars[leading..<(scalars.count - trailing)]
        var changes = kept.map { NormalizedString.Change(scalar: $0, change: 0) }
        changes[changes.count - 1].change = -trailing
        text.transform(changes: changes, initialOffset: leading)
    }

    /// HF `NormalizedString::lowercase`: full lowercase mapping, extra scalars inserted.
    private static func lowercase(_ text: inout NormalizedString) {
        var changes: [NormalizedString.Change] = []
        changes.reserveCapacity(text.scalars.count)
        for scalar in text.scalars {
            if scalar.isASCII {
                let value = scalar.value
                let lowered = (65...90).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : scalar
                changes.append(.init(scalar: lowered, change: 0))
                continue
            }
            for (index, lowered) in scalar.properties.lowercaseMapping.unicodeScalars.enumerated() {
                changes.append(.init(scalar: lowered, change: index > 0 ? 1 : 0))
            }
        }
        text.transform(changes: changes)
    }

    /// NFKC/NFC with alignment tracked per grapheme cluster (normalization never crosses a cluster boundary
    /// that starts with a starter, which is where Swift splits them).
    private static func normalizeUnicode(_ text: inout NormalizedString, _ map: (String) -> String) {
        var changes: [NormalizedString.Change] = []
        changes.reserveCapacity(text.scalars.count)
        var modified = false
        for character in String(String.UnicodeScalarView(text.scalars)) {
            let before = Array(character.unicodeScalars)
            let after = Array(map(String(character)).unicodeScalars)
            if before == after {
                changes.append(contentsOf: before.map { .init(scalar: $0, change: 0) })
            } else {
                // Like HF's composing iterator, unchanged trailing marks keep their own alignment and the
                // composed prefix absorbs what it consumed: "e\u{301}\u{302}" → "é\u{302}".
                modified = true
                var shared = 0
                while shared < min(before.count, after.count) - 1,
                      before[before.count - 1 - shared] == after[after.count - 1 - shared] { shared += 1 }
                appendReplacement(&changes, replacedCount: before.count - shared, with: Array(after.dropLast(shared)))
                changes.append(contentsOf: after.suffix(shared).map { .init(scalar: $0, change: 0) })
            }
        }
        if modified { text.transform(changes: changes) }
    }

    /// HF `precompiled.rs` `replace`: replacing scalars are `0`; extra ones are inserted (`1`); a shorter
    /// replacement folds the removals into the last change so far (even one of an earlier cluster, as HF does).
    static func appendReplacement(
        _ changes: inout [NormalizedString.Change], replacedCount: Int, with replacement: [Unicode.Scalar]
    ) {
        changes.append(contentsOf: replacement.map { .init(scalar: $0, change: 0) })
        let diff = replacement.count - replacedCount
        if diff > 0 {
            for index in (changes.count - diff)..<changes.count { changes[index].change = 1 }
        } else if diff < 0, !changes.isEmpty {
            changes[changes.count - 1].change += diff
        }
    }
}
