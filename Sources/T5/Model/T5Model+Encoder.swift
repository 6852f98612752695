extension T5Model {
    /// Encoder stack over a packed batch; returns `tokens × d_model` after the final RMS norm.
    /// Work inside the pass is split over `threads` (default: the model's `threads`). `precision`
    /// `.float32` runs an int8 model's projections in float32 (`floatWeights`); nil: the model's own.
    func encoderForward(_ batch: PackedBatch, threads: Int? = nil, precision: T5WeightPrecision? = nil) -> FloatBuffer {
        let threads = threads ?? self.threads
        let c = config, d = c.dModel, inner = c.innerDim, n = batch.tokenCount, maxLength = batch.maxLength
        let out = FloatBuffer(n * d)
        let gated = c.feedForward.isGated
        // RunState, from the model's scratch pool: x, normed, q|k|v rows, context, ff (wi or wi_0|wi_1),
        // gate, one L × L score matrix per attention part (≤ threads, ≤ sequence-head pairs), the bias table.
        let sizes = [n * d, n * d, n * 3 * inner, n * inner, n * c.dFF * (gated ? 2 : 1), gated ? n * c.dFF : 0,
                     min(threads, batch.count * c.numHeads) * maxLength * maxLength, c.numHeads * (2 * maxLength - 1)]
        scratch.withBuffers(sizes) { buffers in
            let state = EncoderState(x: buffers[0], normed: buffers[1], qkv: buffers[2], context: buffers[3],
                                     ff: buffers[4], gate: buffers[5], scores: buffers[6], bias: buffers[7])
            let stack = precision == .float32 ? floatWeights.encoder : weights.encoder
            encoderLayers(batch, stack, state, threads: threads, into: out.pointer)
        }
        return out
    }

    /// The encoder's activation buffers for one pass (pointers into a pooled scratch block).
    struct EncoderState {
        let x: UnsafeMutablePointer<Float>, normed: UnsafeMutablePointer<Float>
        /// q|k|v of a token side by side in one row (`3 × inner` floats; one GEMM with the stacked weight).
        let qkv: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>
        let ff: UnsafeMutablePointer<Float>, gate: UnsafeMutablePointer<Float>
        let scores: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>
    }

    private func encoderLayers(_ batch: PackedBatch, _ stack: T5StackWeights, _ s: EncoderState, threads: Int,
                               into out: UnsafeMutablePointer<Float>) {
        let c = config, d = c.dModel, inner = c.innerDim, n = batch.tokenCount, maxLength = batch.maxLength
        let qkvStride = 3 * inner
        fillEncoderPositionBias(maxLength: maxLength, into: s.bias)
        embed(batch.ids, into: s.x)
        for block in stack.blocks {
            // layer[0]: T5LayerSelfAttention — pre-norm, attention, residual.
            Kernels.rmsNorm(s.x, rows: n, dim: d, weight: block.selfAttentionNorm, epsilon: c.layerNormEpsilon, into: s.normed)
            let attention = block.selfAttention
            if let fused = attention.qkv {
                Kernels.linear(s.normed, rows: n, fused, into: s.qkv, threads: threads)
            } else {
                for (part, weight) in [attention.q, attention.k, attention.v].enumerated() {
                    Kernels.linearStrided(s.normed, rows: n, weight, into: s.qkv + part * inner, ldc: qkvStride)
                }
            }
            selfAttention(batch, s, threads: threads)
            Kernels.linear(s.context, rows: n, attention.o, into: out, threads: threads)
            Kernels.add(out, into: s.x, count: n * d)
            // Last layer: T5LayerFF — pre-norm, feed-forward, residual.
            feedForward(block, x: s.x, normed: s.normed, ff: s.ff, gate: s.gate, out: out, rows: n, threads: threads)
        }
        Kernels.rmsNorm(s.x, rows: n, dim: d, weight: stack.finalLayerNorm, epsilon: c.layerNormEpsilon, into: out)
    }

    /// Per-sequence, per-head attention over the `q|k|v` rows into `context`. The (sequence, head) pairs
    /// are independent: they are cut into `threads` contiguous parts, each with its own score matrix,
    /// and every pair writes only its own `d_kv` columns of its own sequence's rows.
    private func selfAttention(_ batch: PackedBatch, _ s: EncoderState, threads: Int) {
        let c = config, inner = c.innerDim, qkvStride = 3 * inner, heads = c.numHeads, dKV = c.dKV
        let maxLength = batch.maxLength, offsets = batch.offsets
        let work = (0..<batch.count).reduce(0) { $0 + batch.length($1) * batch.length($1) } * inner * 2
        let pairs = batch.count * heads
        let parts = Kernels.chunks(threads: threads, work: work, items: pairs)
        let qkv = SendableMutablePointer(s.qkv), context = SendableMutablePointer(s.context)
        let scores = SendableMutablePointer(s.scores), bias = SendableMutablePointer(s.bias)
        Kernels.parallel(parts) { part in
            let scores = scores.pointer + part * maxLength * maxLength
            for pair in Kernels.part(part, of: parts, count: pairs) {
                let b = pair / heads, h = pair % heads
                let length = offsets[b + 1] - offsets[b]
                let head = qkv.pointer + offsets[b] * qkvStride + h * dKV
                // scores[i, j] = q_i · k_j — NO 1/sqrt(d_kv) scaling in T5 (T5Attention.scaling = 1.0).
                Kernels.gemmABt(m: length, n: length, k: dKV, a: head, lda: qkvStride, b: head + inner,
                                ldb: qkvStride, c: scores, ldc: length)
                // + relative position bias of (j - i); bias row `h` is indexed by j - i + maxLength - 1.
                let biasRow = bias.pointer + h * (2 * maxLength - 1) + maxLength - 1
                for i in 0..<length {
                    let row = scores + i * length
                    for j in 0..<length { row[j] += biasRow[j - i] }
                    Kernels.softmax(row, count: length)
                }
                Kernels.gemmAB(m: length, n: dKV, k: length, a: scores, lda: length, b: head + 2 * inner,
                               ldb: qkvStride, c: context.pointer + offsets[b] * inner + h * dKV, ldc: inner)
            }
        }
    }

    /// Rows of the shared embedding for `ids` (T5 does not scale embeddings by sqrt(d_model)).
    func embed(_ ids: [Int], into x: UnsafeMutablePointer<Float>) {
        let d = config.dModel
        for (row, id) in ids.enumerated() {
            (x + row * d).update(from: weights.shared + id * d, count: d)
        }
    }

    /// `T5LayerFF`: `x += wo(act(wi(norm x)))`, or the gated form `wo(act(wi_0 h) * wi_1 h)`.
    func feedForward(_ block: T5BlockWeights, x: UnsafeMutablePointer<Float>, normed: UnsafeMutablePointer<Float>,
                     ff: UnsafeMutablePointer<Float>, gate: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>, rows n: Int,
                     threads: Int) {
        let c = config
        Kernels.rmsNorm(x, rows: n, dim: c.dModel, weight: block.feedForwardNorm, epsilon: c.layerNormEpsilon, into: normed)
        switch block.feedForward {
        case .dense(let wi, let wo):
            Kernels.linear(normed, rows: n, wi, into: ff, threads: threads)
            Kernels.activate(ff, count: n * c.dFF, c.feedForward.activation)
            Kernels.linear(ff, rows: n, wo, into: out, threads: threads)
        case .gated(let wi, let wo):
            // One GEMM for wi_0|wi_1, then act(wi_0 h) * wi_1 h row by row into `gate`.
            Kernels.linear(normed, rows: n, wi, into: ff, threads: threads)
            let dFF = c.dFF, activation = c.feedForward.activation
            let parts = Kernels.chunks(threads: threads, work: n * dFF * 16, items: n / 16)
            let ffs = SendableMutablePointer(ff), gates = SendableMutablePointer(gate)
            Kernels.parallel(parts) { part in
                for r in Kernels.part(part, of: parts, count: n) {
                    let row = ffs.pointer + r * 2 * dFF
                    Kernels.activate(row, count: dFF, activation)
                    Kernels.multiply(row, by: row + dFF, into: gates.pointer + r * dFF, count: dFF)
                }
            }
            Kernels.linear(gate, rows: n, wo, into: out, threads: threads)
        }
        Kernels.add(out, into: x, count: n * c.dModel)
    }

    /// Bidirectional bias per head for every offset `j - i` in `-(L-1)...(L-1)`: `[heads, 2L - 1]`.
    func fillEncoderPositionBias(maxLength: Int, into table: UnsafeMutablePointer<Float>) {
        let c = config, width = 2 * maxLength - 1
        for offset in 0..<width {
            let bucket = RelativePosition.bucket(offset - (maxLength - 1), bidirectional: true,
                                                 numBuckets: c.relativeAttentionNumBuckets,
                                                 maxDistance: c.relativeAttentionMaxDistance)
            // relative_attention_bias is an nn.Embedding [num_buckets, num_heads].
            for h in 0..<c.numHeads { table[h * width + offset] = weights.encoder.relativeAttentionBias[bucket * c.numHeads + h] }
        }
    }
}
