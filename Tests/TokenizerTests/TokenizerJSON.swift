import Foundation
@testable import Tokenizer

/// Builds small `tokenizer.json` documents for unit tests.
enum TokenizerJSON {
    static func unigram(
        vocab: [(String, Double)], unkId: Int? = 2, byteFallback: Bool = false,
        normalizer: String = "null",
        preTokenizer: String = #"{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}"#,
        decoder: String = #"{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}"#,
        postProcessor: String = "null",
        addedTokens: [(id: Int, content: String)] = []
    ) -> Data {
        let vocabJSON = vocab.map { #"[\#(quoted($0.0)),\#($0.1)]"# }.joined(separator: ",")
        let added = addedTokens.map {
            #"{"id":\#($0.id),"content":\#(quoted($0.content)),"single_word":false,"lstrip":false,"#
                + #""rstrip":false,"normalized":false,"special":true}"#
        }.joined(separator: ",")
        let unk = unkId.map(String.init) ?? "null"
        return Data("""
        {"version":"1.0","added_tokens":[\(added)],"normalizer":\(normalizer),"pre_tokenizer":\(preTokenizer),
         "post_processor":\(postProcessor),"decoder":\(decoder),
         "model":{"type":"Unigram","unk_id":\(unk),"vocab":[\(vocabJSON)],"byte_fallback":\(byteFallback)}}
        """.utf8)
    }

    static func quoted(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? #""""#
    }

    /// `<pad>`, `</s>`, `<unk>` then `pieces`.
    static func vocab(_ pieces: [(String, Double)]) -> [(String, Double)] {
        [("<pad>", 0), ("</s>", 0), ("<unk>", 0)] + pieces
    }
}
