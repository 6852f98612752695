/// User names where their context says so — the places the model, which reads prose, misses them:
///
/// - assignments to a user key: `user=jdoe`, `username: jdoe`, `"username": "jdoe"`, `login=…`,
///   `ruser=…` (key names normalised like ``SecretDetector``'s: `userName`, `user-name`, `USER_NAME`);
/// - authentication log phrases: `for [invalid ]user X`, `password for X from`, `user 'X'`,
///   `session opened for user X`, `of user X`;
/// - handles: `@jdoe` after a space, `(` or `[` (never at a line start: decorators and annotations);
/// - home directories: `/home/jdoe/`, `/Users/jdoe/`, `C:\Users\jdoe\`.
///
/// System accounts (`root`, `nobody`, `www-data`, …) are not personal data and are skipped. The
/// value is one token of letters, digits, `.`, `_`, `-` (2–64 scalars) with at least one letter.
public struct UsernameDetector: PatternDetector {
    public let name = "username"
    public let supportedLabels: Set<EntityLabel> = [.username]

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.username) else { return [] }
        let s = input.scalars
        var found: [Range<Int>] = []
        found += Self.assignments(s)
        found += Self.phrases(s)
        found += Self.handles(s)
        found += Self.homeDirectories(s)
        var seen = Set<Range<Int>>()
        return found.filter { seen.insert($0).inserted && Self.isUserName(s[$0]) }
            .sorted { $0.lowerBound < $1.lowerBound }
            .map { Span(start: $0.lowerBound, end: $0.upperBound, label: .username, score: 0.9, detector: name) }
    }
}

extension EntityLabel {
    public static let username: EntityLabel = "USERNAME"
}
