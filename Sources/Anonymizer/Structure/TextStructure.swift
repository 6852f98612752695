/// The structured parts of a message — fenced and inline code, JSON, `key: value` config blocks,
/// SQL statements and log lines — as the scalar ranges the model may not tag.
///
/// Inside those regions the model never masks keys, identifiers, keywords or numbers. What stays
/// open to it: string literals and comments in code and SQL, JSON string values (never keys), the
/// values of config lines and the message of log lines where they read as prose (words, not
/// identifiers, paths or numbers). Everything outside the regions is prose and fully open.
/// Pattern detectors are not restricted by structure: secrets, e-mails and IPs are found anywhere.
///
/// One forward pass over the scalars (``StructureScanner``); no regular expressions. It runs only
/// for texts where the model found something.
public struct TextStructure: Sendable {
    /// Where the model may not tag, sorted and merged.
    public let blocked: RangeSet<Int>

    public init(_ scalars: [Unicode.Scalar]) {
        var scanner = StructureScanner(scalars)
        scanner.scan()
        blocked = RangeSet(scanner.blocked)
    }

    public init(_ text: String) {
        self.init(Array(text.unicodeScalars))
    }

    /// True when no scalar of `r` is blocked.
    public func allows(_ r: Range<Int>) -> Bool {
        r.isEmpty || blocked.isDisjoint(RangeSet(r))
    }
}
