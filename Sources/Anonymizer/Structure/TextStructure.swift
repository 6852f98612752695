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
    /// Code-shaped values of config and log lines (`user: Elwyn.Skiles`, `password: gX69YO4C…`):
    /// blocked for most labels, open to ``identifierLabels``, whose values have that shape.
    public let identifierValues: RangeSet<Int>

    /// Labels whose values look like identifiers, so a code-shaped config or log value may be one.
    public static let identifierLabels: Set<EntityLabel> = ["USERNAME", .secret, .password, "ACCOUNT", .nationalID]

    public init(_ scalars: [Unicode.Scalar]) {
        var scanner = StructureScanner(scalars)
        scanner.scan()
        blocked = RangeSet(scanner.blocked)
        identifierValues = RangeSet(scanner.identifierValues)
        blockedForIdentifiers = blocked.subtracting(identifierValues)
    }

    /// `blocked` less the identifier values, computed once per text.
    private let blockedForIdentifiers: RangeSet<Int>

    /// Where the model may not tag a span of `label`.
    public func blocked(for label: EntityLabel) -> RangeSet<Int> {
        Self.identifierLabels.contains(label) ? blockedForIdentifiers : blocked
    }

    public init(_ text: String) {
        self.init(Array(text.unicodeScalars))
    }

    /// True when no scalar of `r` is blocked.
    public func allows(_ r: Range<Int>) -> Bool {
        r.isEmpty || blocked.isDisjoint(RangeSet(r))
    }
}
