import Testing
@testable import Anonymizer

/// Model spans start and end on word boundaries, outside punctuation, and cross a line break
/// only for ADDRESS (issue #14: `re[NAME_3]`, `10:[DATE_3]`, `2.[COORDINATES_1].3`).
@Suite struct WordBoundaryHygieneTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var marks: [ModelStub.Mark]
        var expected: String
        var testDescription: String { expected }
    }

    static func mark(_ text: String, _ label: EntityLabel, _ occurrence: Int = 0) -> ModelStub.Mark {
        ModelStub.Mark(text: text, label: label, occurrence: occurrence)
    }

    static let cases: [Case] = [
        // A small part of a word is left out; most of a plain word takes the whole word.
        Case(text: "Best regards, the team", marks: [mark("re", .name)], expected: "Best regards, the team"),
        Case(text: "from Contoso Ltd", marks: [mark("toso", .organization)], expected: "from [ORGANIZATION_1] Ltd"),
        // The model's pieces of one word count together ("Anna Kow" + "ka" of "Kowalska").
        Case(text: "meet Anna Kowalska.", marks: [mark("Anna Kow", .name), mark("ka", .name)], expected: "meet [NAME_1]."),
        // Times, versions and dotted names are one word each.
        Case(text: "before the 10:30 meeting", marks: [mark("30", .init("DATE"))], expected: "before the [DATE_1] meeting"),
        Case(text: "upgrade to 2.3.3 now", marks: [mark("3", .init("COORDINATES"), 1)], expected: "upgrade to 2.3.3 now"),
        Case(text: "SELECT c.customer_name, SUM(o.total) FROM orders o", marks: [mark(", SUM(o", .address)],
             expected: "SELECT c.customer_name, SUM(o.total) FROM orders o"),
        // Code-like tokens are never completed from a part.
        Case(text: "use c.customer_name here", marks: [mark("customer_name", .name)], expected: "use c.customer_name here"),
        Case(text: "call getUserName first", marks: [mark("UserName", .name)], expected: "call getUserName first"),
        Case(text: "see build a1b2c3d4 log", marks: [mark("a1b2c3", .init("REFERENCE"))], expected: "see build a1b2c3d4 log"),
        // A name with an inner capital is no identifier.
        Case(text: "ask McAllister today", marks: [mark("Allister", .name)], expected: "ask [NAME_1] today"),
        // Punctuation, quotes and brackets stay outside.
        Case(text: "met (Anna Kowalska), then", marks: [mark("(Anna Kowalska),", .name)], expected: "met ([NAME_1]), then"),
        Case(text: "signed \"Anna Kowalska\".", marks: [mark("\"Anna Kowalska\".", .name)], expected: "signed \"[NAME_1]\"."),
        Case(text: "call (415) 555-2671 now", marks: [mark("(415) 555-2671 now", .phone)], expected: "call [PHONE_1] now"),
        // Only an address crosses a line break.
        Case(text: "Regards,\nAnna Kowalska\nWarsaw", marks: [mark("Anna Kowalska\nWarsaw", .name)],
             expected: "Regards,\n[NAME_1]\n[NAME_2]"),
        Case(text: "Ship to:\nul. Długa 5\n00-001 Warszawa\nThanks", marks: [mark("ul. Długa 5\n00-001 Warszawa", .address)],
             expected: "Ship to:\n[ADDRESS_1]\nThanks"),
        Case(text: "Thanks,\nAnna", marks: [mark("Thanks,\nAnna", .name)], expected: "Thanks,\n[NAME_1]"),
    ]

    @Test(arguments: cases)
    func spansLandOnWords(_ c: Case) async throws {
        let (result, map) = try await anonymizeFresh(c.text, Anonymizer(detectors: PatternDetectors.all() + [ModelStub(marks: c.marks)]))
        #expect(result.text == c.expected)
        #expect(Reidentifier(map: map).reidentify(result.text) == c.text)
    }
}
