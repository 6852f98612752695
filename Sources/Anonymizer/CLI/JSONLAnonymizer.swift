/// The line function behind `veil anonymize --jsonl`.
///
/// Input: `{"id": ..., "text": "...", "labels": ["NAME", ...], "sensitivity": "strict"}` (labels and
/// sensitivity optional: they override the run's ``scope``).
/// Output: `{"id": ..., "text": "<redacted>", "entities": [{"start", "end", "label", "text",
/// "placeholder"}]}` with `start`/`end` in Unicode scalars (end exclusive) and `id` echoed with
/// its JSON type; or `{"id": ..., "error": "..."}` (id null when unknown). Each line gets its
/// own map.
public struct JSONLAnonymizer: Sendable {
    public let anonymizer: Anonymizer
    /// Labels and sensitivity for lines that do not name their own (`veil anonymize --labels --sensitivity`).
    public let scope: DetectionScope

    public init(anonymizer: Anonymizer, scope: DetectionScope = DetectionScope()) {
        self.anonymizer = anonymizer
        self.scope = scope
    }

    /// Processes one input line (without its newline); returns one output line (without newline).
    public func process(line: String) async -> String {
        await process(lineBytes: Array(line.utf8))
    }

    /// Processes one input line given as bytes (invalid UTF-8 yields an error line).
    public func process(lineBytes: [UInt8]) async -> String {
        let value: JSONValue
        do {
            value = try JSONParser.parse(lineBytes)
        } catch {
            return Self.error(id: .null, error.description)
        }
        guard case .object = value else { return Self.error(id: .null, "line must be a JSON object") }
        let id = value["id"] ?? .null
        guard let text = value["text"]?.stringValue else { return Self.error(id: id, "'text' must be a string") }
        var scope = scope
        if let raw = value["labels"], !raw.isNull {
            guard let items = raw.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                return Self.error(id: id, "'labels' must be an array of strings")
            }
            do {
                scope.labels = try LabelSelection.parse(items.compactMap(\.stringValue), known: anonymizer.supportedLabels)
            } catch {
                return Self.error(id: id, "'labels' \(error.description)")
            }
        }
        if let raw = value["sensitivity"], !raw.isNull {
            guard let sensitivity = raw.stringValue.flatMap({ Sensitivity(parsing: $0) }) else {
                return Self.error(id: id, "'sensitivity' must be \(Sensitivity.choices)")
            }
            scope.sensitivity = sensitivity
        }
        var map = PlaceholderMap()
        do {
            let result = try await anonymizer.anonymize(text, scope: scope, map: &map)
            let entities: [JSONValue] = result.entities.map { entity in
                .object([
                    (key: "start", value: .int(entity.start)),
                    (key: "end", value: .int(entity.end)),
                    (key: "label", value: .string(entity.label.rawValue)),
                    (key: "text", value: .string(entity.text)),
                    (key: "placeholder", value: .string(entity.placeholder)),
                    (key: "detector", value: .string(entity.detector)),
                    (key: "score", value: .number(Self.scoreText(entity.score))),
                ])
            }
            return JSONValue.object([
                (key: "id", value: id), (key: "text", value: .string(result.text)), (key: "entities", value: .array(entities)),
            ]).serialized()
        } catch let error as TextTooLongError {
            return Self.error(id: id, "'text' \(error.description)")
        } catch {
            return Self.error(id: id, "anonymization failed: \(type(of: error))")
        }
    }

    /// A score with at most four decimals (`1`, `0.8125`).
    static func scoreText(_ score: Double) -> String {
        let q = (score * 10_000).rounded() / 10_000
        return q == q.rounded() ? String(Int(q)) : String(q)
    }

    static func error(id: JSONValue, _ message: String) -> String {
        JSONValue.object([(key: "id", value: id), (key: "error", value: .string(message))]).serialized()
    }
}
