extension T5Model {
    /// Encoder stack over a packed batch; returns `tokens × d_model` after the final RMS norm.
    func encoderForward(_ batch: PackedBatch) -> FloatBuffer {
        let c = config, d = c.dModel, inner = c.innerDim, n = batch.tokenCount, maxLength = batch.maxLength
        let stack = weights.encoder
        // RunState: every activation of the pass, allocated once.
        let x = FloatBuffer(n * d), normed = FloatBuffer(n * d), out = FloatBuffer(n * d)
        // q|k|v of a token side by side in one row of `qkv` (one GEMM with the stacked weight).
        let qkv = FloatBuffer(n * 3 * inner), context = FloatBuffer(n * inner), qkvStride = 3 * inner
        let ff = FloatBuffer(n * c.dFF * (c.feedForward.isGated ? 2 : 1)), gate = FloatBuffer(c.feedForward.isGated ? n * c.dFF : 0)
        let scores = FloatBuffer(maxLength * maxLength)
        let bias = encoderPositionBias(maxLength: maxLength)

        embed(batch.ids, into: x.pointer)
        for block in stack.blocks {
            // layer[0]: T5LayerSelfAttention — pre-norm, attention, residual.
            Kernels.rmsNorm(x.readOnly, rows: n, dim: d, weight: block.selfAttentionNorm, epsilon: c.layerNormEpsilon, into: normed.pointer)
            let attention = block.selfAttention
            if let fused = attention.qkv {
                Kernels.linear(normed.readOnly, rows: n, fused, into: qkv.pointer, threads: threads)
            } else {
                for (part, weight) in [attention.q, attention.k, attention.v].enumerated() {
                    Kernels.linearStrided(normed.readOnly, rows: n, weight, into: qkv[part * inner], ldc: qkvStride)
                }
            }
            for b in 0..<batch.count {
                let length = batch.length(b)
                for h in 0..<c.numHeads {
                    let head = batch.offsets[b] * qkvStride + h * c.dKV, column = batch.offsets[b] * inner + h * c.dKV
                    // scores[i, j] = q_i · k_j — NO 1/sqrt(d_kv) scaling in T5 (T5Attention.scaling = 1.0).
                    Kernels.gemmABt(m: length, n: length, k: c.dKV, a: qkv[head], lda: qkvStride, b: qkv[head + inner],
                                    ldb: qkvStride, c: scores.pointer, ldc: length)
                    // + relative position bias of (j - i); bias row `h` is indexed by j - i + maxLength - 1.
                    let biasRow = bias.readOnly + h * (2 * maxLength - 1) + maxLength - 1
                    for i in 0..<length {
                        let s = scores[i * length]
                        for j in 0..<length { s[j] += biasRow[j - i] }
                        Kernels.softmax(s, count: length)
                    }
                    Kernels.gemmAB(m: length, n: c.dKV, k: length, a: scores.readOnly, lda: length, b: qkv[head + 2 * inner],
                                   ldb: qkvStride, c: context[column], ldc: inner)
                }
            }
            Kernels.linear(context.readOnly, rows: n, block.selfAttention.o, into: out.pointer, threads: threads)
            Kernels.add(out.readOnly, into: x.pointer, count: n * d)
            // Last layer: T5LayerFF — pre-norm, feed-forward, residual.
            feedForward(block, x: x, normed: normed, ff: ff, gate: gate, out: out, rows: n)
        }
        Kernels.rmsNorm(x.readOnly, rows: n, dim: d, weight: stack.finalLayerNorm, epsilon: c.layerNormEpsilon, into: out.pointer)
        return out
    }

    /// Rows of the shared embedding for `ids` (T5 does not scale embeddings by sqrt(d_model)).
    func embed(_ ids: [Int], into x: UnsafeMutablePointer<Float>) {
        let d = config.dModel
        for (row, id) in ids.enumerated() {
            (x + row * d).update(from: weights.shared + id * d, count: d)
        }
    }

    /// `T5LayerFF`: `x += wo(act(wi(norm x)))`, or the gated form `wo(act(wi_0 h) * wi_1 h)`.
    func feedForward(_ block: T5BlockWeights, x: FloatBuffer, normed: FloatBuffer, ff: FloatBuffer, gate: FloatBuffer,
                     out: FloatBuffer, rows n: Int) {
        let c = config
        Kernels.rmsNorm(x.readOnly, rows: n, dim: c.dModel, weight: block.feedForwardNorm, epsilon: c.layerNormEpsilon, into: normed.pointer)
        let wo: Linear
        switch block.feedForward {
        case .dense(let wi, let output):
            Kernels.linear(normed.readOnly, rows: n, wi, into: ff.pointer, threads: threads)
            Kernels.activate(ff.pointer, count: n * c.dFF, c.feedForward.activation)
            wo = output
        case .gated(let wi, let output):
            // One GEMM for wi_0|wi_1, then act(wi_0 h) * wi_1 h row by row into `gate`.
            Kernels.linear(normed.readOnly, rows: n, wi, into: ff.pointer, threads: threads)
            for r in 0..<n {
                let row = ff[r * 2 * c.dFF]
                Kernels.activate(row, count: c.dFF, c.feedForward.activation)
                Kernels.multiply(row, by: row + c.dFF, into: gate[r * c.dFF], count: c.dFF)
            }
            Kernels.linear(gate.readOnly, rows: n, output, into: out.pointer, threads: threads)
            Kernels.add(out.readOnly, into: x.pointer, count: n * c.dModel)
            return
        }
        Kernels.linear(ff.readOnly, rows: n, wo, into: out.pointer, threads: threads)
        Kernels.add(out.readOnly, into: x.pointer, count: n * c.dModel)
    }

    /// Bidirectional bias per head for every offset `j - i` in `-(L-1)...(L-1)`: `[heads, 2L - 1]`.
    func encoderPositionBias(maxLength: Int) -> FloatBuffer {
        let c = config, width = 2 * maxLength - 1
        let table = FloatBuffer(c.numHeads * width)
        for offset in 0..<width {
            let bucket = RelativePosition.bucket(offset - (maxLength - 1), bidirectional: true,
                                                 numBuckets: c.relativeAttentionNumBuckets,
                                                 maxDistance: c.relativeAttentionMaxDistance)
            // relative_attention_bias is an nn.Embedding [num_buckets, num_heads].
            for h in 0..<c.numHeads { table[h * width + offset].pointee = weights.encoder.relativeAttentionBias[bucket * c.numHeads + h] }
        }
        return table
    }
}
