import Foundation
import Testing
@testable import Tokenizer

@Suite struct TokenizerAPITests {
    static let eosTemplate = #"""
    {"type":"TemplateProcessing","single":[{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"</s>","type_id":0}}],
     "pair":[],"special_tokens":{"</s>":{"id":"</s>","ids":[1],"tokens":["</s>"]}}}
    """#

    func tokenizer(byteFallback: Bool = false) throws -> Tokenizer {
        let bytes = byteFallback ? (0...255).map { (UnigramModel.bytePiece($0), 0.0) } : []
        let vocab = TokenizerJSON.vocab([("▁", -2), ("▁hello", -3), ("▁world", -3), ("o", -4), ("h", -5)] + bytes)
        let decoder = byteFallback
            ? #"{"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},"content":" "},"#
                + #"{"type":"ByteFallback"},{"type":"Fuse"},{"type":"Strip","content":" ","start":1,"stop":0}]}"#
            : #"{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}"#
        return try Tokenizer(json: TokenizerJSON.unigram(
            vocab: vocab, byteFallback: byteFallback, decoder: decoder, postProcessor: Self.eosTemplate,
            addedTokens: [(0, "<pad>"), (1, "</s>"), (2, "<unk>"), (vocab.count, "<extra_id_0>")]
        ))
    }

    @Test func encodeAppendsEOSOnlyWhenAsked() throws {
        let t5 = try tokenizer()
        #expect(t5.encode("hello world") == [4, 5, 1])
        #expect(t5.encode("hello world", addSpecialTokens: false) == [4, 5])
        #expect(t5.encode("") == [1])
    }

    @Test func offsetsPointIntoTheOriginalText() throws {
        let encoding = try tokenizer().encodeWithOffsets("hello  world")
        #expect(encoding.tokens == ["▁hello", "▁", "▁world", "</s>"])
        #expect(encoding.offsets == [0..<5, 5..<6, 6..<12, 0..<0])
    }

    @Test func addedTokensAreMatchedBeforeNormalization() throws {
        let t5 = try tokenizer()
        let encoding = t5.encodeWithOffsets("hello<extra_id_0>world", addSpecialTokens: false)
        #expect(encoding.ids == [4, 8, 5])
        #expect(encoding.offsets == [0..<5, 5..<17, 17..<22])
    }

    @Test func unknownCharactersBecomeUnkOrBytes() throws {
        #expect(try tokenizer().encode("hello €", addSpecialTokens: false) == [4, 3, 2])
        let bytes = try tokenizer(byteFallback: true)
        let encoding = bytes.encodeWithOffsets("hello €", addSpecialTokens: false)
        #expect(encoding.tokens == ["▁hello", "▁", "<0xE2>", "<0x82>", "<0xAC>"])
        #expect(encoding.offsets == [0..<5, 5..<6, 6..<7, 6..<7, 6..<7])
    }

    @Test func decodeSkipsSpecialTokensUnlessAsked() throws {
        let t5 = try tokenizer()
        #expect(t5.decode([4, 5, 1]) == "hello world")
        #expect(t5.decode([4, 5, 1], skipSpecialTokens: false) == "hello world</s>")
        #expect(t5.decode([4, 999_999]) == "hello")
    }

    @Test func byteFallbackDecodeRebuildsUTF8() throws {
        let bytes = try tokenizer(byteFallback: true)
        #expect(bytes.decode(bytes.encode("hello € world")) == "hello € world")
        // A lone continuation byte is not UTF-8: one U+FFFD per byte, as HF.
        let lone = try #require(bytes.id(for: "<0x82>"))
        #expect(bytes.decode([4, lone]) == "hello\u{FFFD}")
    }

    @Test func vocabularyLookups() throws {
        let t5 = try tokenizer()
        #expect(t5.vocabularySize == 9)
        #expect(t5.id(for: "▁hello") == 4)
        #expect(t5.id(for: "<extra_id_0>") == 8)
        #expect(t5.token(for: 5) == "▁world")
        #expect(t5.token(for: 8) == "<extra_id_0>")
        #expect(t5.token(for: 99) == nil)
        #expect(t5.padId == 0 && t5.eosId == 1 && t5.unkId == 2)
        #expect(t5.isSpecial(1) && !t5.isSpecial(4))
    }

    @Test func tokenizerIsSendable() async throws {
        let t5 = try tokenizer()
        let ids = await Task.detached { t5.encode("hello") }.value
        #expect(ids == [4, 1])
    }
}
