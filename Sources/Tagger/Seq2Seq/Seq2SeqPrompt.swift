import Anonymizer
import Tokenizer

/// The instruction a seq2seq anonymizer reads: config.json `veil_prompt_template` with `{labels}` and
/// `{text}`, each label written as `veil_label_format` (default `[{label}]`) and joined by
/// `veil_label_separator` (default `", "`).
///
/// The encoder input is `encode(prefix) + text ids + encode(suffix) + [</s>]`, where prefix and suffix are
/// the template around `{text}` (the prefix without its trailing spaces: the text's first token carries
/// the `▁`, as when the joined string is encoded). The text is encoded once, so a window is a slice of
/// its tokens and offsets stay those of the whole text. `Training/seq2seq.py::encoder_input` is the same.
public struct Seq2SeqPrompt: Sendable, Equatable {
    /// The default: the tutorial's shape — the labels, then the text.
    public static let defaultTemplate = "Anonymize the following text by replacing PII with tags. Labels: {labels}\nText: {text}"

    public let template: String
    public let labelFormat: String
    public let separator: String

    public init(template: String = Self.defaultTemplate, labelFormat: String = "[{label}]", separator: String = ", ")
        throws(Seq2SeqAnonymizerError) {
        guard template.components(separatedBy: "{text}").count == 2 else {
            throw .badConfig("veil_prompt_template must contain {text} exactly once")
        }
        guard labelFormat.contains("{label}") else { throw .badConfig("veil_label_format must contain {label}") }
        self.template = template
        self.labelFormat = labelFormat
        self.separator = separator
    }

    init(config: JSONValue) throws(Seq2SeqAnonymizerError) {
        try self.init(template: config["veil_prompt_template"]?.stringValue ?? Self.defaultTemplate,
                      labelFormat: config["veil_label_format"]?.stringValue ?? "[{label}]",
                      separator: config["veil_label_separator"]?.stringValue ?? ", ")
    }

    /// The template's text before and after `{text}`, labels filled in.
    public func parts(labels: [String]) -> (prefix: String, suffix: String) {
        let listed = labels.map { labelFormat.replacingOccurrences(of: "{label}", with: $0) }.joined(separator: separator)
        let filled = template.replacingOccurrences(of: "{labels}", with: listed)
        let pieces = filled.components(separatedBy: "{text}")
        var prefix = pieces.first ?? ""
        while prefix.hasSuffix(" ") { prefix.removeLast() }
        return (prefix, pieces.count > 1 ? pieces[1] : "")
    }

    /// Prefix and suffix ids (no special tokens).
    public func ids(labels: [String], tokenizer: Tokenizer) -> (prefix: [Int], suffix: [Int]) {
        let (prefix, suffix) = parts(labels: labels)
        return (prefix.isEmpty ? [] : tokenizer.encode(prefix, addSpecialTokens: false),
                suffix.isEmpty ? [] : tokenizer.encode(suffix, addSpecialTokens: false))
    }
}

/// Cuts a text's tokens into consecutive windows of at most `room` tokens for a seq2seq anonymizer:
/// unlike the tagger's overlapping windows, every token is rewritten by exactly one window. A window ends,
/// by preference, after a line break, then after a sentence (`.`, `!`, `?` and a space), then before a
/// word, then at any tag boundary — the farthest such cut past a quarter of the room.
public enum Seq2SeqWindows {
    public static func ranges(offsets: [Range<Int>], pieces: [String], scalars: [Unicode.Scalar], room: Int) -> [Range<Int>] {
        let n = offsets.count
        guard n > 0 else { return [] }
        let room = max(1, room)
        let source = CopySource(ids: [Int](repeating: 0, count: n), offsets: offsets, pieces: pieces)
        func level(_ j: Int) -> Int {
            guard source.boundary[j] else { return -1 }
            let gapStart = offsets[j - 1].upperBound
            var k = offsets[j].lowerBound
            while k < scalars.count, k < offsets[j].upperBound, scalars[k].properties.isWhitespace { k += 1 }
            let gap = gapStart < k ? scalars[gapStart..<k] : []
            if gap.contains(where: { $0 == "\n" || $0 == "\r" }) { return 3 }
            if !gap.isEmpty, gap.allSatisfy({ $0.properties.isWhitespace }), gapStart > 0,
               [".", "!", "?"].contains(scalars[gapStart - 1]) { return 2 }
            return source.wordStart[j] ? 1 : 0
        }
        var out: [Range<Int>] = []
        var start = 0
        while n - start > room {
            let limit = start + room
            var best = limit, bestLevel = -1
            for j in stride(from: limit, to: start + max(1, room / 4), by: -1) {
                let l = level(j)
                if l > bestLevel { best = j; bestLevel = l }
                if l == 3 { break }
            }
            out.append(start..<best)
            start = best
        }
        out.append(start..<n)
        return out
    }
}
