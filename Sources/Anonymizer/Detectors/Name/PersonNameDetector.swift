/// Person names where the words around them say so — the cues a reader relies on, and which the
/// tagger, reading word by word, often misses in plain prose:
///
/// - **greetings** at a line start: `Hi Priya,`, `Dear Anna Kowalska,`, `Thanks Tom!`;
/// - **titles**: `Mr. Thompson`, `Dr Anna Weber`, `Frau Müller` (title and name, one value);
/// - **sign-offs**: the name line after `Best regards,`, `Thanks,`, `Cheers,` … (or on the same line);
/// - **roles**: `my colleague Jonas Weber`, `Teacher Oliver Malachi`, `patient Maria Lopez`;
/// - **name fields**: `Name: Jane`, `first_name="Jane"`, `"full_name": "Anna Kowalska"`;
/// - **mailboxes**: `"Joe Q. Public" <john@example.com>`;
/// - **speakers**: `Rose: analyse the data` when the word is a known given name.
///
/// A capitalised pair alone (`Abraham Lincoln`, `Derek Jeter`) is a cue only at `high-recall`: in
/// everyday prompts it is mostly a public figure, which the tagger, reading the sentence, may still
/// label.
///
/// Weak cues (roles, a generic `name` key, speakers, unquoted mailboxes) need the first word to be a
/// known given name (``GivenNames``); strong ones (greetings, titles, sign-offs, person keys, mailboxes) take
/// any capitalised words that are not ordinary ones (``NameWords/notNames``: `Hi team`, `Dear Hiring
/// Manager`).
public struct PersonNameDetector: PatternDetector {
    public let name = "person-name"
    public let supportedLabels: Set<EntityLabel> = [.name]

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.name) else { return [] }
        let s = input.scalars
        var found: [(Range<Int>, Double)] = []
        let lines = Self.lines(s)
        found += Self.greetings(s, lines).map { ($0, 0.9) }
        found += Self.titles(s).map { ($0, 0.9) }
        found += Self.signOffs(s, lines).map { ($0, 0.9) }
        found += Self.roles(s).map { ($0, 0.85) }
        found += Self.fields(s).map { ($0, 0.85) }
        found += Self.mailboxes(s).map { ($0, 0.9) }
        found += Self.speakers(s, lines).map { ($0, 0.8) }
        if input.sensitivity == .highRecall { found += Self.pairs(s).map { ($0, 0.7) } }
        var seen = Set<Range<Int>>()
        return found.filter { seen.insert($0.0).inserted }
            .sorted { ($0.0.lowerBound, $1.0.upperBound) < ($1.0.lowerBound, $0.0.upperBound) }
            .map { Span(start: $0.0.lowerBound, end: $0.0.upperBound, label: .name, score: $0.1, detector: name) }
    }

    /// Each line's range (without its break).
    static func lines(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for i in s.indices where s[i].isLineBreak {
            out.append(start..<i)
            start = i + 1
        }
        out.append(start..<s.count)
        return out
    }

    /// The first index in `r` past spaces, tabs and list or quote markers (`-`, `*`, `>`, `"`).
    static func contentStart(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Int {
        var i = r.lowerBound
        while i < r.upperBound, [0x20, 0x09, 0x2D, 0x2A, 0x3E, 0x22, 0x2022].contains(s[i].value) { i += 1 }
        return i
    }

    /// True when a value ends at `i`: the line ends, or punctuation that closes a name follows.
    static func endsName(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard let c = s.at(i) else { return true }
        if c.isLineBreak { return true }
        switch c.value {
        case 0x2C, 0x21, 0x3A, 0x3B, 0x2E, 0x22, 0x27, 0x29, 0x7D, 0x5D, 0x7C, 0x3F: return true  // , ! : ; . " ' ) } ] | ?
        case 0x20, 0x09:  // trailing spaces, or a dash, bracket or mailbox after one
            var j = i
            while let c = s.at(j), c.value == 0x20 || c.value == 0x09 { j += 1 }
            return s.at(j).map { $0.isLineBreak || $0.value == 0x2D || $0.value == 0x2014 || $0.value == 0x28 || $0.value == 0x3C } ?? true
        default: return false
        }
    }
}
