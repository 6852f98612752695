extension AnthropicRequestWalker {
    /// Block types that may appear inside a `tool_result`'s `content`.
    static let toolResultBlockTypes: Set<String> = ["text", "image", "document", "search_result"]

    /// One content block: text kinds visited, images and encrypted blocks untouched, unknown throws.
    /// Every block is type-checked, even when its role or field is not selected.
    func block(_ block: inout JSONValue, path: String, scope: BlockScope, _ visit: TextVisit) throws {
        guard case .object = block else { throw WalkerError.invalidShape(path: path, expected: "an object") }
        guard let type = block["type"]?.stringValue else { throw WalkerError.unsupportedContentPart(type: "(missing)", path: path) }
        if scope.insideToolResult, !Self.toolResultBlockTypes.contains(type) {
            throw WalkerError.unsupportedContentPart(type: type, path: path)
        }
        let handled: Set<String>
        switch type {
        case "text":
            guard scope.text else { return }
            try strings(&block, ["text"], path: path, visit)
            try citations(&block, path: path, visit)
            handled = ["text", "citations"]
        case "thinking":
            // The thinking text is signed by the provider; it is anonymized anyway (fail closed).
            // Veil never restores thinking in answers, so a block sent back unchanged holds only
            // placeholders and anonymizing leaves it byte-identical: the signature still verifies.
            // (A value the provider's model wrote there itself is redacted, and the provider then
            // refuses the changed block: a 400 rather than a leak.)
            guard scope.text else { return }
            try strings(&block, ["thinking"], path: path, visit)
            handled = ["thinking"]
        case "redacted_thinking", "image":
            guard scope.text else { return }
            handled = []  // `data` encrypted by the provider / `source` pixels: opaque in blockRule
        case "document":
            guard try document(&block, path: path, scope: scope, visit) else { return }
            handled = ["title", "context", "source"]
        case "search_result":
            guard scope.text else { return }
            try strings(&block, ["source", "title"], path: path, visit)
            try JSONTextVisitor.members(&block, "content") { content in
                try textBlocks(&content, path: "\(path).content", scope: scope, visit)
            }
            handled = ["source", "title", "content"]
        case "tool_use", "server_tool_use":
            guard scope.toolInput else { return }
            // `input` is a JSON value (an object), not JSON text in a string: visit its string values.
            try JSONTextVisitor.members(&block, "input") { try JSONTextVisitor.allStrings(&$0, keys: false, visit) }
            handled = ["input"]
        case "tool_result":
            guard !scope.insideToolResult else { throw WalkerError.unsupportedContentPart(type: type, path: path) }
            let inner = BlockScope(text: scope.toolResult, insideToolResult: true)
            try JSONTextVisitor.members(&block, "content") { content in
                switch content {
                case .string, .null:
                    if scope.toolResult { try JSONTextVisitor.string(&content, path: "\(path).content", strict: true, visit) }
                case .array:
                    try JSONTextVisitor.elements(&content) { b, i in try self.block(&b, path: "\(path).content[\(i)]", scope: inner, visit) }
                default:
                    throw WalkerError.invalidShape(path: "\(path).content", expected: "a string or an array of content blocks")
                }
            }
            guard scope.toolResult else { return }
            handled = ["content"]
        default:
            throw WalkerError.unsupportedContentPart(type: type, path: path)
        }
        try Self.blockRule.rest(&block, path: path, handled: handled, visit)
    }

    /// A block's members other than its text: the API's ids and types; provider signatures,
    /// encrypted thinking and image sources untouched; anything else is text.
    static let blockRule = FieldRule.object([
        "type": .token, "id": .token, "tool_use_id": .token, "name": .token, "cache_control": .cacheControl,
        "signature": .opaque, "data": .opaque, "source": .opaque,
    ])

    /// `document`: `title` and `context`; a `text` source's `data`; a `content` source's blocks.
    /// `base64` (PDF), `url` and `file` sources are passed untouched, as OpenAI file parts are.
    /// Returns whether the block's text was visited (its scope is on).
    private func document(_ block: inout JSONValue, path: String, scope: BlockScope, _ visit: TextVisit) throws -> Bool {
        let sourceType = block["source"]?["type"]?.stringValue ?? "(missing)"
        guard ["text", "content", "base64", "url", "file"].contains(sourceType) else {
            throw WalkerError.unsupportedContentPart(type: "document source \(sourceType)", path: "\(path).source")
        }
        guard scope.text else { return false }
        try strings(&block, ["title", "context"], path: path, visit)
        try JSONTextVisitor.members(&block, "source") { source in
            let sourceRule = FieldRule.object(["type": .token, "media_type": .token])
            switch sourceType {
            case "text":
                try strings(&source, ["data"], path: "\(path).source", visit)
                try sourceRule.rest(&source, path: "\(path).source", handled: ["data"], visit)
            case "content":
                try JSONTextVisitor.members(&source, "content") { content in
                    if case .string = content {
                        try JSONTextVisitor.string(&content, path: "\(path).source.content", strict: true, visit)
                    } else {
                        try textBlocks(&content, path: "\(path).source.content", scope: scope, visit, allowImages: true)
                    }
                }
                try sourceRule.rest(&source, path: "\(path).source", handled: ["content"], visit)
            default:
                return  // base64, url, file: the provider's to read, untouched
            }
        }
        return true
    }

    /// An array of `text` blocks (and `image` blocks when allowed).
    private func textBlocks(_ value: inout JSONValue, path: String, scope: BlockScope, _ visit: TextVisit, allowImages: Bool = false) throws {
        guard case .array = value else { throw WalkerError.invalidShape(path: path, expected: "an array of text blocks") }
        try JSONTextVisitor.elements(&value) { b, i in
            let type = b["type"]?.stringValue ?? "(missing)"
            guard type == "text" || (allowImages && type == "image") else {
                throw WalkerError.unsupportedContentPart(type: type, path: "\(path)[\(i)]")
            }
            try block(&b, path: "\(path)[\(i)]", scope: BlockScope(text: scope.text), visit)
        }
    }

    /// A text block's `citations`: the quoted text and titles (they quote the user's documents).
    private func citations(_ block: inout JSONValue, path: String, _ visit: TextVisit) throws {
        try JSONTextVisitor.members(&block, "citations") { citations in
            guard case .array = citations else { return }  // null, or the request-side `{"enabled": true}` form
            try JSONTextVisitor.elements(&citations) { citation, i in
                try strings(&citation, Self.citationTextKeys, path: "\(path).citations[\(i)]", visit)
            }
        }
    }

    /// Members of a citation that carry text from the conversation's documents.
    static let citationTextKeys = ["cited_text", "document_title", "title", "source"]

    /// Visits each named member that is a string (null skipped, other types refused).
    private func strings(_ object: inout JSONValue, _ keys: [String], path: String, _ visit: TextVisit) throws {
        for key in keys {
            try JSONTextVisitor.members(&object, key) { try JSONTextVisitor.string(&$0, path: "\(path).\(key)", strict: true, visit) }
        }
    }
}
