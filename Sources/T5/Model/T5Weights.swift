/// Pointers into `WeightStorage`, grouped and named as in modeling_t5.py (llama2.c's `TransformerWeights`).
///
/// Every matrix is a `nn.Linear` weight stored `[out_features, in_features]` row-major, so `y = x Wᵀ`.
struct Linear {
    let weight: UnsafePointer<Float>
    let outFeatures: Int
    let inFeatures: Int
    /// The int8 copy made at load for an int8 encoder (`T5WeightPrecision.int8`); `Kernels.linear` uses it when set.
    var quantized: QuantizedLinear? = nil
}

/// `T5Attention`: q/k/v/o projections; `relative_attention_bias` only in block 0 (see `T5StackWeights`).
struct T5AttentionWeights {
    let q: Linear, k: Linear, v: Linear, o: Linear
    /// q, k and v stacked `[3 × inner, d_model]` (`q`, `k`, `v` point into it) for self-attention, where all
    /// three read the same input: one GEMM writes `[tokens, 3 × inner]`. `nil` for cross-attention.
    let qkv: Linear?
}

/// `T5DenseActDense` (`wi`) or `T5DenseGatedActDense` (`wi_0`, `wi_1`), then `wo`.
enum T5FeedForwardWeights {
    case dense(wi: Linear, wo: Linear)
    /// `wi` is wi_0 and wi_1 stacked `[2 × d_ff, d_model]`: one GEMM gives `[tokens, 2 × d_ff]`, wi_0's
    /// output in the first half of each row, wi_1's in the second.
    case gated(wi: Linear, wo: Linear)
}

/// `T5Block`: layer[0] self-attention, layer[1] cross-attention (decoder only), last layer feed-forward;
/// each sub-layer is pre-norm (`T5LayerNorm`) with a residual add.
struct T5BlockWeights {
    let selfAttentionNorm: UnsafePointer<Float>
    let selfAttention: T5AttentionWeights
    let crossAttentionNorm: UnsafePointer<Float>?
    let crossAttention: T5AttentionWeights?
    let feedForwardNorm: UnsafePointer<Float>
    let feedForward: T5FeedForwardWeights
}

/// `T5Stack`: the blocks, the final norm, and the relative attention bias `[num_buckets, num_heads]`.
struct T5StackWeights {
    let blocks: [T5BlockWeights]
    let finalLayerNorm: UnsafePointer<Float>
    /// Owned by block 0's self-attention only; every later block reuses the bias block 0 computed
    /// (T5Stack.forward: "We share the position biases between the layers - the first layer stores them").
    let relativeAttentionBias: UnsafePointer<Float>
}

struct T5Weights {
    /// `shared` embedding `[vocab_size, d_model]`, used by both stacks.
    let shared: UnsafePointer<Float>
    let encoder: T5StackWeights
    let decoder: T5StackWeights?
    /// `lm_head.weight` when the file has one, else the shared embedding (tied).
    let lmHead: Linear?
    /// `T5ForTokenClassification.classifier`: Linear(d_model → num_labels) with bias.
    let classifier: Linear?
    let classifierBias: UnsafePointer<Float>?
}
