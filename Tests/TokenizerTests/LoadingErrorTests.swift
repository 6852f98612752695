import Foundation
import Testing
@testable import Tokenizer

@Suite struct LoadingErrorTests {
    func loadError(_ json: String) -> TokenizerError? {
        do {
            _ = try Tokenizer(json: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    static let unigram = #"{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0]]}"#

    @Test func missingFileIsReportedWithItsPath() {
        let url = URL(fileURLWithPath: "/nonexistent/tokenizer.json")
        #expect(throws: TokenizerError.fileNotFound(path: "/nonexistent/tokenizer.json")) {
            try Tokenizer.load(from: url)
        }
    }

    @Test func badJSONIsReported() {
        guard case .invalidJSON = loadError("{not json") else {
            Issue.record("expected invalidJSON")
            return
        }
        guard case .invalidJSON = loadError("[1, 2]") else {
            Issue.record("expected invalidJSON for a non-object")
            return
        }
    }

    @Test func unsupportedComponentsAreNamed() {
        #expect(loadError(#"{"model":{"type":"BPE","vocab":{}}}"#)
            == .unsupportedComponent(component: "model", type: "BPE"))
        #expect(loadError(#"{"model":\#(Self.unigram),"normalizer":{"type":"BertNormalizer"}}"#)
            == .unsupportedComponent(component: "normalizer", type: "BertNormalizer"))
        #expect(loadError(#"{"model":\#(Self.unigram),"pre_tokenizer":{"type":"ByteLevel"}}"#)
            == .unsupportedComponent(component: "pre_tokenizer", type: "ByteLevel"))
        #expect(loadError(#"{"model":\#(Self.unigram),"decoder":{"type":"WordPiece"}}"#)
            == .unsupportedComponent(component: "decoder", type: "WordPiece"))
        #expect(loadError(#"{"model":\#(Self.unigram),"post_processor":{"type":"BertProcessing"}}"#)
            == .unsupportedComponent(component: "post_processor", type: "BertProcessing"))
    }

    @Test func malformedComponentsAreInvalid() {
        let cases = [
            #"{"model":{"type":"Unigram","vocab":[["a"]]}}"#,
            #"{"model":{"type":"Unigram","unk_id":5,"vocab":[["a",0.0]]}}"#,
            #"{"model":\#(Self.unigram),"normalizer":{"type":"Precompiled","precompiled_charsmap":"%%%"}}"#,
            #"{"model":\#(Self.unigram),"normalizer":{"type":"Replace","pattern":{"Regex":"("},"content":""}}"#,
            #"{"model":\#(Self.unigram),"pre_tokenizer":{"type":"Metaspace","prepend_scheme":"sometimes"}}"#,
        ]
        for json in cases {
            guard case .invalidComponent = loadError(json) else {
                Issue.record("expected invalidComponent for \(json)")
                continue
            }
        }
    }

    @Test func errorsDescribeThemselves() {
        #expect(TokenizerError.unsupportedComponent(component: "model", type: "BPE").description
            == "unsupported model type 'BPE'")
    }

    @Test func legacyAddPrefixSpaceMapsToPrependScheme() throws {
        let json = #"{"model":\#(Self.unigram),"pre_tokenizer":{"type":"Metaspace","replacement":"▁","add_prefix_space":false}}"#
        let tokenizer = try Tokenizer(json: Data(json.utf8))
        guard case .metaspace(let metaspace) = tokenizer.preTokenizer else {
            Issue.record("expected Metaspace")
            return
        }
        #expect(metaspace.prependScheme == .never)
    }
}
