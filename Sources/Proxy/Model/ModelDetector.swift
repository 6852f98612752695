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
    let maxTokens: Int
    let overlap: Int

    /// Model label → Veil label, where the two vocabularies name the same thing differently.
    static let aliases: [String: EntityLabel] = ["ID_NUMBER": .nationalID]

    /// Loads `config.json`, `model.safetensors` and `tokenizer.json` from `folder`.
    public init(folder: URL, threads: Int = 1, maxTokens: Int = 256, overlap: Int = 32) throws {
        let model = try T5Model(folder: folder, threads: threads)
        guard model.hasClassifier else {
            throw ModelDetectorError.notATagger(folder.path)
        }
        tokenizer = try Tokenizer.load(from: folder.appendingPathComponent("tokenizer.json"))
        engine = T5Engine(model: model, workers: 1)
        tagNames = model.config.labels
        var labels: [String] = []
        for tag in tagNames where tag.hasPrefix("B-") { labels.append(String(tag.dropFirst(2))) }
        modelLabels = labels
        supportedLabels = Set(labels.map { Self.aliases[$0] ?? EntityLabel($0) })
        self.maxTokens = maxTokens
        self.overlap = overlap
    }

    public func detect(in input: DetectionInput) async throws -> [Span] {
        let wanted = modelLabels.filter { input.wants(Self.aliases[$0] ?? EntityLabel($0)) }
        guard !wanted.isEmpty, !input.scalars.isEmpty else { return [] }
        let prompt = tokenizer.encode("labels: " + wanted.joined(separator: ", ") + " text:", addSpecialTokens: false)
        let encoding = tokenizer.encodeWithOffsets(input.text, addSpecialTokens: false)
        guard encoding.count > 0 else { return [] }
        let eos = tokenizer.eosId ?? 1
        let windows = TokenWindows(count: encoding.count, size: max(16, maxTokens - prompt.count - 1), overlap: overlap)
        let batch = windows.ranges.map { prompt + encoding.ids[$0] + [eos] }
        let logits = try await engine.tokenClassificationLogits(batch)

        var tokens: [BIOSpanDecoder.Token] = []
        tokens.reserveCapacity(encoding.count)
        for t in 0..<encoding.count {
            let w = windows.owner(of: t)
            let row = logits[w].row(prompt.count + t - windows.ranges[w].lowerBound)
            tokens.append(BIOSpanDecoder.Token(range: encoding.offsets[t], tag: Self.argmax(row)))
        }
        let wantedSet = Set(wanted)
        return BIOSpanDecoder.spans(tokens, tagNames: tagNames, scalars: input.scalars).compactMap { found in
            guard wantedSet.contains(found.label) else { return nil }
            let label = Self.aliases[found.label] ?? EntityLabel(found.label)
            return Span(start: found.range.lowerBound, end: found.range.upperBound, label: label, score: 0.8, detector: name)
        }
    }

    static func argmax(_ row: ArraySlice<Float>) -> Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }
}

public enum ModelDetectorError: Error, CustomStringConvertible {
    case notATagger(String)

    public var description: String {
        switch self {
        case .notATagger(let path): "\(path) is not a token-classification model (no classifier head)"
        }
    }
}
