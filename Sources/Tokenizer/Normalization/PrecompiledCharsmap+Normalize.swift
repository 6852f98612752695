extension PrecompiledCharsmap {
    /// HF `normalizers/precompiled.rs`: for each grapheme shorter than 6 UTF-8 bytes try the whole cluster,
    /// otherwise (or when it has no rule) each scalar on its own. HF notes this exact quirk is what matches
    /// sentencepiece on XNLI, so it is kept as is.
    func normalize(_ text: inout NormalizedString) {
        var changes: [NormalizedString.Change] = []
        changes.reserveCapacity(text.scalars.count)
        var modified = false
        var utf8: [UInt8] = []
        var scalarUTF8: [UInt8] = []
        for character in String(String.UnicodeScalarView(text.scalars)) {
            let cluster = character.unicodeScalars
            utf8.removeAll(keepingCapacity: true)
            for scalar in cluster { Self.appendUTF8(scalar, to: &utf8) }
            if utf8.count < 6, let replacement = replacement(for: utf8) {
                modified = true
                Normalizer.appendReplacement(
                    &changes, replacedCount: cluster.count, with: Self.decode(replacement)
                )
                continue
            }
            for scalar in cluster {
                scalarUTF8.removeAll(keepingCapacity: true)
                Self.appendUTF8(scalar, to: &scalarUTF8)
                if let replacement = replacement(for: scalarUTF8) {
                    modified = true
                    Normalizer.appendReplacement(&changes, replacedCount: 1, with: Self.decode(replacement))
                } else {
                    changes.append(.init(scalar: scalar, change: 0))
                }
            }
        }
        if modified { text.transform(changes: changes) }
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> [Unicode.Scalar] {
        Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        UTF8.encode(scalar) { bytes.append($0) }
    }
}
