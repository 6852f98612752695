extension OpenAIRequestWalker {
    /// One chat message: `content`, `name`, `refusal`, `tool_calls`, `function_call`.
    func chatMessage(_ message: inout JSONValue, path: String, _ visit: TextVisit) throws {
        guard case .object = message else { throw WalkerError.invalidShape(path: path, expected: "an object") }
        guard options.includes(role: message["role"]?.stringValue) else { return }
        let fields = options.fields
        if fields.contains(.content) {
            try JSONTextVisitor.members(&message, "content") { try content(&$0, path: "\(path).content", visit) }
            try JSONTextVisitor.members(&message, "refusal") { try JSONTextVisitor.string(&$0, path: "\(path).refusal", strict: true, visit) }
        }
        if fields.contains(.names) {
            try JSONTextVisitor.members(&message, "name") { try JSONTextVisitor.string(&$0, path: "\(path).name", strict: true, visit) }
        }
        if fields.contains(.toolArguments) {
            try JSONTextVisitor.members(&message, "tool_calls") { calls in
                try JSONTextVisitor.elements(&calls) { call, i in
                    let callPath = "\(path).tool_calls[\(i)]"
                    try JSONTextVisitor.members(&call, "function") { function in
                        try JSONTextVisitor.members(&function, "arguments") {
                            try JSONTextVisitor.arguments(&$0, path: "\(callPath).function.arguments", strict: true, visit)
                        }
                        try Self.functionCallRule.rest(&function, path: "\(callPath).function", handled: ["arguments"], visit)
                    }
                    try Self.toolCallRule.rest(&call, path: callPath, handled: ["function"], visit)
                }
            }
            try JSONTextVisitor.members(&message, "function_call") { function in
                try JSONTextVisitor.members(&function, "arguments") {
                    try JSONTextVisitor.arguments(&$0, path: "\(path).function_call.arguments", strict: true, visit)
                }
                try Self.functionCallRule.rest(&function, path: "\(path).function_call", handled: ["arguments"], visit)
            }
        }
        try Self.messageRule.rest(&message, path: path, handled: ["content", "refusal", "name", "tool_calls", "function_call"], visit)
    }

    /// A chat message's other members: `role`, `tool_call_id`, `audio.id` are the API's; the rest is text.
    static let messageRule = FieldRule.object(["role": .token, "tool_call_id": .token, "audio": .object(["id": .token])])
    /// A tool call's members other than `function` (a `custom` call's `input` is text).
    static let toolCallRule = FieldRule.object(["id": .token, "type": .token, "custom": .object(["name": .token])])
    /// A called function's members other than `arguments`.
    static let functionCallRule = FieldRule.object(["name": .token])
    /// A content part's members other than its text: media data and references untouched.
    static let partRule = FieldRule.object([
        "type": .token, "cache_control": .cacheControl, "image_url": .opaque, "input_audio": .opaque,
        "file_data": .opaque, "file_url": .opaque, "file_id": .token, "detail": .token,
        "file": .object(["file_id": .token, "file_data": .opaque]),
    ])
    /// A Responses input item's members other than its text.
    static let itemRule = FieldRule.object([
        "type": .token, "role": .token, "id": .token, "status": .token, "call_id": .token, "name": .token,
        "encrypted_content": .opaque,
    ])

    /// Message content: a string, null, or an array of typed parts.
    func content(_ value: inout JSONValue, path: String, _ visit: TextVisit) throws {
        switch value {
        case .string, .null: try JSONTextVisitor.string(&value, path: path, strict: true, visit)
        case .array: try JSONTextVisitor.elements(&value) { part, i in try contentPart(&part, path: "\(path)[\(i)]", visit) }
        default: throw WalkerError.invalidShape(path: path, expected: "a string, null or an array of parts")
        }
    }

    /// Part types carrying no text the walker must see (binary or references).
    static let opaquePartTypes: Set<String> = ["image_url", "input_audio", "file", "input_image", "input_file", "image", "audio"]

    /// A content part (chat and responses): text kinds visited, media untouched, unknown throws.
    func contentPart(_ part: inout JSONValue, path: String, _ visit: TextVisit) throws {
        guard case .object = part else { throw WalkerError.invalidShape(path: path, expected: "an object") }
        guard let type = part["type"]?.stringValue else { throw WalkerError.unsupportedContentPart(type: "(missing)", path: path) }
        let handled: Set<String>
        switch type {
        case "text", "input_text", "output_text", "summary_text":
            try JSONTextVisitor.members(&part, "text") { try JSONTextVisitor.string(&$0, path: "\(path).text", strict: true, visit) }
            handled = ["text"]
        case "refusal":
            try JSONTextVisitor.members(&part, "refusal") { try JSONTextVisitor.string(&$0, path: "\(path).refusal", strict: true, visit) }
            handled = ["refusal"]
        case _ where Self.opaquePartTypes.contains(type):
            handled = []
        default:
            throw WalkerError.unsupportedContentPart(type: type, path: path)
        }
        try Self.partRule.rest(&part, path: path, handled: handled, visit)
    }

    /// Responses `input`: a string or an array of items.
    func responsesInput(_ value: inout JSONValue, _ visit: TextVisit) throws {
        switch value {
        case .string, .null:
            if options.fields.contains(.content), options.includes(role: "user") {
                try JSONTextVisitor.string(&value, path: "input", strict: true, visit)
            }
        case .array: try JSONTextVisitor.elements(&value) { item, i in try responsesItem(&item, path: "input[\(i)]", visit) }
        default: throw WalkerError.invalidShape(path: "input", expected: "a string or an array of items")
        }
    }

    private func responsesItem(_ item: inout JSONValue, path: String, _ visit: TextVisit) throws {
        guard case .object = item else { throw WalkerError.invalidShape(path: path, expected: "an object") }
        let fields = options.fields
        let type = item["type"]?.stringValue ?? "message"
        let handled: Set<String>
        switch type {
        case "message":
            guard options.includes(role: item["role"]?.stringValue), fields.contains(.content) else { return }
            try JSONTextVisitor.members(&item, "content") { try content(&$0, path: "\(path).content", visit) }
            handled = ["content"]
        case "function_call", "custom_tool_call":
            guard options.includes(role: "assistant"), fields.contains(.toolArguments) else { return }
            let key = type == "function_call" ? "arguments" : "input"
            try JSONTextVisitor.members(&item, key) { try JSONTextVisitor.arguments(&$0, path: "\(path).\(key)", strict: true, visit) }
            handled = [key]
        case "function_call_output", "custom_tool_call_output":
            guard options.includes(role: "tool"), fields.contains(.toolOutputs) else { return }
            try JSONTextVisitor.members(&item, "output") { output in
                if case .array = output {
                    try content(&output, path: "\(path).output", visit)
                } else {
                    try JSONTextVisitor.string(&output, path: "\(path).output", strict: true, visit)
                }
            }
            handled = ["output"]
        case "reasoning":
            guard options.includes(role: "assistant"), fields.contains(.content) else { return }
            try JSONTextVisitor.members(&item, "summary") { try content(&$0, path: "\(path).summary", visit) }
            handled = ["summary"]
        case "item_reference":
            handled = []
        default:
            throw WalkerError.unsupportedItemType(type: type, path: path)
        }
        try Self.itemRule.rest(&item, path: path, handled: handled, visit)
    }
}
