import Anonymizer
import Foundation
import Synchronization
import T5
import Tokenizer

/// What the seq2seq anonymizer's outputs looked like since start (for `/metrics`; counts only).
public final class Seq2SeqStatistics: Sendable {
    struct Counts {
        var windows = 0
        var tags = 0
        var inconsistentRepeats = 0
    }

    let counts = Mutex(Counts())

    /// Windows decoded, tags aligned, and tags that repeated an earlier number for a different value.
    public var snapshot: (windows: Int, tags: Int, inconsistentRepeats: Int) {
        counts.withLock { ($0.windows, $0.tags, $0.inconsistentRepeats) }
    }

    func record(_ alignment: Seq2SeqAlignment) {
        counts.withLock {
            $0.windows += 1
            $0.tags += alignment.spans.count
            $0.inconsistentRepeats += alignment.inconsistentRepeats
        }
    }
}

/// A FLAN-T5-style seq2seq anonymizer (`T5ForConditionalGeneration`, the tutorial's kind of model: it
/// rewrites the text with `[LABEL_N]` tags in place of the values) as a `Detector`.
///
/// Decoding is greedy under a `CopyConstraint`: the output can only copy the source's tokens or write a
/// tag for a requested label, so it always aligns to exact character spans and cannot invent text. The
/// model's numbering is only checked (`Seq2SeqAlignment.inconsistentRepeats`), never forwarded: the spans
/// go through Veil's merging, policies and placeholder numbering like every detector's. A window whose
/// output does not align (decoding stopped before EOS) throws, and the request is refused (fail closed).
public struct Seq2SeqAnonymizer: Detector {
    public let name = "t5-seq2seq"
    public let supportedLabels: Set<EntityLabel>
    let tokenizer: Tokenizer
    let engine: T5Engine
    /// Labels the model knows, in its order (the prompt lists the wanted ones in this order).
    let modelLabels: [String]
    /// Served when a request names none (config.json `veil_default_labels`; absent: all).
    let defaultLabels: Set<String>?
    let prompt: Seq2SeqPrompt
    /// Longest encoder input, prompt and `</s>` included (`veil_inference_max_length`, else
    /// `veil_max_length`, else 512).
    let maxTokens: Int
    let commonWords: CommonWords
    /// Decoding budget per source token of a window (an output copies each token once, and at worst every
    /// token is its own tag): decoding ends at EOS long before. Tests lower it to force the fail-closed path.
    var stepsPerSourceToken = 24
    /// Decoder inputs checked per pass: the current token and the constraint's guess of the next ones
    /// (`T5Model.generateConstrained`). 16 for a model whose decoder weights do not stay in cache (a step
    /// streams them from memory: FLAN-T5-small 1,292 → 421 ms per ~256-token message), 1 for a tiny one,
    /// where rejected guesses cost more than the streaming they save (the test fixture: 7.1 vs 9.1 ms).
    var decodeBlock: Int
    /// Counts of windows, tags and inconsistent repeats (`veil_seq2seq_*` metrics).
    public let statistics = Seq2SeqStatistics()

    /// The labels of `Training/labels.py`, for a checkpoint whose config.json has no `veil_labels`
    /// (one trained outside Veil, e.g. by the tutorial).
    public static let fallbackLabels = [
        "NAME", "ORGANIZATION", "LOCATION", "ADDRESS", "EMAIL", "PHONE", "DATE", "TIME", "MONEY", "ACCOUNT", "IBAN",
        "CREDIT_CARD", "ID_NUMBER", "USERNAME", "SECRET", "IP_ADDRESS", "URL", "POSITION", "DIAGNOSIS", "MEDICATION",
        "REFERENCE", "AGE", "GENDER", "NATIONALITY", "RELIGION", "VEHICLE_ID", "COORDINATES", "MAC_ADDRESS",
        "DEVICE_ID", "BIC",
    ]

    public init(folder: URL, threads: Int = 1, maxQueued: Int = 64, queueWait: Duration? = nil) throws {
        let model = try T5Model(folder: folder, threads: threads)
        guard model.hasDecoder else { throw Seq2SeqAnonymizerError.notASeq2SeqModel(folder.path) }
        tokenizer = try Tokenizer.load(from: folder.appendingPathComponent("tokenizer.json"))
        engine = T5Engine(model: model, workers: 1, maxQueued: maxQueued, maxWait: queueWait)
        let config = model.config.document  // parsed once, by the engine
        modelLabels = try Self.labels(config)
        supportedLabels = Set(modelLabels.map { ModelDetector.aliases[$0] ?? EntityLabel($0) })
        defaultLabels = config["veil_default_labels"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
        prompt = try Seq2SeqPrompt(config: config)
        maxTokens = config["veil_inference_max_length"]?.intValue ?? config["veil_max_length"]?.intValue ?? 512
        commonWords = try CommonWords(folder: folder, config: config)
        decodeBlock = model.config.dModel >= 256 ? 16 : 1
    }

    static func labels(_ config: JSONValue) throws(Seq2SeqAnonymizerError) -> [String] {
        guard let listed = config["veil_labels"] else { return fallbackLabels }
        let labels = listed.arrayValue?.compactMap(\.stringValue) ?? []
        guard !labels.isEmpty, labels.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || $0 == "_" || ("0"..."9").contains($0) } })
        else { throw .badConfig("veil_labels must be a non-empty list of label names (A-Z, 0-9, _)") }
        return labels
    }

    /// The labels the model in `folder` supports, from its config.json alone (for `veil config check`).
    public static func labels(inModelAt folder: URL) throws -> Set<EntityLabel> {
        Set(try labels(ModelDetector.config(folder)).map { ModelDetector.aliases[$0] ?? EntityLabel($0) })
    }

    public func detect(in input: DetectionInput) async throws -> [Span] {
        let wanted = modelLabels.filter { label in
            guard input.labels != nil || defaultLabels?.contains(label) != false else { return false }
            return input.wants(ModelDetector.aliases[label] ?? EntityLabel(label))
        }
        guard !wanted.isEmpty, !input.scalars.isEmpty else { return [] }
        return try await ModelDetector.overloadAsDetectorError {
            try await anonymize(input.text, scalars: input.scalars, labels: wanted)
        }.compactMap { found in
            let words = ModelDetector.snappedToWords(found.range, input.scalars)
            guard ModelDetector.isValueLike(words, input.scalars), !commonWords.covers(input.scalars[words]) else { return nil }
            return Span(start: found.range.lowerBound, end: found.range.upperBound,
                        label: ModelDetector.aliases[found.tag.label] ?? EntityLabel(found.tag.label),
                        score: 1, detector: name, origin: .model,
                        // No confidence to call a finding sure: a masked label gets a reversible placeholder
                        // instead (the tagger masks only spans at its strict threshold), redacted either way.
                        maskable: false)
        }
    }

    /// The model's own spans and tags for `text` with `labels` in the prompt, window by window in order.
    public func anonymize(_ text: String, scalars: [Unicode.Scalar], labels: [String]) async throws -> [Seq2SeqAlignment.Found] {
        let encoding = tokenizer.encodeWithOffsets(text, addSpecialTokens: false)
        guard encoding.count > 0 else { return [] }
        let (prefix, suffix) = prompt.ids(labels: labels, tokenizer: tokenizer)
        let eos = tokenizer.eosId ?? 1
        let room = max(16, maxTokens - prefix.count - suffix.count - 1)
        var found: [Seq2SeqAlignment.Found] = []
        for window in Seq2SeqWindows.ranges(offsets: encoding.offsets, pieces: encoding.tokens, scalars: scalars, room: room) {
            // A client that went away stops the message between windows (the pool drops queued jobs too).
            if Task.isCancelled { throw T5Error.cancelled }
            let source = CopySource(ids: Array(encoding.ids[window]), offsets: Array(encoding.offsets[window]),
                                    pieces: Array(encoding.tokens[window]))
            let replacements = try await decode(prefix + source.ids + suffix + [eos], source: source, labels: labels)
            let alignment = try Seq2SeqAlignment(replacements: replacements, offsets: Array(encoding.offsets[window]), scalars: scalars)
            statistics.record(alignment)
            found += alignment.spans
        }
        return found
    }

    /// One window through the compute pool (bounded queue, cancellation): the constrained output's
    /// replacements, or `alignmentFailed`.
    func decode(_ input: [Int], source: CopySource, labels: [String]) async throws -> [CopyConstraint.Replacement] {
        let model = engine.model, tokenizer = self.tokenizer
        // Every token copied once, every token its own tag at worst: the loop ends at EOS long before.
        let budget = source.count * stepsPerSourceToken + 2, block = decodeBlock
        let result = try await engine.pool.run { () throws(T5Error) -> [CopyConstraint.Replacement]? in
            var constraint = CopyConstraint(source: source, labels: labels, tokenizer: tokenizer)
            _ = try model.generateConstrained(input, constraint: &constraint, maxNewTokens: budget, blockSize: block)
            return constraint.result
        }
        guard let result else { throw Seq2SeqAnonymizerError.alignmentFailed("decoding ended before the source was consumed") }
        return result
    }
}

public enum Seq2SeqAnonymizerError: Error, CustomStringConvertible, Equatable {
    case notASeq2SeqModel(String)
    case badConfig(String)
    /// The output could not be mapped back to the source: the request is refused, nothing is sent.
    case alignmentFailed(String)

    public var description: String {
        switch self {
        case .notASeq2SeqModel(let path): "\(path) is not a seq2seq model (no decoder)"
        case .badConfig(let message): "config.json: \(message)"
        case .alignmentFailed(let reason): "seq2seq output did not align to the source: \(reason)"
        }
    }
}
