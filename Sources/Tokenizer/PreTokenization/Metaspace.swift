/// HF `pre_tokenizers/metaspace.rs`: spaces become `▁`, a `▁` is prepended, and the text is split before each
/// `▁`. The same settings drive the `Metaspace` decoder.
struct Metaspace: Sendable, Equatable {
    enum PrependScheme: String, Sendable {
        case always, first, never
    }

    var replacement: Unicode.Scalar = "\u{2581}"
    var prependScheme: PrependScheme = .always
    var split = true

    func preTokenize(_ piece: NormalizedString) -> [NormalizedString] {
        var text = piece
        for index in text.scalars.indices where text.scalars[index] == " " {
            text.scalars[index] = replacement
        }
        let prepend = switch prependScheme {
        case .always: true
        // HF checks `offsets_original().0 == 0`: only the piece that starts the input gets the prefix.
        case .first: text.originalStart == 0
        case .never: false
        }
        if prepend, let first = text.scalars.first, first != replacement {
            text.prepend(replacement)
        }
        return split ? text.splitMergedWithNext(on: replacement) : (text.isEmpty ? [] : [text])
    }

    /// HF `Metaspace::decode_chain`: `▁` becomes a space, except that every `▁` of the FIRST token is
    /// dropped when a prefix was being prepended.
    func decode(_ tokens: [String]) -> [String] {
        tokens.enumerated().map { index, token in
            let dropAll = index == 0 && prependScheme != .never
            var output = String.UnicodeScalarView()
            for scalar in token.unicodeScalars {
                if scalar == replacement {
                    if !dropAll { output.append(" ") }
                } else {
                    output.append(scalar)
                }
            }
            return String(output)
        }
    }
}
