import Testing
@testable import Anonymizer

/// Span authority: validated pattern spans win; model spans are cut around them and what is left
/// survives only as a value on its own (issue #14, "Span authority and hygiene").
@Suite struct SpanHygieneTests {
    static let issueText = "Mail anna.kowalska@firma.pl about card 5294 7716 3058 2245; refund to DE02500105170137075030. Key AKIA4QZ7RX2M9TLKW3HD leaked."

    @Test(arguments: [EntityLabel.name, .email])
    func modelClausesAroundValidatedValuesAreCutAway(_ mailLabel: EntityLabel) async throws {
        let anonymizer = withModel([
            ("Mail anna.kowalska@firma.pl", mailLabel),
            ("DE02500105170137075030. Key AKIA4QZ7RX2M9TLKW3HD leaked.", "ACCOUNT"),
        ])
        let (result, map) = try await anonymizeFresh(Self.issueText, anonymizer)
        #expect(result.text == "Mail [EMAIL_1] about card [CREDIT_CARD_1]; refund to [IBAN_1]. Key [SECRET_1] leaked.")
        #expect(map.value(for: Placeholder(label: .email, index: 1)) == "anna.kowalska@firma.pl")
        #expect(map.value(for: Placeholder(label: .iban, index: 1)) == "DE02500105170137075030")
        #expect(Reidentifier(map: map).reidentify(result.text) == Self.issueText)
    }

    @Test func oneAddressGetsOnePlaceholderWhateverTheModelDrewAroundIt() async throws {
        var map = PlaceholderMap()
        let first = try await withModel([("My mail is anna.kowalska@firma.pl.", .email)])
            .anonymize("My mail is anna.kowalska@firma.pl.", map: &map)
        let second = try await withModel([("to anna.kowalska@firma.pl", .name)])
            .anonymize("Please forward the invoice to anna.kowalska@firma.pl", map: &map)
        #expect(first.text == "My mail is [EMAIL_1].")
        #expect(second.text == "Please forward the invoice to [EMAIL_1]")
        #expect(map.count == 1)
        #expect(map.value(for: Placeholder(label: .email, index: 1)) == "anna.kowalska@firma.pl")
    }

    @Test func aModelSpanNeverRelabelsAPatternSpan() async throws {
        let (result, _) = try await anonymizeFresh("write to anna@firma.pl today", withModel([("anna@firma.pl", .phone)]))
        #expect(result.text == "write to [EMAIL_1] today")
    }

    @Test func aNameNextToAValidatedValueSurvivesTheCut() async throws {
        let (result, _) = try await anonymizeFresh("Contact Anna Kowalska anna@firma.pl now",
                                                   withModel([("Anna Kowalska anna@firma.pl", .name)]))
        #expect(result.text == "Contact [NAME_1] [EMAIL_1] now")
    }

    @Test(arguments: ["leaked", "refund to", "about card"])
    func lowerCaseProseLeftOfACutIsNoValue(_ words: String) async throws {
        let text = "Key AKIA4QZ7RX2M9TLKW3HD \(words)."
        let (result, _) = try await anonymizeFresh(text, withModel([("AKIA4QZ7RX2M9TLKW3HD \(words)", .name)]))
        #expect(result.text == "Key [SECRET_1] \(words).")
    }

    @Test(arguments: ["Hi", "Hello", "Dear", "Thanks", "Key", "Mail"])
    func greetingsAndIntroducingWordsAreNoValues(_ word: String) async throws {
        let text = "\(word) team, see you"
        let (result, _) = try await anonymizeFresh(text, withModel([(word, .location)]))
        #expect(result.text == text)
    }

    @Test func punctuationAloneIsNoValue() async throws {
        let (result, _) = try await anonymizeFresh("two-line, Tuesday's", withModel([("-", .name), ("'s", .name)]))
        #expect(result.text == "two-line, Tuesday's")
    }

    @Test func labelsWhoseValuesHoldDigitsNeedOne() async throws {
        let text = "Explain the difference between TCP and UDP in simple terms"
        let (result, _) = try await anonymizeFresh(text, withModel([("simple", "AGE"), ("UDP", "ACCOUNT")]))
        #expect(result.text == text)
    }

    @Test func patternSpansStayUnchangedWithoutModelSpans() {
        let input = DetectionInput("x")
        let spans = [Span(start: 0, end: 1, label: .name, detector: "p")]
        #expect(SpanHygiene.apply(spans, input: input) == spans)
        #expect(Span(start: 0, end: 1, label: .name, detector: "p").origin == .pattern)
    }
}
