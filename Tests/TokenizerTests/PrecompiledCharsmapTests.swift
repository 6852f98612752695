import Foundation
import Testing
@testable import Tokenizer

/// The fixtures carry a real sentencepiece-compiled nmt_nfkc charsmap (darts-clone trie + string pool).
@Suite struct PrecompiledCharsmapTests {
    func charsmap() throws -> PrecompiledCharsmap {
        let (tokenizer, _) = try Fixtures.load("t5_plain")
        guard case .sequence(let steps) = tokenizer.normalizer, case .precompiled(let map) = steps.first else {
            Issue.record("fixture normalizer is not Sequence[Precompiled, ...]")
            throw TokenizerError.invalidJSON(reason: "fixture")
        }
        return map
    }

    func lookup(_ map: PrecompiledCharsmap, _ text: String) -> String? {
        map.replacement(for: Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func mapsCompatibilityCharacters() throws {
        let map = try charsmap()
        #expect(lookup(map, "ﬁ") == "fi")
        #expect(lookup(map, "Ａ") == "A")
        #expect(lookup(map, "e\u{301}") == "é")
        #expect(lookup(map, "\u{3000}") == " ")
    }

    @Test func plainTextHasNoRule() throws {
        let map = try charsmap()
        #expect(lookup(map, "a") == nil)
        #expect(lookup(map, "é") == nil)
    }

    @Test func normalizeTracksAlignmentThroughExpansion() throws {
        var text = NormalizedString(original: Array("ﬁx".unicodeScalars)[...])
        try charsmap().normalize(&text)
        #expect(String(String.UnicodeScalarView(text.scalars)) == "fix")
        #expect(text.alignments.map(\.start) == [0, 0, 1])
    }

    @Test func rejectsTruncatedBlobs() {
        #expect(throws: TokenizerError.self) { try PrecompiledCharsmap(blob: [1, 0]) }
        #expect(throws: TokenizerError.self) { try PrecompiledCharsmap(blob: [16, 0, 0, 0, 1, 2]) }
    }
}
