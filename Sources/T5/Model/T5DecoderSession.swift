/// Incremental decoder state for one batch: the KV cache and every step's scratch buffers.
///
/// Cross-attention K/V are projected once from the encoder output (they never change); self-attention
/// K/V grow by one row per step. One `step` feeds one token per sequence and returns `batch × vocab` logits.
final class T5DecoderSession {
    let model: T5Model
    let batch: PackedBatch
    private(set) var capacity: Int
    private(set) var position = 0
    let blockRows: Int
    // KV cache: self [layer][b][t][inner], cross [layer][encoder token][inner].
    private var selfK: FloatBuffer, selfV: FloatBuffer
    private let crossK: FloatBuffer, crossV: FloatBuffer
    // Per-step RunState.
    private let x: FloatBuffer, normed: FloatBuffer, out: FloatBuffer
    private let q: FloatBuffer, k: FloatBuffer, v: FloatBuffer, context: FloatBuffer
    private let ff: FloatBuffer, gate: FloatBuffer
    private var scores: FloatBuffer
    let logits: FloatBuffer
    /// Causal bias per head and distance `t - j` (relative position `-(t - j)`): `[heads, capacity]`.
    private var bias: FloatBuffer

    /// - Parameters:
    ///   - encoderOutput: packed `tokens × d_model` final encoder states of `batch`.
    ///   - capacity: the most steps this session will run (decoder start token included); `reserve` grows it.
    ///   - blockRows: the most tokens one `advance(block:)` may feed (batch of one).
    init(model: T5Model, batch: PackedBatch, encoderOutput: FloatBuffer, capacity: Int, blockRows: Int = 1) throws(T5Error) {
        guard let decoder = model.weights.decoder else { throw .unsupportedOperation("model has no decoder") }
        let c = model.config, inner = c.innerDim, layers = decoder.blocks.count
        let b = max(batch.count, blockRows)
        self.model = model
        self.batch = batch
        self.capacity = capacity
        self.blockRows = max(1, blockRows)
        selfK = FloatBuffer(layers * batch.count * capacity * inner)
        selfV = FloatBuffer(layers * batch.count * capacity * inner)
        crossK = FloatBuffer(layers * batch.tokenCount * inner)
        crossV = FloatBuffer(layers * batch.tokenCount * inner)
        x = FloatBuffer(b * c.dModel); normed = FloatBuffer(b * c.dModel); out = FloatBuffer(b * c.dModel)
        q = FloatBuffer(b * inner); k = FloatBuffer(b * inner); v = FloatBuffer(b * inner); context = FloatBuffer(b * inner)
        ff = FloatBuffer(b * c.dFF * (c.feedForward.isGated ? 2 : 1)); gate = FloatBuffer(c.feedForward.isGated ? b * c.dFF : 0)
        scores = FloatBuffer(max(capacity, batch.maxLength))
        logits = FloatBuffer(batch.count * c.vocabSize)
        bias = Self.causalBias(config: c, decoder: decoder, capacity: capacity)
        // EncDecAttention k/v of every layer, one GEMM each over the packed encoder output.
        let layerSize = batch.tokenCount * inner
        for (layer, block) in decoder.blocks.enumerated() {
            guard let cross = block.crossAttention else { continue }
            Kernels.linear(encoderOutput.readOnly, rows: batch.tokenCount, cross.k, into: crossK[layer * layerSize], threads: model.threads)
            Kernels.linear(encoderOutput.readOnly, rows: batch.tokenCount, cross.v, into: crossV[layer * layerSize], threads: model.threads)
        }
    }

    static func causalBias(config c: T5Config, decoder: T5StackWeights, capacity: Int) -> FloatBuffer {
        let bias = FloatBuffer(c.numHeads * capacity)
        for distance in 0..<capacity {
            let bucket = RelativePosition.bucket(-distance, bidirectional: false, numBuckets: c.relativeAttentionNumBuckets,
                                                 maxDistance: c.relativeAttentionMaxDistance)
            for h in 0..<c.numHeads { bias[h * capacity + distance].pointee = decoder.relativeAttentionBias[bucket * c.numHeads + h] }
        }
        return bias
    }

    /// Makes room for at least `steps` steps in all, keeping the cache of the steps already run
    /// (constrained decoding cannot know its length up front; doubling keeps the copies amortised).
    func reserve(_ steps: Int) {
        guard steps > capacity, let decoder = model.weights.decoder else { return }
        let newCapacity = max(steps, capacity * 2)
        let c = model.config, inner = c.innerDim, blocks = decoder.blocks.count * batch.count
        let newK = FloatBuffer(blocks * newCapacity * inner), newV = FloatBuffer(blocks * newCapacity * inner)
        for block in 0..<blocks {
            newK[block * newCapacity * inner].update(from: selfK[block * capacity * inner], count: position * inner)
            newV[block * newCapacity * inner].update(from: selfV[block * capacity * inner], count: position * inner)
        }
        selfK = newK
        selfV = newV
        bias = Self.causalBias(config: c, decoder: decoder, capacity: newCapacity)
        if newCapacity > scores.count { scores = FloatBuffer(newCapacity) }
        capacity = newCapacity
    }

    /// Feeds `tokens[b]` to sequence `b` at the current position; returns the `batch × vocab` logits.
    func step(_ tokens: [Int]) throws(T5Error) -> UnsafePointer<Float> {
        try advance(tokens)
        guard let lmHead = model.weights.lmHead else { throw .unsupportedOperation("model has no decoder") }
        Kernels.linear(normed.readOnly, rows: batch.count, lmHead, into: logits.pointer, threads: model.threads)
        return logits.readOnly
    }

    /// The logit of `token` for sequence `b` after `advance`: the same dot product `step`'s projection
    /// computes for it (the decode-step matvec is one `Kernels.dot` per output), without the other
    /// `vocab − 1` rows of `lm_head` — what constrained decoding needs when few tokens are allowed.
    func logit(sequence b: Int, token: Int) -> Float {
        guard let lmHead = model.weights.lmHead else { return -.infinity }
        let d = model.config.dModel
        return Kernels.dot(normed.readOnly + b * d, lmHead.weight + token * d, d)
    }

    /// Runs the decoder stack for one step and leaves the final hidden states (normed, scaled where the
    /// model scales them) for `step`'s projection or `logit(sequence:token:)`.
    ///
    /// With `block`, the batch holds one sequence and `tokens` are its next `tokens.count` inputs, fed at
    /// once (row r at position `position + r`, causal among themselves): constrained decoding checks a
    /// guessed continuation (the source tokens a copy would take) in one pass, streaming the weights once
    /// for all rows instead of once per token, and `rewind`s past the rows it does not keep.
    func advance(_ tokens: [Int], block isBlock: Bool = false) throws(T5Error) {
        let rows = tokens.count
        guard position + (isBlock ? rows : 1) <= capacity else { throw .invalidInput("decoder ran past its \(capacity)-step cache") }
        guard isBlock ? (batch.count == 1 && rows >= 1 && rows <= blockRows) : rows == batch.count,
              tokens.allSatisfy({ $0 >= 0 && $0 < model.config.vocabSize }) else {
            throw .invalidInput("decoder step needs one in-vocabulary token per sequence")
        }
        guard let decoder = model.weights.decoder else { throw .unsupportedOperation("model has no decoder") }
        let c = model.config, d = c.dModel, inner = c.innerDim, t = position, sequences = batch.count
        let threads = model.threads
        model.embed(tokens, into: x.pointer)
        for (layer, block) in decoder.blocks.enumerated() {
            // layer[0]: causal self-attention; this step's k/v are appended to the cache.
            Kernels.rmsNorm(x.readOnly, rows: rows, dim: d, weight: block.selfAttentionNorm, epsilon: c.layerNormEpsilon, into: normed.pointer)
            Kernels.linear(normed.readOnly, rows: rows, block.selfAttention.q, into: q.pointer, threads: threads)
            Kernels.linear(normed.readOnly, rows: rows, block.selfAttention.k, into: k.pointer, threads: threads)
            Kernels.linear(normed.readOnly, rows: rows, block.selfAttention.v, into: v.pointer, threads: threads)
            for b in 0..<rows {
                let cache = ((layer * sequences + (isBlock ? 0 : b)) * capacity) * inner
                let at = isBlock ? t + b : t
                selfK[cache + at * inner].update(from: k[b * inner], count: inner)
                selfV[cache + at * inner].update(from: v[b * inner], count: inner)
            }
            for b in 0..<rows {
                let cache = ((layer * sequences + (isBlock ? 0 : b)) * capacity) * inner
                let at = isBlock ? t + b : t
                attend(query: q[b * inner], keys: selfK[cache], values: selfV[cache], count: at + 1, into: context[b * inner]) { h, j in
                    self.bias[h * self.capacity + (at - j)].pointee
                }
            }
            Kernels.linear(context.readOnly, rows: rows, block.selfAttention.o, into: out.pointer, threads: threads)
            Kernels.add(out.readOnly, into: x.pointer, count: rows * d)
            // layer[1]: cross-attention over this sequence's encoder tokens only (no position bias).
            if let cross = block.crossAttention, let norm = block.crossAttentionNorm {
                Kernels.rmsNorm(x.readOnly, rows: rows, dim: d, weight: norm, epsilon: c.layerNormEpsilon, into: normed.pointer)
                Kernels.linear(normed.readOnly, rows: rows, cross.q, into: q.pointer, threads: threads)
                let layerBase = layer * batch.tokenCount * inner
                for b in 0..<rows {
                    let sequence = isBlock ? 0 : b
                    let start = layerBase + batch.offsets[sequence] * inner
                    attend(query: q[b * inner], keys: crossK[start], values: crossV[start], count: batch.length(sequence),
                           into: context[b * inner]) { _, _ in 0 }
                }
                Kernels.linear(context.readOnly, rows: rows, cross.o, into: out.pointer, threads: threads)
                Kernels.add(out.readOnly, into: x.pointer, count: rows * d)
            }
            model.feedForward(block, x: x.pointer, normed: normed.pointer, ff: ff.pointer, gate: gate.pointer, out: out.pointer, rows: rows,
                               threads: threads)
        }
        Kernels.rmsNorm(x.readOnly, rows: rows, dim: d, weight: decoder.finalLayerNorm, epsilon: c.layerNormEpsilon, into: normed.pointer)
        if c.scaleDecoderOutputs {
            // Original T5 rescales before the tied lm_head (T5ForConditionalGeneration.forward).
            let scale = 1 / Float(d).squareRoot()
            for i in 0..<(rows * d) { normed[i].pointee *= scale }
        }
        position += isBlock ? rows : 1
    }

    /// Forgets the steps from `step` on (rows of a block that were not kept); they are overwritten next.
    func rewind(to step: Int) {
        position = min(position, max(0, step))
    }

    /// Single-query attention for all heads: softmax(q·kⱼ + bias(h, j)) · V, keys/values `[count, inner]`.
    private func attend(query: UnsafeMutablePointer<Float>, keys: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>,
                        count: Int, into output: UnsafeMutablePointer<Float>, bias: (Int, Int) -> Float) {
        let c = model.config, inner = c.innerDim, dk = c.dKV
        for h in 0..<c.numHeads {
            let qh = UnsafePointer(query + h * dk), s = scores.pointer
            // No 1/sqrt(d_kv) scaling (T5Attention.scaling = 1.0).
            for j in 0..<count { s[j] = Kernels.dot(qh, keys + j * inner + h * dk, dk) + bias(h, j) }
            Kernels.softmax(s, count: count)
            let oh = output + h * dk
            oh.update(repeating: 0, count: dk)
            for j in 0..<count { Kernels.axpy(s[j], values + j * inner + h * dk, oh, dk) }
        }
    }
}
