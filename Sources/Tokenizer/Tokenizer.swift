import Foundation

/// A Hugging Face `tokenizer.json` Unigram tokenizer (the T5 / sentencepiece family), immutable and
/// thread-safe. Load it with ``Tokenizer/load(from:)``; encoding and decoding never fail.
///
/// Pipeline, as HF `tokenizer/mod.rs` `encode`: added tokens are cut out of the raw input, each remaining
/// run is normalized and pre-tokenized, each word is segmented by the Unigram model, then the template adds
/// `</s>`. Offsets are Unicode-scalar ranges of the ORIGINAL input (what Python's `Encoding.offsets` reports).
public struct Tokenizer: Sendable {
    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer?
    let model: UnigramModel
    let addedVocabulary: AddedVocabulary
    let postProcessor: PostProcessor?
    let decoder: TokenDecoder?

    /// `<pad>`: also T5's decoder start token.
    public let padId: Int?
    /// `</s>`.
    public let eosId: Int?
    /// `<unk>` (the model's `unk_id`).
    public let unkId: Int?

    init(
        normalizer: Normalizer?, preTokenizer: PreTokenizer?, model: UnigramModel,
        addedVocabulary: AddedVocabulary, postProcessor: PostProcessor?, decoder: TokenDecoder?
    ) {
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.model = model
        self.addedVocabulary = addedVocabulary
        self.postProcessor = postProcessor
        self.decoder = decoder
        let lookup = { (token: String) in addedVocabulary.idsByContent[token] ?? model.pieceIds[token] }
        padId = lookup("<pad>")
        eosId = lookup("</s>")
        unkId = model.unknownId
    }

    /// Model pieces plus added tokens that are not pieces (HF `get_vocab_size(with_added_tokens: true)`).
    public var vocabularySize: Int {
        model.pieces.count + addedVocabulary.tokens.filter { $0.id >= model.pieces.count }.count
    }

    /// The id of a piece or added token.
    public func id(for token: String) -> Int? {
        addedVocabulary.idsByContent[token] ?? model.pieceIds[token]
    }

    /// The piece or added token of an id.
    public func token(for id: Int) -> String? {
        if let content = addedVocabulary.contentsById[id] { return content }
        return model.pieces.indices.contains(id) ? model.pieces[id] : nil
    }

    /// Whether `id` is a special added token (`<pad>`, `</s>`, `<unk>`, `<extra_id_N>`).
    public func isSpecial(_ id: Int) -> Bool {
        addedVocabulary.specialIds.contains(id)
    }

    /// Token ids of `text`, with `</s>` appended when `addSpecialTokens` (T5 template).
    public func encode(_ text: String, addSpecialTokens: Bool = true) -> [Int] {
        encodeWithOffsets(text, addSpecialTokens: addSpecialTokens).ids
    }
}
