@testable import Anonymizer

/// Runs a detector on a text and returns the covered substrings with `label`, so table tests
/// compare exact values (a wrong scalar offset shows up as a wrong substring).
enum DetectorHarness {
    static func values(_ detector: some PatternDetector, _ text: String, _ label: EntityLabel) -> [String] {
        let input = DetectionInput(text)
        return detector.spans(in: input).filter { $0.label == label }.map { input.text(of: $0) }
    }

    static func spans(_ detector: some PatternDetector, _ text: String) -> [Span] {
        detector.spans(in: DetectionInput(text))
    }
}
