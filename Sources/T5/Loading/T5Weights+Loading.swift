extension T5Weights {
    /// Binds every tensor the config requires, by its Hugging Face name, checking shapes.
    ///
    /// Layouts accepted: `T5ForConditionalGeneration` / `T5Model` (`shared`, `encoder.*`, `decoder.*`,
    /// optional `lm_head.weight`), `T5EncoderModel` (`shared`, `encoder.*`) and `T5ForTokenClassification`
    /// (`transformer.shared`, `transformer.encoder.*`, `classifier.weight`, `classifier.bias`).
    init(storage: WeightStorage, config c: T5Config) throws(T5Error) {
        let prefix = storage.contains("transformer.encoder.final_layer_norm.weight") ? "transformer." : ""
        let embedding = [c.vocabSize, c.dModel]
        // Encoder-only exports may keep only `encoder.embed_tokens.weight`, the tied alias of `shared`.
        let sharedName = storage.contains(prefix + "shared.weight") ? prefix + "shared.weight" : prefix + "encoder.embed_tokens.weight"
        shared = try storage.floats(sharedName, shape: embedding)
        encoder = try T5StackWeights(storage, prefix + "encoder", layers: c.numLayers, isDecoder: false, config: c)
        let hasDecoder = c.numDecoderLayers > 0 && storage.contains("decoder.final_layer_norm.weight")
        decoder = hasDecoder ? try T5StackWeights(storage, "decoder", layers: c.numDecoderLayers, isDecoder: true, config: c) : nil
        if hasDecoder {
            let name = storage.contains("lm_head.weight") ? "lm_head.weight" : sharedName
            lmHead = Linear(weight: try storage.floats(name, shape: embedding), outFeatures: c.vocabSize, inFeatures: c.dModel)
        } else {
            lmHead = nil
        }
        if storage.contains("classifier.weight") {
            let labels = c.numLabels
            guard labels > 0 else { throw .invalidConfig("classifier.weight present but no id2label/num_labels") }
            classifier = Linear(weight: try storage.floats("classifier.weight", shape: [labels, c.dModel]),
                                outFeatures: labels, inFeatures: c.dModel)
            classifierBias = try storage.floats("classifier.bias", shape: [labels])
        } else {
            classifier = nil
            classifierBias = nil
        }
    }
}

extension T5StackWeights {
    init(_ storage: WeightStorage, _ stack: String, layers: Int, isDecoder: Bool, config c: T5Config) throws(T5Error) {
        func linear(_ name: String, out: Int, in inFeatures: Int) throws(T5Error) -> Linear {
            Linear(weight: try storage.floats(name, shape: [out, inFeatures]), outFeatures: out, inFeatures: inFeatures)
        }
        func attention(_ base: String) throws(T5Error) -> T5AttentionWeights {
            T5AttentionWeights(q: try linear(base + ".q.weight", out: c.innerDim, in: c.dModel),
                               k: try linear(base + ".k.weight", out: c.innerDim, in: c.dModel),
                               v: try linear(base + ".v.weight", out: c.innerDim, in: c.dModel),
                               o: try linear(base + ".o.weight", out: c.dModel, in: c.innerDim), qkv: nil)
        }
        func selfAttention(_ base: String) throws(T5Error) -> T5AttentionWeights {
            let shape = [c.innerDim, c.dModel], size = c.innerDim * c.dModel
            let qkv = try storage.stacked([base + ".q.weight", base + ".k.weight", base + ".v.weight"], shape: shape)
            return T5AttentionWeights(q: Linear(weight: qkv, outFeatures: c.innerDim, inFeatures: c.dModel),
                                      k: Linear(weight: qkv + size, outFeatures: c.innerDim, inFeatures: c.dModel),
                                      v: Linear(weight: qkv + 2 * size, outFeatures: c.innerDim, inFeatures: c.dModel),
                                      o: try linear(base + ".o.weight", out: c.dModel, in: c.innerDim),
                                      qkv: Linear(weight: qkv, outFeatures: 3 * c.innerDim, inFeatures: c.dModel))
        }
        var blocks: [T5BlockWeights] = []
        for i in 0..<layers {
            let block = "\(stack).block.\(i).layer"
            let ffLayer = "\(block).\(isDecoder ? 2 : 1)"
            let dense = "\(ffLayer).DenseReluDense"
            let feedForward: T5FeedForwardWeights = c.feedForward.isGated
                ? .gated(wi: Linear(weight: try storage.stacked([dense + ".wi_0.weight", dense + ".wi_1.weight"], shape: [c.dFF, c.dModel]),
                                    outFeatures: 2 * c.dFF, inFeatures: c.dModel),
                         wo: try linear(dense + ".wo.weight", out: c.dModel, in: c.dFF))
                : .dense(wi: try linear(dense + ".wi.weight", out: c.dFF, in: c.dModel),
                         wo: try linear(dense + ".wo.weight", out: c.dModel, in: c.dFF))
            blocks.append(T5BlockWeights(
                selfAttentionNorm: try storage.floats("\(block).0.layer_norm.weight", shape: [c.dModel]),
                selfAttention: try selfAttention("\(block).0.SelfAttention"),
                crossAttentionNorm: isDecoder ? try storage.floats("\(block).1.layer_norm.weight", shape: [c.dModel]) : nil,
                crossAttention: isDecoder ? try attention("\(block).1.EncDecAttention") : nil,
                feedForwardNorm: try storage.floats("\(ffLayer).layer_norm.weight", shape: [c.dModel]),
                feedForward: feedForward))
        }
        self.blocks = blocks
        finalLayerNorm = try storage.floats("\(stack).final_layer_norm.weight", shape: [c.dModel])
        relativeAttentionBias = try storage.floats("\(stack).block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                                                   shape: [c.relativeAttentionNumBuckets, c.numHeads])
    }
}
