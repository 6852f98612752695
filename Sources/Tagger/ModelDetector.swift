import Anonymizer
import Foundation
import T5
import Tokenizer

/// Veil's own PII tagger (a `T5ForTokenClassification` export) as a `Detector`: the glue
/// between the model engine and the anonymizer, which never imports `T5`.
///
/// Input layout, as in `Training/tagging.py`: `encode("labels: A, B text:") + window + [</s>]`,
/// both parts encoded without special tokens, so offsets come from encoding the text alone.
public struct ModelDetector: Detector {
    public let name = "t5"
    public let supportedLabels: Set<EntityLabel>
    let tokenizer: Tokenizer
    let engine: T5Engine
    /// The model's tag names by id (`O`, `B-NAME`, `I-NAME`, …).
    let tagNames: [String]
    /// Labels the model knows, in its own order (the prompt lists them in this order).
    let modelLabels: [String]
    /// Prompt with every label the model knows and keep the wanted ones (`veil_prompt_all_labels`
    /// in config.json), instead of prompting with the wanted ones only. The first shipped tagger
    /// needed it (it tagged far less under a short prompt); the current one does better with the
    /// wanted labels alone (MODEL_CARD.md "Label subsets" has both measurements).
    var promptsEveryLabel: Bool
    /// Longest window, prompt and `</s>` included: `veil_inference_max_length` in config.json, else the
    /// training length `veil_max_length`, else 256 (`Training/tagging.py::inference_max_length`).
    let maxTokens: Int
    /// Windows per forward pass: a long text's windows go through the model this many at a time,
    /// each pass decoded and its logits dropped before the next, so the model's memory is bounded
    /// by this, never by the text's length (issue #15, item 6; `ModelStreamingTests`).
    var windowsPerPass: Int
    /// Sees the window count of each forward pass before it runs (tests: `ModelStreamingTests`).
    var passObserver: (@Sendable (Int) -> Void)?
    /// Spans made only of these words are dropped (config.json `veil_common_words`).
    let commonWords: CommonWords
    /// Per-label confidence a span needs at each sensitivity (config.json `veil_thresholds`).
    let thresholds: ModelThresholds
    /// The model labels served when a request names none (config.json `veil_default_labels`; absent:
    /// all). The labels where the model beats both patterns and nothing on the dev sets
    /// (MODEL_CARD.md "Default labels"); a request that names a label still gets it.
    let defaultLabels: Set<String>?
    /// For an int8 model: which windows are run again in float32 (`Int8Verification`); nil for a
    /// float32 model or when config.json turns it off.
    let verification: Int8Verification?
    /// Sees each pass's window count and how many of them were verified in float32 (tests, benchmarks).
    var verificationObserver: (@Sendable (_ windows: Int, _ verified: Int) -> Void)?

    /// Model label → Veil label, where the two vocabularies name the same thing differently.
    static let aliases: [String: EntityLabel] = EntityLabel.aliases

    /// `body`, with the engine's "queue full" and "waited too long" as ``DetectorError/overloaded``:
    /// the proxy answers those without knowing the engine (503 with `Retry-After`).
    static func overloadAsDetectorError<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch T5Error.busy, T5Error.queueTimeout {
            throw DetectorError.overloaded
        }
    }

    /// Loads `config.json`, `model.safetensors` and `tokenizer.json` from `folder`. At most
    /// `maxQueued` forward passes wait for the compute thread, each for at most `queueWait`.
    /// A long text's windows run `windowsPerPass` at a time. The text limit (`model_max_text`) is
    /// `TextLimitedDetector`'s, around whichever model detector is loaded.
    public init(folder: URL, threads: Int = 1, maxQueued: Int = 64, queueWait: Duration? = nil, windowsPerPass: Int = 8) throws {
        let model = try T5Model(folder: folder, threads: threads)
        guard model.hasClassifier else {
            throw ModelDetectorError.notATagger(folder.path)
        }
        tokenizer = try Tokenizer.load(from: folder.appendingPathComponent("tokenizer.json"))
        engine = T5Engine(model: model, workers: 1, maxQueued: maxQueued, maxWait: queueWait)
        // At least one window per model thread, so a pass still splits by sequence.
        self.windowsPerPass = max(windowsPerPass, threads, 1)
        tagNames = model.config.labels
        var labels: [String] = []
        for tag in tagNames where tag.hasPrefix("B-") { labels.append(String(tag.dropFirst(2))) }
        modelLabels = labels
        supportedLabels = Set(labels.map { Self.aliases[$0] ?? EntityLabel($0) })
        let config = model.config.document  // parsed once, by the engine
        maxTokens = Self.maxLength(config)
        promptsEveryLabel = config["veil_prompt_all_labels"] == .bool(true)
        commonWords = try CommonWords(folder: folder, config: config)
        thresholds = try ModelThresholds(config: config)
        defaultLabels = config["veil_default_labels"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
        verification = model.precision == .int8 ? try Int8Verification(config: config) : nil
    }

    /// The labels a tagger in `folder` would support (its `supportedLabels`), read from its
    /// `config.json` alone, without loading the weights: what `veil config check` validates
    /// `labels` against.
    public static func labels(inModelAt folder: URL) throws -> Set<EntityLabel> {
        let config = try T5Config(json: Data(contentsOf: folder.appendingPathComponent("config.json")))
        return Set(config.labels.filter { $0.hasPrefix("B-") }.map { tag in
            let label = String(tag.dropFirst(2))
            return aliases[label] ?? EntityLabel(label)
        })
    }

    public func detect(in input: DetectionInput) async throws -> [Span] {
        let wanted = modelLabels.filter { label in
            guard input.labels != nil || defaultLabels?.contains(label) != false else { return false }
            return input.wants(Self.aliases[label] ?? EntityLabel(label))
        }
        guard !wanted.isEmpty, !input.scalars.isEmpty else { return [] }
        let wantedSet = Set(wanted)
        let prompted = promptsEveryLabel ? modelLabels : wanted
        let keeping = prompted.count == wanted.count ? nil : wantedSet
        return try await Self.overloadAsDetectorError {
            try await tag(input.text, scalars: input.scalars, labels: prompted, keeping: keeping,
                          judging: (wantedSet, input.sensitivity))
        }.compactMap { found in
            guard wantedSet.contains(found.label),
                  found.score >= thresholds.threshold(for: found.label, at: input.sensitivity) else { return nil }
            let label = Self.aliases[found.label] ?? EntityLabel(found.label)
            // Model-specific filters judge the whole words the span touches; where the span starts
            // and ends (words, punctuation, lines, structure, pattern spans, owned labels) is
            // SpanHygiene's business, so the span goes out as the model drew it.
            let words = Self.snappedToWords(found.range, input.scalars)
            guard Self.isValueLike(words, input.scalars), !commonWords.covers(input.scalars[words]) else { return nil }
            return Span(start: found.range.lowerBound, end: found.range.upperBound, label: label, score: found.score,
                        detector: name, origin: .model,
                        maskable: found.score >= thresholds.threshold(for: found.label, at: .strict))
        }
    }

    /// The model's own spans (its label names, scalar ranges) for `text`, asking for `labels`
    /// in that order — what `Training/evaluate.py::predict` computes. `keeping`: the labels the
    /// caller keeps when `labels` lists more (`BIOSpanDecoder.wantedVoteShare`). `judging`: the labels
    /// the caller keeps and the sensitivity whose thresholds it applies — all int8 verification needs
    /// to check; nil: every label at every sensitivity.
    ///
    /// The windows go through the model `windowsPerPass` at a time: each pass's logits are
    /// decoded to spans and dropped before the next pass starts, so what the model holds at once
    /// (activations, attention scores, logits, probabilities) is bounded by one pass, whatever
    /// the text's length; what grows with the text is its token ids, offsets and spans.
    func tag(_ text: String, scalars: [Unicode.Scalar], labels: [String], keeping: Set<String>? = nil,
             judging: (labels: Set<String>, sensitivity: Sensitivity)? = nil) async throws -> [BIOSpanDecoder.Found] {
        let prompt = tokenizer.encode("labels: " + labels.joined(separator: ", ") + " text:", addSpecialTokens: false)
        let encoding = tokenizer.encodeWithOffsets(text, addSpecialTokens: false)
        guard encoding.count > 0 else { return [] }
        let eos = tokenizer.eosId ?? 1
        let windows = TokenWindows(count: encoding.count, room: max(16, maxTokens - prompt.count - 1))

        // Each window is decoded on its own (softmax, then segment-then-vote); the spans of all
        // windows are united and spans of one label that overlap or touch are merged
        // (evaluate.py::predict does the same).
        var found: [BIOSpanDecoder.Found] = []
        let judged = verification.map { _ in Int8Verification.Thresholds(labels: modelLabels, thresholds: thresholds, judging: judging) }
        var first = 0
        while first < windows.ranges.count {
            // A client that went away stops the work between passes.
            try Task.checkCancellation()
            let group = Array(windows.ranges[first..<min(windows.ranges.count, first + windowsPerPass)])
            let batch = group.map { prompt + encoding.ids[$0] + [eos] }
            passObserver?(batch.count)
            let logits = try await engine.tokenClassificationLogits(batch)
            var decoded = zip(group, logits).map { range, matrix in
                decode(matrix, window: range, prompt: prompt.count, encoding, scalars, keeping)
            }
            if let verification, let judged {
                // int8: windows with a decision near its edge are tagged again in float32 (Int8Verification).
                let unsure = decoded.indices.filter { w in
                    // The rows the decoder read: whitespace-only tokens, which it skips, left out.
                    let read = zip(group[w], decoded[w].rows).filter { !BIOSpanDecoder.trimmed(encoding.offsets[$0.0], scalars).isEmpty }
                    return verification.isUncertain(rows: read.map(\.1), found: decoded[w].found, thresholds: judged)
                }
                verificationObserver?(group.count, unsure.count)
                if !unsure.isEmpty {
                    let exact = try await engine.tokenClassificationLogits(unsure.map { batch[$0] }, precision: .float32)
                    for (w, matrix) in zip(unsure, exact) {
                        decoded[w] = decode(matrix, window: group[w], prompt: prompt.count, encoding, scalars, keeping)
                    }
                }
            }
            for window in decoded { found += window.found }
            first += group.count
        }
        return BIOSpanDecoder.mergeSameLabel(found)
    }

    /// One window's rows (softmax per token) and the spans decoded from them.
    private func decode(_ logits: T5Matrix, window range: Range<Int>, prompt: Int, _ encoding: Encoding,
                        _ scalars: [Unicode.Scalar], _ keeping: Set<String>?) -> (rows: [ArraySlice<Float>], found: [BIOSpanDecoder.Found]) {
        let rows = range.map { t in Self.softmax(logits.row(prompt + t - range.lowerBound)) }
        let found = BIOSpanDecoder.segments(ranges: range.map { encoding.offsets[$0] }, probabilities: rows,
                                            tagNames: tagNames, scalars: scalars, wanted: keeping)
        return (rows, found)
    }

    /// `config.json` of `folder`, read by the engine's config reader (Veil's one JSON parser) for
    /// callers that have no model loaded (`veil config check`, `veil labels`, the model kind).
    static func config(_ folder: URL) throws -> JSONValue {
        try T5Config(json: Data(contentsOf: folder.appendingPathComponent("config.json"))).document
    }

    static func maxLength(_ config: JSONValue) -> Int {
        // One window per chat message where the config allows it: the shipped tagger was trained on
        // 256-id windows but its relative position buckets saturate at 128 (max_distance), so longer
        // windows show it no new offsets; MODEL_CARD.md "Input format" step 3 has the measurements.
        return config["veil_inference_max_length"]?.intValue ?? config["veil_max_length"]?.intValue ?? 256
    }

    /// The whole words a span touches (a span inside "Contoso" → "Contoso"): what the value-like
    /// and common-word filters judge. The span itself is not moved here: `SpanHygiene` (in
    /// `Anonymizer.redact`) decides whether a cut word is taken whole or left out.
    static func snappedToWords(_ range: Range<Int>, _ scalars: [Unicode.Scalar]) -> Range<Int> {
        func isWord(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s.properties.numericType != nil }
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower > 0, lower < scalars.count, isWord(scalars[lower]), isWord(scalars[lower - 1]) { lower -= 1 }
        while upper < scalars.count, upper > 0, isWord(scalars[upper - 1]), isWord(scalars[upper]) { upper += 1 }
        return lower..<upper
    }

    /// Kept when the (snapped) span holds a digit or at least two letters or digits: a lone "-",
    /// "." or the "s" of "Tuesday's" is a tag flipped on by a neighbouring value, never a value of
    /// its own. Same rule as `Training/tagging.py::is_value_like` (Python's `isdigit`/`isalnum`).
    static func isValueLike(_ range: Range<Int>, _ scalars: [Unicode.Scalar]) -> Bool {
        var alphanumerics = 0
        for scalar in scalars[range] {
            if scalar.isDigit { return true }
            if scalar.isLetter || scalar.properties.numericType == .numeric { alphanumerics += 1 }
            if alphanumerics >= 2 { return true }
        }
        return false
    }

    /// Softmax of one token's logits (float32, max-subtracted), as torch.softmax.
    static func softmax(_ row: ArraySlice<Float>) -> ArraySlice<Float> {
        let top = row.max() ?? 0
        var out = row.map { Float(exp(Double($0 - top))) }
        let sum = out.reduce(0, +)
        for i in out.indices { out[i] /= sum }
        return out[...]
    }
}

public enum ModelDetectorError: Error, CustomStringConvertible {
    case notATagger(String)
    /// A `veil_*` entry of config.json that cannot be used.
    case badConfig(String)

    public var description: String {
        switch self {
        case .notATagger(let path): "\(path) is not a token-classification model (no classifier head)"
        case .badConfig(let message): "config.json: \(message)"
        }
    }
}
