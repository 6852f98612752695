import Foundation

/// The `pattern` of a `Replace` normalizer or decoder: `{"String": ...}` (literal) or `{"Regex": ...}`.
enum ReplacePattern: Sendable {
    case literal([Unicode.Scalar])
    /// HF uses Oniguruma; ICU's syntax (NSRegularExpression) agrees on the patterns tokenizer.json files use
    /// (`" {2,}"`, `"\\s+"`, character classes).
    case regex(NSRegularExpression)

    /// Non-overlapping matches, left to right, as scalar offsets.
    func matches(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        switch self {
        case .literal(let needle):
            guard !needle.isEmpty, needle.count <= scalars.count else { return [] }
            var found: [Range<Int>] = []
            var index = 0
            while index + needle.count <= scalars.count {
                if scalars[index] == needle[0], scalars[index..<(index + needle.count)].elementsEqual(needle) {
                    found.append(index..<(index + needle.count))
                    index += needle.count
                } else {
                    index += 1
                }
            }
            return found
        case .regex(let regex):
            let string = String(String.UnicodeScalarView(scalars))
            let results = regex.matches(
                in: string, range: NSRange(location: 0, length: string.utf16.count)
            )
            guard !results.isEmpty else { return [] }
            // UTF-16 offset → scalar offset.
            var scalarAt = [Int](repeating: 0, count: string.utf16.count + 1)
            var utf16 = 0
            for (index, scalar) in scalars.enumerated() {
                let width = scalar.utf16.count
                for step in 0..<width { scalarAt[utf16 + step] = index }
                utf16 += width
            }
            scalarAt[utf16] = scalars.count
            return results.compactMap { result in
                let range = result.range
                guard range.location != NSNotFound, range.length > 0 else { return nil }
                return scalarAt[range.location]..<scalarAt[range.location + range.length]
            }
        }
    }

    /// Literal replacement over a whole string (used by the `Replace` decoder).
    func replacingMatches(in text: String, with content: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let found = matches(in: scalars)
        guard !found.isEmpty else { return text }
        var output = String.UnicodeScalarView()
        var last = 0
        for range in found {
            output.append(contentsOf: scalars[last..<range.lowerBound])
            output.append(contentsOf: content.unicodeScalars)
            last = range.upperBound
        }
        output.append(contentsOf: scalars[last...])
        return String(output)
    }
}
