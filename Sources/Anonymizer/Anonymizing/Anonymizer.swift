/// Finds sensitive values with its detectors and replaces them per policy, recording
/// reversible placeholders in a caller-owned ``PlaceholderMap``.
///
/// Thread the same map through every string of a request: numbering then runs across the
/// whole request and equal values share one placeholder.
public struct Anonymizer: Sendable {
    public let detectors: [any Detector]
    public let policy: RedactionPolicy

    public init(detectors: [any Detector], policy: RedactionPolicy = .allPlaceholders) {
        self.detectors = detectors
        self.policy = policy
    }

    /// Anonymizes `text`.
    /// - Parameters:
    ///   - labels: labels to redact; nil means every label.
    ///   - sensitivity: the model detector's operating point.
    ///   - map: the request's map; placeholders are issued into it.
    /// - Throws: whatever a detector throws (the caller must then not forward the text).
    public func anonymize(_ text: String, labels: Set<EntityLabel>? = nil, sensitivity: Sensitivity = .balanced,
                          map: inout PlaceholderMap) async throws -> AnonymizedText {
        let input = DetectionInput(text, labels: labels, sensitivity: sensitivity)
        let spans = try await detect(input)
        return redact(input, spans: spans, map: &map)
    }

    /// Runs every detector in order and returns their spans for the wanted labels.
    public func detect(_ input: DetectionInput) async throws -> [Span] {
        var spans: [Span] = []
        for detector in detectors {
            // Detectors run one after the other: pattern detectors take microseconds and the
            // model detector bounds its own concurrency.
            spans.append(contentsOf: try await detector.detect(in: input))
        }
        return spans
    }

    /// The pure core: cleans the model's spans (``SpanHygiene``), cuts allow-listed words out of
    /// name-like spans, merges, applies the policy and writes the redacted text. Invalid spans (out of bounds, empty) and spans of unwanted labels
    /// are ignored.
    public func redact(_ input: DetectionInput, spans: [Span], map: inout PlaceholderMap) -> AnonymizedText {
        let s = input.scalars
        let valid = spans.filter { $0.start >= 0 && $0.start < $0.end && $0.end <= s.count && input.wants($0.label) }
        var plan: [(span: Span, value: String, action: RedactionAction)] = []
        let cleaned = SpanHygiene.outside(policy.allowedRanges(in: s), SpanHygiene.apply(valid, input: input), input: input)
        for span in SpanMerger.merge(cleaned, policy: policy) {
            let value = input.text(of: span)
            var action = policy.allows(value, label: span.label) ? .keep : policy.action(for: span.label)
            if action == .mask, !span.maskable { action = .placeholder }
            if action != .keep { plan.append((span, value, action)) }
        }
        if plan.isEmpty { return AnonymizedText(text: input.text, entities: []) }

        // Collision scan on the text as it will read once redacted (each replacement stands in
        // as `[]`, which has the same word boundaries as a placeholder): every lookalike the
        // re-identifier could see among the input's own scalars gets its index reserved.
        var skeleton: [Unicode.Scalar] = []
        skeleton.reserveCapacity(s.count)
        var cursor = 0
        for step in plan {
            skeleton.append(contentsOf: s[cursor..<step.span.start])
            skeleton.append(contentsOf: ["[", "]"])
            cursor = step.span.end
        }
        skeleton.append(contentsOf: s[cursor...])
        map.reserveLookalikes(in: skeleton)

        // Build the output from slices of the original string (memcpy of UTF-8 runs), walking
        // its scalar indices forward once; appending scalar by scalar was the hot spot.
        let view = input.text.unicodeScalars
        var out = ""
        out.reserveCapacity(input.text.utf8.count + plan.count * 12)
        var entities: [RedactedEntity] = []
        entities.reserveCapacity(plan.count)
        cursor = 0
        var cursorIndex = view.startIndex
        for (k, step) in plan.enumerated() {
            let span = step.span
            let startIndex = view.index(cursorIndex, offsetBy: span.start - cursor)
            out += input.text[cursorIndex..<startIndex]
            let token: String
            switch step.action {
            case .placeholder:
                let placeholder = map.placeholder(for: step.value, label: span.label.placeholderSafe)
                token = placeholder.token
                let openBefore = span.start > cursor && s[span.start - 1] == "["
                let closeAfter = span.end < s.count && s[span.end] == "]" && (k + 1 == plan.count || plan[k + 1].span.start > span.end)
                if openBefore, closeAfter { map.markBracketedInInput(placeholder) }
            case .mask, .keep:
                token = MaskMarker.token(for: span.label)
            }
            out += token
            entities.append(RedactedEntity(
                start: span.start, end: span.end, label: span.label, text: step.value, placeholder: token, action: step.action,
                detector: span.detector, score: span.score
            ))
            cursorIndex = view.index(startIndex, offsetBy: span.end - span.start)
            cursor = span.end
        }
        out += input.text[cursorIndex...]
        return AnonymizedText(text: out, entities: entities)
    }
}
