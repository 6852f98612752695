import Foundation
import Testing
@testable import T5

@Suite struct T5ConfigTests {
    private func config(_ json: String) throws -> T5Config { try T5Config(json: Data(json.utf8)) }

    /// transformers 5 writes the explicit key; older exports only `tie_word_embeddings` (T5Config.__post_init__).
    @Test(arguments: [
        (#"{"scale_decoder_outputs": true, "tie_word_embeddings": true}"#, true),
        (#"{"scale_decoder_outputs": false, "tie_word_embeddings": true}"#, false),
        (#"{"tie_word_embeddings": false}"#, false),
        (#"{"tie_word_embeddings": true}"#, true),
        (#"{}"#, true),
    ])
    func decoderOutputScalingFollowsTransformers(json: String, scales: Bool) throws {
        #expect(try config(json).scaleDecoderOutputs == scales)
    }

    @Test func gatedGeluMeansTanhApproximation() throws {
        let c = try config(#"{"feed_forward_proj": "gated-gelu"}"#)
        #expect(c.feedForward == .init(activation: .geluNew, isGated: true))
        #expect(try config(#"{"feed_forward_proj": "relu"}"#).feedForward == .init(activation: .relu, isGated: false))
        #expect(try config(#"{"feed_forward_proj": "gated-silu"}"#).feedForward == .init(activation: .silu, isGated: true))
    }

    @Test func malformedFeedForwardIsRejected() {
        #expect(throws: T5Error.invalidConfig("feed_forward_proj bogus-relu is not ACT or gated-ACT")) {
            try config(#"{"feed_forward_proj": "bogus-relu"}"#)
        }
    }

    @Test func decoderLayersDefaultToEncoderLayers() throws {
        #expect(try config(#"{"num_layers": 3}"#).numDecoderLayers == 3)
        #expect(try config(#"{"num_layers": 3, "num_decoder_layers": null}"#).numDecoderLayers == 3)
        #expect(try config(#"{"num_layers": 3, "num_decoder_layers": 1}"#).numDecoderLayers == 1)
    }

    @Test func labelsComeFromId2LabelInIndexOrder() throws {
        let c = try config(#"{"id2label": {"1": "B-PER", "0": "O"}}"#)
        #expect(c.labels == ["O", "B-PER"])
    }

    @Test func eosMayBeAList() throws {
        #expect(try config(#"{"eos_token_id": [1, 7]}"#).eosTokenIds == [1, 7])
    }

    @Test func notJSONIsRejected() {
        #expect(throws: T5Error.invalidConfig("not JSON")) { try config("{") }
    }
}
