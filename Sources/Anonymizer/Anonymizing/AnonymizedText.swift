/// One value replaced in the input.
public struct RedactedEntity: Sendable, Hashable {
    /// `[start, end)` in Unicode scalars of the input.
    public var start: Int
    public var end: Int
    public var label: EntityLabel
    /// The original value.
    public var text: String
    /// What replaced it: a placeholder (`[NAME_1]`) or a mask marker (`[MASKED_SECRET]`).
    public var placeholder: String
    /// `.placeholder` or `.mask` (kept values are not reported).
    public var action: RedactionAction
    /// The detector whose span won (`"t5"` for the model), and its confidence (1 for validated patterns):
    /// what `veil anonymize --jsonl` reports for calibration (`Training/calibrate.py`).
    public var detector: String
    public var score: Double

    public init(start: Int, end: Int, label: EntityLabel, text: String, placeholder: String, action: RedactionAction,
                detector: String = "", score: Double = 1) {
        self.start = start
        self.end = end
        self.label = label
        self.text = text
        self.placeholder = placeholder
        self.action = action
        self.detector = detector
        self.score = score
    }
}

/// The result of anonymizing one string.
public struct AnonymizedText: Sendable, Hashable {
    /// The input with exactly the redacted spans replaced; every other scalar unchanged.
    public var text: String
    /// Replacements in input order.
    public var entities: [RedactedEntity]

    public init(text: String, entities: [RedactedEntity]) {
        self.text = text
        self.entities = entities
    }
}
