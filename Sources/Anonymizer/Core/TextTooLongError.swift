/// A text longer than a detector takes: the model's text limit (`model_max_text`, issue #15
/// item 6). The request is refused — 413 from the proxy, exit 65 from `veil anonymize`, an error
/// line in `--jsonl` — never forwarded with the text unread by the model, never truncated.
/// Carries sizes only, never text.
public struct TextTooLongError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The detector that refused it (`t5`).
    public var detector: String
    /// The text's size in UTF-8 bytes.
    public var bytes: Int
    /// The most the detector takes, in UTF-8 bytes.
    public var limit: Int

    public init(detector: String, bytes: Int, limit: Int) {
        self.detector = detector
        self.bytes = bytes
        self.limit = limit
    }

    public var description: String {
        "a text of \(bytes) bytes is longer than the model takes (model_max_text: \(limit) bytes)"
    }
}
