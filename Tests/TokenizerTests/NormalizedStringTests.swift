import Testing
@testable import Tokenizer

@Suite struct NormalizedStringTests {
    func make(_ text: String) -> NormalizedString {
        NormalizedString(original: Array(text.unicodeScalars)[...])
    }

    func text(_ value: NormalizedString) -> String { String(String.UnicodeScalarView(value.scalars)) }

    @Test func replaceTakesTheAlignmentOfTheMatchsLastScalar() {
        var value = make("a   b")
        value.replace(matches: [1..<4], with: [" "])
        #expect(text(value) == "a b")
        #expect(value.alignments.map(\.start) == [0, 3, 4])
    }

    @Test func expansionInsertsWithThePreviousAlignment() {
        var value = make("ﬁx")
        value.transform(changes: [.init(scalar: "f", change: 0), .init(scalar: "i", change: 1),
                                  .init(scalar: "x", change: 0)])
        #expect(text(value) == "fix")
        #expect(value.originalRange(of: 0..<2) == 0..<1)
        #expect(value.originalRange(of: 2..<3) == 1..<2)
    }

    @Test func removalSkipsTheRemovedScalars() {
        var value = make("ab\u{200B}c")
        value.transform(changes: [.init(scalar: "a", change: 0), .init(scalar: "b", change: -1),
                                  .init(scalar: "c", change: 0)])
        #expect(text(value) == "abc")
        #expect(value.alignments.map(\.start) == [0, 1, 3])
    }

    @Test func sliceKeepsAbsoluteOffsets() {
        let value = make("hello world").slice(6..<11)
        #expect(value.originalStart == 6)
        #expect(value.originalRange(of: 0..<5) == 6..<11)
    }

    @Test func splitMergedWithNextDropsEmptyPieces() {
        let pieces = make("▁a▁▁b").splitMergedWithNext(on: "▁").map(text)
        #expect(pieces == ["▁a", "▁", "▁b"])
    }

    @Test func stripRemovesWhitespaceOnRequestedSides() {
        var both = make("  a b \t")
        Normalizer.strip(left: true, right: true).normalize(&both)
        #expect(text(both) == "a b")
        #expect(both.originalRange(of: 0..<3) == 2..<5)
        var onlyRight = make("  a ")
        Normalizer.strip(left: false, right: true).normalize(&onlyRight)
        #expect(text(onlyRight) == "  a")
    }

    @Test func lowercaseUsesFullMappings() {
        var value = make("ÀB İ")
        Normalizer.lowercase.normalize(&value)
        #expect(text(value) == "àb i\u{307}")
        #expect(value.alignments.count == 5)
    }
}
