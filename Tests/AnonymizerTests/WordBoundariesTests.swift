import Testing
@testable import Anonymizer

@Suite struct WordBoundariesTests {
    static func snapped(_ text: String, _ part: String, extending: Bool = true, occurrence: Int = 0) -> String {
        let s = Array(text.unicodeScalars)
        let words = WordBoundaries(s)
        guard let r = ModelStub.range(of: part, in: s, occurrence: occurrence) else { return "<missing>" }
        return s.string(words.snapped(r, extending: extending))
    }

    static func trimmed(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        return s.string(WordBoundaries(s).trimmed(0..<s.count))
    }

    @Test func compoundsJoinWordsAcrossSingleJoiners() {
        let s = Array("see c.customer_name, 10:30 and a - b".unicodeScalars)
        let words = WordBoundaries(s)
        #expect(s.string(words.compound(around: 5)) == "c.customer_name")
        #expect(s.string(words.compound(around: 21)) == "10:30")
        #expect(!words.cuts(at: 33))  // "a - b": spaced dash joins nothing
    }

    @Test func mostOfAPlainWordTakesTheWholeWord() {
        #expect(Self.snapped("from Contoso Ltd", "toso") == "Contoso")
        #expect(Self.snapped("the 10:30 slot", "30") == "10:30")
        #expect(Self.snapped("Jean-Luc Picard", "Jean") == "Jean-Luc")
        #expect(Self.snapped("Anna Kowalska-Nowak lives", "Anna Kowalska") == "Anna Kowalska-Nowak")
    }

    @Test func aSmallPartIsLeftOut() {
        #expect(Self.snapped("from Contoso Ltd", "Con") == "")
        #expect(Self.snapped("Best regards", "re") == "")
    }

    @Test func codeLikeTokensAreNeverCompleted() {
        #expect(Self.snapped("use c.customer_name", "customer_name") == "")
        #expect(Self.snapped("v 2.3.3 ok", "3", occurrence: 1) == "")
        #expect(Self.snapped("call getUserName", "getUser") == "")
        #expect(Self.snapped("id a1b2c3d4", "a1b2c3") == "")
        #expect(Self.snapped("mail anna@firma.pl", "anna") == "")
        #expect(Self.snapped("Hi Anna Smith, ok", "Anna Smith") == "Anna Smith")
    }

    @Test func piecesOfOneWordCountTogether() {
        let s = Array("meet Anna Kowalska.".unicodeScalars)
        let words = WordBoundaries(s)
        let coverage = RangeSet([5..<13, 16..<18])  // "Anna Kow", "ka"
        #expect(s.string(words.snapped(5..<13)) == "Anna ")
        #expect(s.string(words.snapped(5..<13, coverage: coverage)) == "Anna Kowalska")
        #expect(s.string(words.snapped(16..<18, coverage: coverage)) == "Kowalska")
    }

    @Test func withoutExtendingACutWordIsLeftOut() {
        #expect(Self.snapped("from Contoso Ltd", "toso Ltd", extending: false) == " Ltd")
    }

    @Test func punctuationQuotesAndUnmatchedBracketsAreTrimmed() {
        #expect(Self.trimmed(" (Anna Kowalska), ") == "Anna Kowalska")
        #expect(Self.trimmed("\u{201C}Anna\u{201D}.") == "Anna")
        #expect(Self.trimmed("(415) 555-2671.") == "(415) 555-2671")
        #expect(Self.trimmed("Anna (Ania)") == "Anna (Ania)")
        #expect(Self.trimmed("<anna@firma.pl>") == "anna@firma.pl")
        #expect(Self.trimmed("+48 601 234 567") == "+48 601 234 567")
        #expect(Self.trimmed("snake_case_") == "snake_case_")
        #expect(Self.trimmed("...") == "")
    }
}
