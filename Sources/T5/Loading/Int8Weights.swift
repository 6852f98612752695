import CBLAS
import Foundation

/// How an encoder's projections are stored and multiplied (config.json `veil_weights`, or
/// `T5Model(folder:threads:precision:)`).
public enum T5WeightPrecision: String, Sendable, Equatable {
    /// The file's weights widened to float32; OpenBLAS SGEMM.
    case float32
    /// The encoder's linear layers (self-attention q|k|v and o, feed-forward wi and wo) quantized to int8 at
    /// load, one scale per output channel; activations quantized per row at run time; int8 × int8 → int32
    /// dot products (`Kernels+Int8.swift`). Embeddings, norms, attention scores, the classifier and any
    /// decoder stay float32. On a CPU without AVX2 the model loads as `float32` instead.
    case int8

    /// `veil_weights` values: `float32` (also `fp32`, `f32`) or `int8`.
    init(configValue: String) throws(T5Error) {
        switch configValue.lowercased() {
        case "float32", "fp32", "f32": self = .float32
        case "int8": self = .int8
        default: throw .invalidConfig("veil_weights \(configValue) is neither float32 nor int8")
        }
    }
}

/// Owner of the int8 copies made at load (packed weights, scales, compensation terms); freed with the model.
/// Written only while the model loads, read-only afterwards (see `QuantizedLinear`).
final class QuantizedWeightStorage {
    private var owned: [UnsafeMutableRawPointer] = []

    deinit {
        for buffer in owned { buffer.deallocate() }
    }

    private func allocate<T>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
        owned.append(raw)
        return raw.bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// `linear` with an int8 copy attached (`Kernels.linear` then takes the int8 path), or unchanged when its
    /// shape does not suit the kernels. Per output channel o: `scale = max |W[o, :]| / 127`,
    /// `q = rint(W · 127 / max |W[o, :]|)` — the same rounding as the activations.
    func quantize(_ linear: Linear) -> Linear {
        let out = linear.outFeatures, k = linear.inFeatures
        guard QuantizedLinear.fits(outFeatures: out, inFeatures: k) else { return linear }
        var q = [Int8](repeating: 0, count: out * k)
        var scales = [Float](repeating: 0, count: out)
        for o in 0..<out {
            let row = linear.weight + o * k
            var amax: Float = 0
            for i in 0..<k { amax = max(amax, abs(row[i])) }
            let inverse: Float = amax > 0 ? 127 / amax : 0
            scales[o] = amax / 127
            for i in 0..<k { q[o * k + i] = Int8(min(max((row[i] * inverse).rounded(.toNearestOrEven), -127), 127)) }
        }
        var result = linear
        result.quantized = pack(q, scales: scales, outFeatures: out, inFeatures: k)
        return result
    }

    /// Packs int8 weights `[out, in]` (within ±127) with their scales into kernel layout.
    func pack(_ q: [Int8], scales: [Float], outFeatures out: Int, inFeatures k: Int) -> QuantizedLinear {
        let packed = allocate(Int8.self, out * k), scaleBuffer = allocate(Float.self, out)
        let compensation = allocate(Int32.self, out)
        q.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { veil_i8_pack(base, out, k, packed) }
        }
        for o in 0..<out {
            scaleBuffer[o] = scales[o]
            var sum: Int32 = 0
            for i in 0..<k { sum += Int32(q[o * k + i]) }
            compensation[o] = 128 * sum
        }
        return QuantizedLinear(packed: packed, scales: scaleBuffer, compensation: compensation,
                               outFeatures: out, inFeatures: k)
    }
}

extension T5Weights {
    /// These weights with every encoder projection quantized into `storage` (see `T5WeightPrecision.int8`).
    func quantizingEncoder(into storage: QuantizedWeightStorage) -> T5Weights {
        let blocks = encoder.blocks.map { block in
            let attention = block.selfAttention
            let feedForward: T5FeedForwardWeights
            switch block.feedForward {
            case .dense(let wi, let wo): feedForward = .dense(wi: storage.quantize(wi), wo: storage.quantize(wo))
            case .gated(let wi, let wo): feedForward = .gated(wi: storage.quantize(wi), wo: storage.quantize(wo))
            }
            // The encoder runs q|k|v through the stacked weight; the separate views stay float32 (unused there).
            return T5BlockWeights(
                selfAttentionNorm: block.selfAttentionNorm,
                selfAttention: T5AttentionWeights(q: attention.q, k: attention.k, v: attention.v,
                                                  o: storage.quantize(attention.o), qkv: attention.qkv.map(storage.quantize)),
                crossAttentionNorm: block.crossAttentionNorm, crossAttention: block.crossAttention,
                feedForwardNorm: block.feedForwardNorm, feedForward: feedForward)
        }
        return T5Weights(shared: shared,
                         encoder: T5StackWeights(blocks: blocks, finalLayerNorm: encoder.finalLayerNorm,
                                                 relativeAttentionBias: encoder.relativeAttentionBias),
                         decoder: decoder, lmHead: lmHead, classifier: classifier, classifierBias: classifierBias)
    }
}
