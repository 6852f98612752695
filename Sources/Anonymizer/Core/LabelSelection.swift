/// Reads a list of label names (a header, a setting, a JSON line) against the labels the loaded
/// detectors can produce. A name no detector knows is an error, never "detect nothing": a typo
/// such as `EMIAL` would otherwise forward every value in the clear. An empty list is an error
/// too, for the same reason.
public enum LabelSelection {
    /// What is wrong with a list of label names; the message names the valid labels, never text.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The list names no label at all (empty, or only commas and spaces).
        case empty(known: [EntityLabel])
        /// Names that are not labels of any loaded detector.
        case unknown([String], known: [EntityLabel])

        public var description: String {
            switch self {
            case .empty(let known):
                "names no label; valid labels: \(Self.list(known))"
            case .unknown(let names, let known):
                "names unknown label\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")); valid labels: \(Self.list(known))"
            }
        }

        static func list(_ labels: [EntityLabel]) -> String {
            labels.isEmpty ? "(none: no detector is loaded)" : labels.map(\.rawValue).joined(separator: ", ")
        }
    }

    /// The labels `names` selects. Names are trimmed and upper-cased (`email` is `EMAIL`), and other
    /// names of a label are read as it (``EntityLabel/aliases``: `ID_NUMBER` is `NATIONAL_ID`);
    /// empty names (`EMAIL,,PHONE`) are skipped, but a list with no name at all is ``Failure/empty(known:)``.
    /// Names outside `known` are reported (at most 8 of them, each at most 40 characters, so a
    /// hostile header cannot make the message huge).
    public static func parse(_ names: some Sequence<some StringProtocol>, known: Set<EntityLabel>) throws(Failure) -> Set<EntityLabel> {
        var labels = Set<EntityLabel>()
        var unknown: [String] = []
        for raw in names {
            let name = trimmed(raw).uppercased()
            if name.isEmpty { continue }
            let label = EntityLabel.aliases[name] ?? EntityLabel(name)
            if known.contains(label) {
                labels.insert(label)
            } else if unknown.count < 8, !unknown.contains(shown(name)) {
                unknown.append(shown(name))
            }
        }
        let sorted = known.sorted()
        if !unknown.isEmpty { throw .unknown(unknown, known: sorted) }
        if labels.isEmpty { throw .empty(known: sorted) }
        return labels
    }

    /// `parse` over a comma-separated list (`"EMAIL, PHONE"`).
    public static func parse(commaSeparated text: some StringProtocol, known: Set<EntityLabel>) throws(Failure) -> Set<EntityLabel> {
        try parse(text.split(separator: ",", omittingEmptySubsequences: false), known: known)
    }

    /// A name as an error message shows it: label characters only (others as `?`), at most 40.
    private static func shown(_ name: String) -> String {
        let safe = String(name.prefix(40).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "?" })
        return name.count > 40 ? safe + "…" : safe
    }

    private static func trimmed(_ s: some StringProtocol) -> Substring {
        var s = Substring(s)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

extension Anonymizer {
    /// Every label some detector of this anonymizer can produce: the labels a request, a setting
    /// or a JSON line may name (``LabelSelection``). Depends on what is loaded (patterns only,
    /// custom detectors, the model).
    public var supportedLabels: Set<EntityLabel> {
        detectors.reduce(into: Set<EntityLabel>()) { $0.formUnion($1.supportedLabels) }
    }
}
