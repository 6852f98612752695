import Testing
@testable import Anonymizer

@Suite struct EmailDetectorTests {
    static let positives: [(String, String)] = [
        ("Zoë 😀 mail: a@b.co", "a@b.co"),
        ("Contact john.doe@example.com today", "john.doe@example.com"),
        ("mailto:jane@example.org", "jane@example.org"),
        ("<bob.smith+tag@mail.example.co.uk>", "bob.smith+tag@mail.example.co.uk"),
        ("Send to first_last@sub-domain.example.io.", "first_last@sub-domain.example.io"),
        ("(alice@example.com)", "alice@example.com"),
        ("\"quoted@example.net\"", "quoted@example.net"),
        ("user%ops@example.com", "user%ops@example.com"),
        ("Write o'brien@example.ie now", "o'brien@example.ie"),
        ("'single@example.com'", "single@example.com"),
        ("józef.nowak@poczta.pl", "józef.nowak@poczta.pl"),
        ("email: x@xn--80ak6aa92e.com", "x@xn--80ak6aa92e.com"),
        ("a.b.c@d-e.f-g.travel", "a.b.c@d-e.f-g.travel"),
        ("1234567890@numbers.example", "1234567890@numbers.example"),
        ("mail=someone@example.com&x=1", "someone@example.com"),
        ("日本語 test@example.jp です", "test@example.jp"),
        ("href=\"mailto:info@example.de?subject=Hi\"", "info@example.de"),
        ("From: Müller <mueller@example.de>", "mueller@example.de"),
        ("x@y.museum", "x@y.museum"),
        ("ZOË@EXAMPLE.COM", "ZOË@EXAMPLE.COM"),
        ("🇵🇱🇵🇱 kontakt:biuro@firma.com.pl;", "biuro@firma.com.pl"),
        ("a-b@c.io,", "a-b@c.io"),
    ]

    static let negatives: [String] = [
        "@john mentioned it", "user@localhost", "lodash@4.17.21", "icon@2x.png", "a@b", "a@b.c",
        "curl -H 'Content-Type: application/json' -d@index-settings.json", "load config@settings.yaml",
        "@Test func x()", "foo@.com", "foo@-bar.com", "foo.@bar.com", "foo..bar@baz.com",
        "https://user:pass@host.example.com/", "price is 5 @ 3.50", "name@domain.123", "@@double",
        "npm install @scope/pkg", "email me at", "a @ b.com", "git-ref@{upstream}", "x@y.c0m", "logo@3x.jpg",
    ]

    @Test(arguments: positives) func findsAddress(_ c: (String, String)) {
        #expect(DetectorHarness.values(EmailDetector(), c.0, .email) == [c.1])
    }

    @Test(arguments: negatives) func ignoresNonAddress(_ text: String) {
        #expect(DetectorHarness.values(EmailDetector(), text, .email).isEmpty)
    }

    @Test func findsSeveralAndMarksThemValidated() {
        let spans = DetectorHarness.spans(EmailDetector(), "Reply-To: support@company.com, sales@company.com")
        #expect(spans.count == 2)
        #expect(spans.allSatisfy { $0.validated && $0.score == 1 && $0.detector == "email" })
    }

    @Test func respectsWantedLabels() {
        let input = DetectionInput("a@b.co", labels: [.phone])
        #expect(EmailDetector().spans(in: input).isEmpty)
    }
}
