/// The standard pattern detectors in one place, for the anonymizer and the proxy.
public enum PatternDetectors {
    /// Every built-in detector, cheapest first, followed by the configured custom ones.
    /// Each detector skips labels its input does not want, so passing all is cheap.
    public static func all(custom: [CustomRegexDetector] = []) -> [any PatternDetector] {
        var detectors: [any PatternDetector] = [
            EmailDetector(),
            CreditCardDetector(),
            IBANDetector(),
            PhoneDetector(),
            NationalIDDetector(),
            IPAddressDetector(),
            MACAddressDetector(),
            URLDetector(),
            SecretDetector(),
            UsernameDetector(),
            PersonNameDetector(),
            StreetAddressDetector(),
        ]
        detectors.append(contentsOf: custom as [any PatternDetector])
        return detectors
    }

    /// Runs `detectors` over `input` and returns every span, sorted by start then longest.
    /// Overlaps are kept: resolving them is the anonymizer's merge step.
    public static func spans(in input: DetectionInput, using detectors: [any PatternDetector] = all()) -> [Span] {
        var out: [Span] = []
        for d in detectors where input.labels.map({ !$0.isDisjoint(with: d.supportedLabels) }) ?? true {
            out.append(contentsOf: d.spans(in: input))
        }
        out.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        return out
    }
}
