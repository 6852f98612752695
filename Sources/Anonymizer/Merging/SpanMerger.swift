/// Merges the spans of several detectors into non-overlapping spans, sorted by start.
///
/// Overlapping spans form a cluster (transitively). The cluster becomes ONE span covering
/// their union, typed by the cluster's winner, chosen deterministically by:
/// 1. higher policy severity (mask > placeholder > keep),
/// 2. validated (checksum) before not,
/// 3. longer,
/// 4. higher score,
/// 5. detector name, then label, then start (ascending) as final tie-breakers.
///
/// Taking the union rather than dropping the losers means no part of any detected value is
/// left in clear, and nothing can split a placeholder; giving it the winner's type means a
/// password inside a database URL is masked, never typed as a reversible e-mail.
/// Spans that merely touch (`a.end == b.start`) do not overlap.
///
/// Pattern spans are authoritative: a model span (`Span.Origin.model`) never joins a cluster
/// with a pattern span. ``SpanHygiene`` has already cut model spans to the parts outside every
/// pattern span; a model span that still overlaps one (a caller that skipped the hygiene) is
/// dropped here, so the union never happens between the two.
public enum SpanMerger {
    public static func merge(_ spans: [Span], policy: RedactionPolicy) -> [Span] {
        let sorted = withoutModelOverlaps(spans.filter { $0.start < $0.end }).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged: [Span] = []
        var cluster: [Span] = []
        var clusterEnd = Int.min
        for span in sorted {
            if !cluster.isEmpty, span.start >= clusterEnd {
                merged.append(resolve(cluster, policy: policy))
                cluster.removeAll(keepingCapacity: true)
            }
            cluster.append(span)
            clusterEnd = max(cluster.count == 1 ? span.end : clusterEnd, span.end)
        }
        if !cluster.isEmpty { merged.append(resolve(cluster, policy: policy)) }
        return merged
    }

    /// True when `a` should win over `b`.
    public static func outranks(_ a: Span, _ b: Span, policy: RedactionPolicy) -> Bool {
        let sa = policy.action(for: a.label).severity, sb = policy.action(for: b.label).severity
        if sa != sb { return sa > sb }
        if a.validated != b.validated { return a.validated }
        if a.length != b.length { return a.length > b.length }
        if a.score != b.score { return a.score > b.score }
        if a.detector != b.detector { return a.detector < b.detector }
        if a.label != b.label { return a.label < b.label }
        return a.start < b.start
    }

    /// `spans` less the model spans that overlap a pattern span.
    static func withoutModelOverlaps(_ spans: [Span]) -> [Span] {
        let patterns = spans.filter { $0.origin == .pattern }.map(\.range)
        guard !patterns.isEmpty, patterns.count < spans.count else { return spans }
        let covered = RangeSet(patterns)
        return spans.filter { $0.origin == .pattern || covered.isDisjoint(RangeSet($0.range)) }
    }

    private static func resolve(_ cluster: [Span], policy: RedactionPolicy) -> Span {
        var winner = cluster[0]
        for span in cluster.dropFirst() where outranks(span, winner, policy: policy) { winner = span }
        winner.start = cluster.map(\.start).min() ?? winner.start
        winner.end = cluster.map(\.end).max() ?? winner.end
        return winner
    }
}
