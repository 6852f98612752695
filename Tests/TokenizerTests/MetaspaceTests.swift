import Testing
@testable import Tokenizer

@Suite struct MetaspaceTests {
    func words(_ metaspace: Metaspace, _ text: String, originalStart: Int = 0) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let piece = NormalizedString(
            scalars: scalars,
            alignments: scalars.indices.map { .init(start: originalStart + $0, end: originalStart + $0 + 1) },
            originalStart: originalStart
        )
        return metaspace.preTokenize(piece).map { String(String.UnicodeScalarView($0.scalars)) }
    }

    @Test func replacesSpacesPrependsAndSplitsBeforeEachMarker() {
        #expect(words(Metaspace(), "hello big world") == ["▁hello", "▁big", "▁world"])
    }

    @Test func consecutiveSpacesGiveLoneMarkers() {
        #expect(words(Metaspace(), "a  b") == ["▁a", "▁", "▁b"])
    }

    @Test func doesNotPrependWhenAlreadyStartingWithMarker() {
        #expect(words(Metaspace(), " a") == ["▁a"])
    }

    @Test func firstSchemePrependsOnlyAtTheStartOfTheInput() {
        let first = Metaspace(prependScheme: .first)
        #expect(words(first, "a b") == ["▁a", "▁b"])
        #expect(words(first, "a b", originalStart: 5) == ["a", "▁b"])
    }

    @Test func neverSchemeDoesNotPrepend() {
        #expect(words(Metaspace(prependScheme: .never), "a b") == ["a", "▁b"])
    }

    @Test func withoutSplitTheWordStaysWhole() {
        #expect(words(Metaspace(split: false), "a b") == ["▁a▁b"])
    }

    @Test func emptyPieceStaysEmpty() {
        #expect(words(Metaspace(), "").isEmpty)
    }

    @Test func prependedMarkerSharesTheFirstScalarsAlignment() throws {
        let piece = NormalizedString(original: Array("ab".unicodeScalars)[...])
        let word = try #require(Metaspace().preTokenize(piece).first)
        #expect(word.alignments.map(\.start) == [0, 0, 1])
    }

    @Test func decodeTurnsMarkersIntoSpacesAndDropsThoseOfTheFirstToken() {
        #expect(Metaspace().decode(["▁a▁b", "▁c"]) == ["ab", " c"])
        #expect(Metaspace(prependScheme: .never).decode(["▁a", "▁c"]) == [" a", " c"])
    }
}
