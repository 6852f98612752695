import Anonymizer

/// The model text limit (`model_max_text`, issue #15 item 6): a text longer than `maxTextBytes`
/// (UTF-8) that the wrapped model detector would read is refused with ``TextTooLongError`` before
/// the model (or its cache) sees it — 413 from the proxy, exit 65 from `veil anonymize`. Never
/// truncated, never skipped: a text the model did not read is not forwarded.
///
/// The model's memory no longer grows with a text (`ModelDetector.windowsPerPass`), but its time
/// does, linearly (docs/BENCHMARKS.md "One long text"); the limit bounds that time per text.
/// A request whose labels the model does not serve (`X-Veil-Labels: EMAIL` with the tagger's
/// default labels elsewhere) is not limited: the base detector returns nothing for it anyway.
public struct TextLimitedDetector: Detector {
    /// The default `model_max_text`: 1 MiB of UTF-8 (about 350,000 tokens of prose).
    public static let defaultMaxTextBytes = 1 << 20

    public var name: String { base.name }
    public var supportedLabels: Set<EntityLabel> { base.supportedLabels }
    let base: any Detector
    public let maxTextBytes: Int

    public init(_ base: any Detector, maxTextBytes: Int = TextLimitedDetector.defaultMaxTextBytes) {
        self.base = base
        self.maxTextBytes = maxTextBytes
    }

    public func detect(in input: DetectionInput) async throws -> [Span] {
        let bytes = input.text.utf8.count
        if bytes > maxTextBytes, input.labels.map({ !$0.isDisjoint(with: supportedLabels) }) ?? true {
            throw TextTooLongError(detector: base.name, bytes: bytes, limit: maxTextBytes)
        }
        return try await base.detect(in: input)
    }
}
