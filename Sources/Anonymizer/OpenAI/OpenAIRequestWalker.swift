/// Finds every string of an OpenAI-style request that the provider would show the model and
/// anonymizes them all through ONE ``PlaceholderMap``, in document order.
///
/// Shapes: chat `messages[]` (`content` string or parts, `name`, `refusal`,
/// `tool_calls[].function.arguments`, legacy `function_call.arguments`), `user`, string values
/// of `metadata`, `prediction.content`; completions `prompt`/`suffix`; embeddings `input`
/// (token arrays untouched); responses `input` (string or items) and `instructions`.
/// Image, audio and file data are untouched; an unknown content part or input item type
/// throws ``WalkerError`` (fail closed).
///
/// Every other member — top-level (`tools`, `response_format`, `text`, `stop`, Responses
/// `prompt.variables`, unknown fields such as `documents`) and extra keys of messages, parts and
/// items — follows a ``FieldRule``: anonymized as text unless an allow-list names it as a value
/// of the API itself (`model`, ids, `type`, `role`, `tool_choice` modes, …) or opaque data (issue #15,
/// item 4). Tool and response-format JSON schemas are walked keyword by keyword
/// (``FieldRule/schema(_:path:_:)``).
public struct OpenAIRequestWalker: Sendable {
    public var options: WalkerOptions

    public init(options: WalkerOptions = WalkerOptions()) {
        self.options = options
    }

    /// The selected strings, in document order (tool arguments expanded to their inner strings).
    public func texts(in body: JSONValue, kind: OpenAIEndpoint) throws -> [String] {
        var texts: [String] = []
        var copy = body
        try walk(&copy, kind: kind) { text, _ in texts.append(text) }
        return texts
    }

    /// `body` with the selected strings replaced, in the order ``texts(in:kind:)`` returned them.
    public func replacingTexts(in body: JSONValue, kind: OpenAIEndpoint, with replacements: [String]) throws -> JSONValue {
        var result = body
        var next = 0
        try walk(&result, kind: kind) { text, _ in
            if next < replacements.count { text = replacements[next] }
            next += 1
        }
        return result
    }

    /// Anonymizes every selected string of `body` with `anonymizer`, through `map`, for `scope`
    /// (the labels and sensitivity the request asked for).
    ///
    /// First every string is scanned for placeholder lookalikes (so a `[NAME_1]` pasted in a
    /// later message reserves index 1 before any name is numbered), then strings are
    /// anonymized in document order.
    /// - Throws: ``WalkerError`` for shapes Veil cannot anonymize with certainty, or a detector's error.
    public func anonymizeRequest(
        _ body: JSONValue, kind: OpenAIEndpoint, anonymizer: Anonymizer,
        map: inout PlaceholderMap, scope: DetectionScope = DetectionScope()
    ) async throws -> JSONValue {
        try await anonymizeRequestReport(body, kind: kind, anonymizer: anonymizer, map: &map, scope: scope).body
    }

    /// Like ``anonymizeRequest(_:kind:anonymizer:map:scope:)``, also returning what was
    /// redacted (for metrics: count labels, never log values).
    public func anonymizeRequestReport(
        _ body: JSONValue, kind: OpenAIEndpoint, anonymizer: Anonymizer,
        map: inout PlaceholderMap, scope: DetectionScope = DetectionScope()
    ) async throws -> AnonymizedRequest {
        try await AnonymizedRequest.anonymizing(body, anonymizer: anonymizer, map: &map, scope: scope) { body, visit in
            try walk(&body, kind: kind, visit)
        }
    }

    func walk(_ body: inout JSONValue, kind: OpenAIEndpoint, _ visit: TextVisit) throws {
        guard case .object = body else { throw WalkerError.notAnObject }
        let fields = options.fields
        switch kind {
        case .chatCompletions:
            try JSONTextVisitor.members(&body, "messages") { messages in
                guard case .array = messages else { throw WalkerError.invalidShape(path: "messages", expected: "an array") }
                try JSONTextVisitor.elements(&messages) { message, i in try chatMessage(&message, path: "messages[\(i)]", visit) }
            }
            if fields.contains(.prediction) {
                try JSONTextVisitor.members(&body, "prediction") { prediction in
                    try JSONTextVisitor.members(&prediction, "content") { try content(&$0, path: "prediction.content", visit) }
                }
            }
        case .completions:
            if fields.contains(.content) {
                try JSONTextVisitor.members(&body, "prompt") { try promptOrInput(&$0, path: "prompt", visit) }
                try JSONTextVisitor.members(&body, "suffix") { try JSONTextVisitor.string(&$0, path: "suffix", strict: true, visit) }
            }
        case .embeddings:
            if fields.contains(.content) {
                try JSONTextVisitor.members(&body, "input") { try promptOrInput(&$0, path: "input", visit) }
            }
        case .responses:
            if fields.contains(.instructions) {
                try JSONTextVisitor.members(&body, "instructions") { try JSONTextVisitor.string(&$0, path: "instructions", strict: true, visit) }
            }
            try JSONTextVisitor.members(&body, "input") { try responsesInput(&$0, visit) }
        }
        if fields.contains(.user) {
            try JSONTextVisitor.members(&body, "user") { try JSONTextVisitor.string(&$0, path: "user", strict: true, visit) }
        }
        if fields.contains(.metadata) {
            try JSONTextVisitor.members(&body, "metadata") { try JSONTextVisitor.metadata(&$0, visit) }
        }
        var handled: Set<String> = ["user", "metadata"]
        switch kind {
        case .chatCompletions: handled.formUnion(["messages", "prediction"])
        case .completions: handled.formUnion(["prompt", "suffix"])
        case .embeddings: handled.insert("input")
        case .responses:
            handled.formUnion(["instructions", "input", "prompt"])
            try JSONTextVisitor.members(&body, "prompt") { try promptTemplate(&$0, visit) }
        }
        try Self.topLevelRule.rest(&body, path: "", handled: handled, visit)
    }

    /// Top-level members no explicit walk reads; any member not named is text (`stop`,
    /// `documents`, `prompt_cache_key`, `safety_identifier`, …).
    static let topLevelRule = FieldRule.object([
        "model": .token, "tools": .tool, "functions": .tool, "tool_choice": .toolChoice,
        "function_call": .object(["name": .token]), "response_format": .outputFormat,
        "text": .object(["format": .outputFormat, "verbosity": .token]),
        "reasoning": .object(["effort": .token, "summary": .token, "generate_summary": .token]),
        "reasoning_effort": .token, "verbosity": .token, "service_tier": .token, "modalities": .token,
        "audio": .object(["voice": .token, "format": .token]), "include": .token,
        "previous_response_id": .token, "conversation": .object(["id": .token]), "truncation": .token,
        "encoding_format": .token, "prompt_cache_retention": .token,
    ])

    /// Responses `prompt` (a stored prompt template): `id` and `version` are ids; each of
    /// `variables` is text, or an input part (`input_text` anonymized, `input_image` /
    /// `input_file` data untouched, unknown types refused).
    private func promptTemplate(_ prompt: inout JSONValue, _ visit: TextVisit) throws {
        guard case .object = prompt else { return try FieldRule.text.apply(&prompt, path: "prompt", visit) }
        try JSONTextVisitor.members(&prompt, "variables") { variables in
            guard case .object(var members) = variables else {
                return try FieldRule.text.apply(&variables, path: "prompt.variables", visit)
            }
            for i in members.indices {
                let path = "prompt.variables.\(members[i].key)"
                if case .object = members[i].value {
                    try contentPart(&members[i].value, path: path, visit)
                } else {
                    try FieldRule.text.apply(&members[i].value, path: path, visit)
                }
            }
            variables = .object(members)
        }
        try FieldRule.object(["id": .token, "version": .token]).rest(&prompt, path: "prompt", handled: ["variables"], visit)
    }

    /// `prompt` / embeddings `input`: a string, or an array of strings; token arrays untouched.
    private func promptOrInput(_ value: inout JSONValue, path: String, _ visit: TextVisit) throws {
        switch value {
        case .string, .null: try JSONTextVisitor.string(&value, path: path, strict: true, visit)
        case .array:
            try JSONTextVisitor.elements(&value) { item, i in
                switch item {
                case .string: try JSONTextVisitor.string(&item, path: "\(path)[\(i)]", strict: true, visit)
                case .number: return  // a token id
                case .array(let tokens) where tokens.allSatisfy({ if case .number = $0 { true } else { false } }): return
                default: throw WalkerError.invalidShape(path: "\(path)[\(i)]", expected: "a string or token array")
                }
            }
        default: throw WalkerError.invalidShape(path: path, expected: "a string or an array")
        }
    }
}

/// What ``OpenAIRequestWalker/anonymizeRequestReport(_:kind:anonymizer:map:scope:)`` did.
public struct AnonymizedRequest: Sendable {
    /// The anonymized body, to forward.
    public var body: JSONValue
    /// How many strings were anonymized.
    public var textCount: Int
    /// Every replacement, in document order (contains values: for counting, never logging).
    public var entities: [RedactedEntity]
}
