/// Finds every string of an Anthropic Messages API request (`POST /v1/messages`,
/// `POST /v1/messages/count_tokens`) that the provider would show the model, and anonymizes
/// them all through ONE ``PlaceholderMap``, in document order.
///
/// Shapes: top-level `system` (a string or an array of `text` blocks); `messages[].content` as
/// a string or an array of blocks — `text` (and its `citations`' quoted text), `thinking`,
/// `tool_use` / `server_tool_use` (every string value inside `input`), `tool_result` (`content`
/// string or blocks), `document` (`title`, `context`, a `text` source's `data`, a `content`
/// source's blocks), `search_result`; string values of `metadata`.
/// `image` blocks, `redacted_thinking` (encrypted by the provider) and binary or referenced
/// document sources (`base64` PDF, `url`, `file`) pass untouched, as OpenAI image and file parts
/// do. Any other block type throws ``WalkerError`` (fail closed).
///
/// Every other member — top-level (`tools` with their descriptions and `input_schema`,
/// `stop_sequences`, `output_format`, unknown fields) and extra keys of messages and blocks —
/// follows a ``FieldRule``: anonymized as text unless an allow-list names it as a value of the API
/// itself (`model`, ids, `type`, `role`, `tool_choice` modes, …) or opaque data (signatures, image
/// and document sources) (issue #15, item 4).
///
/// Role options: `system` for the system prompt; a message's `role` for its text, thinking and
/// `tool_use` blocks; `tool` for `tool_result` blocks (as for Responses-API tool outputs).
public struct AnthropicRequestWalker: Sendable {
    public var options: WalkerOptions

    public init(options: WalkerOptions = WalkerOptions()) {
        self.options = options
    }

    /// The selected strings, in document order (tool inputs expanded to their inner strings).
    public func texts(in body: JSONValue) throws -> [String] {
        var texts: [String] = []
        var copy = body
        try walk(&copy) { text, _ in texts.append(text) }
        return texts
    }

    /// Anonymizes every selected string of `body` through `map` for `scope`, also returning what was
    /// redacted (for metrics: count labels, never log values).
    /// - Throws: ``WalkerError`` for shapes Veil cannot anonymize with certainty, or a detector's error.
    public func anonymizeRequestReport(
        _ body: JSONValue, anonymizer: Anonymizer, map: inout PlaceholderMap, scope: DetectionScope = DetectionScope()
    ) async throws -> AnonymizedRequest {
        try await AnonymizedRequest.anonymizing(body, anonymizer: anonymizer, map: &map, scope: scope) { body, visit in
            try walk(&body, visit)
        }
    }

    func walk(_ body: inout JSONValue, _ visit: TextVisit) throws {
        guard case .object = body else { throw WalkerError.notAnObject }
        let fields = options.fields
        let systemScope = options.includes(role: "system") && fields.contains(.content)
        try JSONTextVisitor.members(&body, "system") { system in
            switch system {
            case .string, .null:
                if systemScope { try JSONTextVisitor.string(&system, path: "system", strict: true, visit) }
            case .array:
                try JSONTextVisitor.elements(&system) { block, i in
                    let path = "system[\(i)]"
                    guard block["type"]?.stringValue == "text" else {
                        throw WalkerError.unsupportedContentPart(type: block["type"]?.stringValue ?? "(missing)", path: path)
                    }
                    try self.block(&block, path: path, scope: BlockScope(text: systemScope), visit)
                }
            default:
                throw WalkerError.invalidShape(path: "system", expected: "a string or an array of text blocks")
            }
        }
        try JSONTextVisitor.members(&body, "messages") { messages in
            guard case .array = messages else { throw WalkerError.invalidShape(path: "messages", expected: "an array") }
            try JSONTextVisitor.elements(&messages) { message, i in try self.message(&message, path: "messages[\(i)]", visit) }
        }
        if fields.contains(.metadata) {
            try JSONTextVisitor.members(&body, "metadata") { try JSONTextVisitor.metadata(&$0, visit) }
        }
        try Self.topLevelRule.rest(&body, path: "", handled: ["system", "messages", "metadata"], visit)
    }

    /// Top-level members no explicit walk reads; any member not named is text (`stop_sequences`, …).
    static let topLevelRule = FieldRule.object([
        "model": .token, "tools": .tool, "tool_choice": .toolChoice, "output_format": .outputFormat,
        "thinking": .object(["type": .token]), "service_tier": .token, "container": .token,
    ])

    /// One message: `content` as a string or an array of blocks.
    private func message(_ message: inout JSONValue, path: String, _ visit: TextVisit) throws {
        guard case .object = message else { throw WalkerError.invalidShape(path: path, expected: "an object") }
        let role = message["role"]?.stringValue
        let fields = options.fields
        let scope = BlockScope(
            text: options.includes(role: role) && fields.contains(.content),
            toolInput: options.includes(role: role) && fields.contains(.toolArguments),
            toolResult: options.includes(role: "tool") && fields.contains(.toolOutputs))
        try JSONTextVisitor.members(&message, "content") { content in
            switch content {
            case .string:
                if scope.text { try JSONTextVisitor.string(&content, path: "\(path).content", strict: true, visit) }
            case .array:
                try JSONTextVisitor.elements(&content) { block, i in try self.block(&block, path: "\(path).content[\(i)]", scope: scope, visit) }
            default:
                throw WalkerError.invalidShape(path: "\(path).content", expected: "a string or an array of content blocks")
            }
        }
        if options.includes(role: role) {
            try FieldRule.object(["role": .token]).rest(&message, path: path, handled: ["content"], visit)
        }
    }
}

/// Which kinds of block text a walk visits (from the role and field options).
struct BlockScope {
    var text: Bool
    var toolInput = false
    var toolResult = false
    /// Inside a `tool_result`: only the block types its `content` may hold are allowed.
    var insideToolResult = false
}
