/// A `tokenizer.json` decoder (HF `decoders/*.rs`): each step maps the list of token strings to a new list,
/// and the final list is concatenated.
indirect enum TokenDecoder: Sendable {
    case metaspace(Metaspace)
    /// `<0xNN>` runs become their UTF-8 text; invalid UTF-8 gives one U+FFFD per byte.
    case byteFallback
    case fuse
    /// Removes up to `start` leading and `stop` trailing `content` scalars from each token.
    case strip(content: Unicode.Scalar, start: Int, stop: Int)
    case replace(ReplacePattern, content: String)
    case sequence([TokenDecoder])

    func decodeChain(_ tokens: [String]) -> [String] {
        switch self {
        case .metaspace(let metaspace):
            metaspace.decode(tokens)
        case .byteFallback:
            Self.byteFallback(tokens)
        case .fuse:
            [tokens.joined()]
        case .strip(let content, let start, let stop):
            tokens.map { Self.strip($0, content: content, start: start, stop: stop) }
        case .replace(let pattern, let content):
            tokens.map { pattern.replacingMatches(in: $0, with: content) }
        case .sequence(let decoders):
            decoders.reduce(tokens) { $1.decodeChain($0) }
        }
    }

    private static func byteFallback(_ tokens: [String]) -> [String] {
        var output: [String] = []
        var pending: [UInt8] = []
        func flush() {
            guard !pending.isEmpty else { return }
            if let text = String(validating: pending, as: UTF8.self) {
                output.append(text)
            } else {
                output.append(contentsOf: repeatElement("\u{FFFD}", count: pending.count))
            }
            pending.removeAll()
        }
        for token in tokens {
            if let byte = byteValue(token) {
                pending.append(byte)
            } else {
                flush()
                output.append(token)
            }
        }
        flush()
        return output
    }

    /// The byte of a `<0xNN>` token (exactly six scalars, two hex digits).
    static func byteValue(_ token: String) -> UInt8? {
        let utf8 = Array(token.utf8)
        guard utf8.count == 6, utf8[0] == UInt8(ascii: "<"), utf8[1] == UInt8(ascii: "0"),
              utf8[2] == UInt8(ascii: "x"), utf8[5] == UInt8(ascii: ">")
        else { return nil }
        return UInt8(String(decoding: utf8[3...4], as: UTF8.self), radix: 16)
    }

    private static func strip(_ token: String, content: Unicode.Scalar, start: Int, stop: Int) -> String {
        let scalars = Array(token.unicodeScalars)
        var lower = 0
        while lower < min(start, scalars.count), scalars[lower] == content { lower += 1 }
        var upper = scalars.count
        while scalars.count - upper < stop, upper > lower, scalars[upper - 1] == content { upper -= 1 }
        return String(String.UnicodeScalarView(scalars[lower..<upper]))
    }
}
