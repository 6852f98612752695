import Foundation

/// A loaded T5: config, weights bound by Hugging Face name, and the forward passes.
///
/// One instance is shared by every request. `@unchecked Sendable` is safe because:
/// - every stored property is a `let` set in `init` and never mutated afterwards;
/// - `weights` holds pointers into `storage`, which owns them (read-only `mmap` + load-time F32 copies)
///   and lives exactly as long as this object (freed in its `deinit`);
/// - forward passes only read weights and write to per-call scratch buffers (`FloatBuffer`), never to
///   shared state. The only process-wide side effect, OpenBLAS's thread count (set to 1), does not change
///   results.
public final class T5Model: @unchecked Sendable {
    public let config: T5Config
    /// Threads each forward pass may use: GEMM row blocks, attention heads and the matvec split are cut
    /// into this many parts (`Kernels.parallel`). OpenBLAS itself runs single-threaded.
    public let threads: Int
    let storage: WeightStorage
    let weights: T5Weights
    /// The file's weights without int8 copies: `weights` itself when `precision` is float32; with int8,
    /// the same float32 buffers (nothing is copied), for passes asked to run in float32 (the tagger's
    /// verification of uncertain windows, `tokenClassificationLogits(_:precision:)`).
    let floatWeights: T5Weights
    /// How the encoder's projections run: the requested precision (argument, else config.json
    /// `veil_weights`), except that `int8` falls back to `float32` on a CPU without AVX2.
    public let precision: T5WeightPrecision
    /// The int8 copies of the encoder's projections when `precision` is `int8` (owned here, read-only).
    let quantizedStorage: QuantizedWeightStorage?
    /// Activation memory reused across passes (see `ScratchPool`); one block per concurrent pass.
    let scratch = ScratchPool(capacity: 4)

    /// Loads `config.json` and `model.safetensors` from a Hugging Face model folder.
    /// - Parameter threads: compute threads per forward pass (see `threads`). Sets OpenBLAS's
    ///   process-wide thread count to 1: passes split their own work, so `workers × threads` bounds the
    ///   compute threads of a `T5Engine` whatever OpenBLAS would do.
    /// - Parameter precision: `float32` or `int8` encoder projections; nil: config.json's `veil_weights`.
    public init(folder: URL, threads: Int = 1, precision: T5WeightPrecision? = nil) throws(T5Error) {
        let configURL = folder.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configURL.path) else {
            throw .missingFile(path: configURL.path)
        }
        config = try T5Config(json: data)
        let tensors = try SafeTensors(path: folder.appendingPathComponent("model.safetensors").path)
        storage = WeightStorage(tensors: tensors)
        let loaded = try T5Weights(storage: storage, config: config)
        floatWeights = loaded
        if (precision ?? config.weightPrecision) == .int8, Kernels.int8Path != nil {
            let quantized = QuantizedWeightStorage()
            weights = loaded.quantizingEncoder(into: quantized)
            quantizedStorage = quantized
            self.precision = .int8
        } else {
            weights = loaded
            quantizedStorage = nil
            self.precision = .float32
        }
        self.threads = max(1, threads)
        Kernels.setBLASThreads(1)
    }

    /// True for `T5ForConditionalGeneration` / `T5Model` exports (they can `generate`).
    public var hasDecoder: Bool { weights.decoder != nil }
    /// True for `T5ForTokenClassification` exports (they can `tokenClassificationLogits`).
    public var hasClassifier: Bool { weights.classifier != nil }

    /// Final encoder states (after `encoder.final_layer_norm`), one `length × d_model` matrix per input.
    public func encode(_ inputs: [[Int]]) throws(T5Error) -> [T5Matrix] {
        if let split = try splitBySequence(inputs, { [self] (group, threads) throws(T5Error) in try encode(group, threads: threads) }) {
            return split
        }
        return try encode(inputs, threads: threads)
    }

    func encode(_ inputs: [[Int]], threads: Int) throws(T5Error) -> [T5Matrix] {
        let batch = try PackedBatch(inputs, vocabSize: config.vocabSize)
        let hidden = encoderForward(batch, threads: threads)
        return split(hidden.readOnly, batch: batch, cols: config.dModel)
    }

    /// Cuts a packed `tokens × cols` buffer back into one matrix per sequence.
    func split(_ data: UnsafePointer<Float>, batch: PackedBatch, cols: Int) -> [T5Matrix] {
        (0..<batch.count).map { b in
            let start = batch.offsets[b] * cols, count = batch.length(b) * cols
            return T5Matrix(rows: batch.length(b), cols: cols, values: Array(UnsafeBufferPointer(start: data + start, count: count)))
        }
    }
}
