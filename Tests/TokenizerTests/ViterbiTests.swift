import Testing
@testable import Tokenizer

@Suite struct ViterbiTests {
    func model(_ pieces: [(String, Double)], byteFallback: Bool = false) throws -> UnigramModel {
        try UnigramModel(
            vocabulary: TokenizerJSON.vocab(pieces).map { (piece: $0.0, score: $0.1) },
            unknownId: 2, byteFallback: byteFallback
        )
    }

    func pieces(_ model: UnigramModel, _ text: String) -> [String] {
        let word = Array(text.unicodeScalars)
        return model.tokenize(word).map { String(String.UnicodeScalarView(word[$0.range])) }
    }

    @Test func prefersTheHighestTotalScore() throws {
        let unigram = try model([("a", -1), ("b", -1), ("ab", -3), ("abc", -10), ("c", -1)])
        // a + b (-2) beats ab (-3); abc (-10) loses to a + b + c (-3).
        #expect(pieces(unigram, "abc") == ["a", "b", "c"])
        let cheaperWhole = try model([("a", -2), ("b", -2), ("ab", -3)])
        #expect(pieces(cheaperWhole, "ab") == ["ab"])
    }

    @Test func tiesKeepTheFirstCandidate() throws {
        // "a"+"b" and "ab" both score -2: "ab" reaches the end first (from start 0), and an equal later
        // candidate does not replace it (HF compares with a strict `>`).
        let unigram = try model([("a", -1), ("b", -1), ("ab", -2)])
        #expect(pieces(unigram, "ab") == ["ab"])
    }

    @Test func unknownScalarsFuseIntoOneUnk() throws {
        let unigram = try model([("a", -1)])
        let tokens = unigram.tokenize(Array("axyza".unicodeScalars))
        #expect(tokens.map(\.id) == [3, 2, 3])
        #expect(tokens.map(\.range) == [0..<1, 1..<4, 4..<5])
    }

    @Test func unknownPenaltyIsTenBelowTheMinimumScore() throws {
        let unigram = try model([("a", -1), ("b", -7)])
        #expect(unigram.unknownScore == -17)
    }

    @Test func unknownWinsOnlyWhereNoSingleScalarPieceExists() throws {
        // "é" has a two-scalar piece only when followed by "x"; alone it must fall back to unknown.
        let unigram = try model([("éx", -1), ("x", -1)])
        #expect(pieces(unigram, "éx") == ["éx"])
        #expect(pieces(unigram, "é") == ["é"])
        #expect(unigram.tokenize(Array("é".unicodeScalars)).map(\.id) == [2])
    }

    @Test func byteFallbackSpellsTheUnknownRunInUTF8() throws {
        let bytes = (0...255).map { (UnigramModel.bytePiece($0), 0.0) }
        let unigram = try model([("a", -1)] + bytes, byteFallback: true)
        let tokens = unigram.tokenize(Array("a€".unicodeScalars))
        // € is E2 82 AC; every byte piece carries the span of the whole unknown run.
        #expect(tokens.map { unigram.pieces[$0.id] } == ["a", "<0xE2>", "<0x82>", "<0xAC>"])
        #expect(tokens.map(\.range) == [0..<1, 1..<2, 1..<2, 1..<2])
    }

    @Test func byteFallbackWithoutBytePiecesFallsBackToUnk() throws {
        let unigram = try model([("a", -1)], byteFallback: true)
        #expect(unigram.tokenize(Array("a€".unicodeScalars)).map(\.id) == [3, 2])
    }

    @Test func emptyWordHasNoTokens() throws {
        #expect(try model([("a", -1)]).tokenize([]).isEmpty)
    }

    @Test func bytePieceNamesAreUppercaseTwoDigitHex() {
        #expect(UnigramModel.bytePiece(0) == "<0x00>")
        #expect(UnigramModel.bytePiece(0xAC) == "<0xAC>")
    }
}
