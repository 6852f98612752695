import Foundation
import JSON

/// The blueprint read from a Hugging Face `config.json` (llama2.c's `Config`).
///
/// Defaults are those of transformers' `T5Config` (configuration_t5.py) so a sparse config still loads.
public struct T5Config: Sendable, Equatable {
    public var vocabSize = 32128
    public var dModel = 512
    public var dKV = 64
    public var dFF = 2048
    public var numLayers = 6
    public var numDecoderLayers = 6
    public var numHeads = 8
    public var relativeAttentionNumBuckets = 32
    public var relativeAttentionMaxDistance = 128
    public var layerNormEpsilon: Float = 1e-6
    public var feedForward = FeedForward(activation: .relu, isGated: false)
    public var tieWordEmbeddings = true
    /// Multiply the decoder output by `d_model ** -0.5` before `lm_head` (original T5 does, v1.1/FLAN do not).
    public var scaleDecoderOutputs = true
    public var padTokenId = 0
    public var eosTokenIds: [Int] = [1]
    public var decoderStartTokenId = 0
    /// Labels of a `T5ForTokenClassification` head, by class index (`id2label`).
    public var labels: [String] = []
    public var architectures: [String] = []
    /// `veil_weights` (Veil's own key): how the encoder's projections run; absent means float32.
    public var weightPrecision = T5WeightPrecision.float32
    /// The whole `config.json` as parsed (empty for a config built in code): the keys the engine does
    /// not read (`veil_*`) are read from here by the model detectors, so the file is parsed once.
    public var document: JSONValue = .object([])

    /// The feed-forward flavour named by `feed_forward_proj` (`relu`, `gated-gelu`, ...).
    public struct FeedForward: Sendable, Equatable {
        public var activation: Activation
        /// `gated-*`: `act(wi_0 x) * (wi_1 x)` (T5DenseGatedActDense) instead of `act(wi x)` (T5DenseActDense).
        public var isGated: Bool
    }

    public enum Activation: String, Sendable, Equatable {
        case relu
        /// Exact GELU, `0.5 x (1 + erf(x / sqrt 2))` (ACT2FN["gelu"]).
        case gelu
        /// Tanh approximation (ACT2FN["gelu_new"]); what `gated-gelu` means, see T5Config.__post_init__.
        case geluNew = "gelu_new"
        case silu
    }

    public var innerDim: Int { numHeads * dKV }
    public var numLabels: Int { labels.count }

    public init() {}
}

extension T5Config {
    /// Parses `config.json` bytes with Veil's one JSON parser, validating only what the engine relies
    /// on; the whole document stays in ``document`` for the keys other layers read (`veil_*`).
    public init(json data: Data) throws(T5Error) {
        let document: JSONValue
        do { document = try JSONParser.parse(data) } catch {
            throw .invalidConfig("not JSON")
        }
        try self.init(document: document)
    }

    /// Reads an already parsed `config.json`.
    public init(document: JSONValue) throws(T5Error) {
        guard case .object = document else { throw .invalidConfig("top level is not an object") }
        self.init()
        self.document = document
        func number(_ key: String) -> Double? {
            if case .number(let literal)? = document[key] { return Double(literal) }
            return nil
        }
        func int(_ key: String) throws(T5Error) -> Int? {
            guard let value = document[key], !value.isNull else { return nil }
            guard case .number(let literal) = value, let double = Double(literal), let exact = Int(exactly: double) else {
                throw .invalidConfig("\(key) is not an integer")
            }
            return exact
        }
        func bool(_ key: String) -> Bool? {
            if case .bool(let b)? = document[key] { return b }
            return nil
        }
        vocabSize = try int("vocab_size") ?? vocabSize
        dModel = try int("d_model") ?? dModel
        dKV = try int("d_kv") ?? dKV
        dFF = try int("d_ff") ?? dFF
        numLayers = try int("num_layers") ?? numLayers
        // "default = symmetry" (T5Config.__post_init__).
        numDecoderLayers = try int("num_decoder_layers") ?? numLayers
        numHeads = try int("num_heads") ?? numHeads
        relativeAttentionNumBuckets = try int("relative_attention_num_buckets") ?? relativeAttentionNumBuckets
        relativeAttentionMaxDistance = try int("relative_attention_max_distance") ?? relativeAttentionMaxDistance
        padTokenId = try int("pad_token_id") ?? padTokenId
        // T5 starts decoding from the pad token when the config does not say otherwise.
        decoderStartTokenId = try int("decoder_start_token_id") ?? padTokenId
        if let eps = number("layer_norm_epsilon") { layerNormEpsilon = Float(eps) }
        if let eos = document["eos_token_id"] {
            if case .number(let one) = eos, let id = Double(one) { eosTokenIds = [Int(id)] }
            else if let many = eos.arrayValue {
                eosTokenIds = many.compactMap { if case .number(let n) = $0, let id = Double(n) { Int(id) } else { nil } }
            }
        }
        if let proj = document["feed_forward_proj"]?.stringValue { feedForward = try Self.feedForward(proj) }
        // transformers 5 writes `tie_word_embeddings: true` for every T5 and keeps the v1.0/v1.1 switch in
        // `scale_decoder_outputs`; older exports only have `tie_word_embeddings` (false for v1.1/FLAN).
        // Mirror T5Config.__post_init__: scale = explicit key, else `tie_word_embeddings is not False`.
        let tie = bool("tie_word_embeddings")
        tieWordEmbeddings = tie ?? true
        scaleDecoderOutputs = bool("scale_decoder_outputs") ?? (tie != false)
        architectures = document["architectures"]?.arrayValue?.compactMap(\.stringValue) ?? []
        labels = try Self.labels(document, count: try int("num_labels"))
        if let weights = document["veil_weights"] {
            guard let name = weights.stringValue else { throw .invalidConfig("veil_weights is not a string") }
            weightPrecision = try T5WeightPrecision(configValue: name)
        }
        try validate()
    }

    /// `feed_forward_proj` is `ACT` or `gated-ACT`; `gated-gelu` means gelu_new for backwards compatibility.
    static func feedForward(_ proj: String) throws(T5Error) -> FeedForward {
        let parts = proj.split(separator: "-").map(String.init)
        guard parts.count == 1 || (parts.count == 2 && parts[0] == "gated") else {
            throw .invalidConfig("feed_forward_proj \(proj) is not ACT or gated-ACT")
        }
        let name = proj == "gated-gelu" ? "gelu_new" : parts[parts.count - 1]
        guard let activation = Activation(rawValue: name) else {
            throw .invalidConfig("unsupported activation \(name)")
        }
        return FeedForward(activation: activation, isGated: parts.count == 2)
    }

    static func labels(_ document: JSONValue, count: Int?) throws(T5Error) -> [String] {
        if case .object(let id2label)? = document["id2label"] {
            var labels = [String](repeating: "", count: id2label.count)
            for (key, value) in id2label {
                guard let index = Int(key), labels.indices.contains(index) else {
                    throw .invalidConfig("id2label key \(key) is not an index below \(id2label.count)")
                }
                labels[index] = value.stringValue ?? "LABEL_\(index)"
            }
            return labels
        }
        return (0..<(count ?? 0)).map { "LABEL_\($0)" }
    }

    func validate() throws(T5Error) {
        let positive = [("vocab_size", vocabSize), ("d_model", dModel), ("d_kv", dKV), ("d_ff", dFF),
                        ("num_layers", numLayers), ("num_heads", numHeads),
                        ("relative_attention_num_buckets", relativeAttentionNumBuckets),
                        ("relative_attention_max_distance", relativeAttentionMaxDistance)]
        for (key, value) in positive where value <= 0 { throw .invalidConfig("\(key) must be positive") }
        if numDecoderLayers < 0 { throw .invalidConfig("num_decoder_layers must not be negative") }
    }
}
