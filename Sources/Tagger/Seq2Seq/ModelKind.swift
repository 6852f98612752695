import Anonymizer
import Foundation
import T5

/// Which detector a model folder makes, from its config.json: a seq2seq anonymizer when
/// `veil_kind` is `"seq2seq-anonymizer"` or, without `veil_kind`, when `architectures` names
/// `T5ForConditionalGeneration`; else the token tagger (the default; `veil_kind: "tagger"`).
public enum ModelKind: String, Sendable, Equatable {
    case tagger
    case seq2seqAnonymizer = "seq2seq-anonymizer"

    public static func of(folder: URL) throws -> ModelKind {
        try of(config: ModelDetector.config(folder))
    }

    static func of(config: JSONValue) throws -> ModelKind {
        if let kind = config["veil_kind"] {
            guard let name = kind.stringValue, let known = ModelKind(rawValue: name) else {
                throw Seq2SeqAnonymizerError.badConfig("veil_kind must be \"tagger\" or \"seq2seq-anonymizer\"")
            }
            return known
        }
        let architectures = config["architectures"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return architectures.contains("T5ForConditionalGeneration") ? .seq2seqAnonymizer : .tagger
    }

    /// The labels the model in `folder` supports, read from config.json only.
    public static func labels(inModelAt folder: URL) throws -> Set<EntityLabel> {
        switch try of(folder: folder) {
        case .tagger: try ModelDetector.labels(inModelAt: folder)
        case .seq2seqAnonymizer: try Seq2SeqAnonymizer.labels(inModelAt: folder)
        }
    }

    /// Loads the folder's detector.
    public static func load(folder: URL, threads: Int, maxQueued: Int, queueWait: Duration?) throws -> any ComputeBackedDetector {
        switch try of(folder: folder) {
        case .tagger: try ModelDetector(folder: folder, threads: threads, maxQueued: maxQueued, queueWait: queueWait)
        case .seq2seqAnonymizer: try Seq2SeqAnonymizer(folder: folder, threads: threads, maxQueued: maxQueued, queueWait: queueWait)
        }
    }
}

/// A detector that runs a model on a compute pool (for `/metrics`).
public protocol ComputeBackedDetector: Detector {
    var computePool: T5ComputePool { get }
    /// How the encoder's projections run, for the start-up log: `float32`, `int8`, and for the tagger
    /// whether int8 windows near an edge are re-run in float32 (`Int8Verification`).
    var weights: String { get }
}

extension ModelDetector: ComputeBackedDetector {
    public var computePool: T5ComputePool { engine.pool }
    public var weights: String {
        guard engine.model.precision == .int8 else { return engine.model.precision.rawValue }
        return verification.map { "int8, uncertain windows verified in float32 (margin \($0.margin))" } ?? "int8, no verification"
    }
}

extension Seq2SeqAnonymizer: ComputeBackedDetector {
    public var computePool: T5ComputePool { engine.pool }
    public var weights: String { engine.model.precision.rawValue }
}
