import Testing
@testable import Anonymizer

@Suite struct CustomRegexDetectorTests {
    @Test func mapsUTF16RangesToScalarOffsets() throws {
        let d = try CustomRegexDetector(label: "EMPLOYEE_ID", pattern: #"EMP-\d{6}"#)
        let text = "Zoë 😀 EMP-123456 and 🇵🇱 EMP-654321."
        #expect(DetectorHarness.values(d, text, "EMPLOYEE_ID") == ["EMP-123456", "EMP-654321"])
        #expect(d.name == "custom:EMPLOYEE_ID" && d.supportedLabels == ["EMPLOYEE_ID"])
    }

    @Test func invalidPatternThrowsTypedError() {
        #expect(throws: CustomRegexDetector.Error.self) { try CustomRegexDetector(label: "X", pattern: "EMP-(\\d") }
    }

    @Test func invalidLabelThrows() {
        #expect(throws: CustomRegexDetector.Error.invalidLabel("emp id")) {
            try CustomRegexDetector(label: "emp id", pattern: "x")
        }
    }

    @Test func caseInsensitiveAndScore() throws {
        let d = try CustomRegexDetector(label: "PROJECT", pattern: "project-[a-z]+", caseInsensitive: true, score: 0.7)
        let spans = DetectorHarness.spans(d, "see PROJECT-Falcon now")
        #expect(spans.count == 1 && spans[0].score == 0.7 && !spans[0].validated)
    }

    @Test func skipsEmptyMatchesAndUnwantedLabels() throws {
        let d = try CustomRegexDetector(label: "DIGITS", pattern: #"\d*"#)
        #expect(DetectorHarness.values(d, "ab 12 c", "DIGITS") == ["12"])
        #expect(d.spans(in: DetectionInput("12", labels: [.email])).isEmpty)
    }
}
