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
                    try JSONTextVisitor.members(&call, "function") { function in
                        try JSONTextVisitor.members(&function, "arguments") {
                            try JSONTextVisitor.arguments(&$0, path: "\(path).tool_calls[\(i)].function.arguments", strict: true, visit)
                        }
                    }
                }
            }
            try JSONTextVisitor.members(&message, "function_call") { function in
                try JSONTextVisitor.members(&function, "arguments") {
                    try JSONTextVisitor.arguments(&$0, path: "\(path).function_call.arguments", strict: true, visit)
                }
            }
        }
    }

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
        switch type {
        case "text", "input_text", "output_text", "summary_text":
            try JSONTextVisitor.members(&part, "text") { try JSONTextVisitor.string(&$0, path: "\(path).text", strict: true, visit) }
        case "refusal":
            try JSONTextVisitor.members(&part, "refusal") { try JSONTextVisitor.string(&$0, path: "\(path).refusal", strict: true, visit) }
        case _ where Self.opaquePartTypes.contains(type):
            return
        default:
            throw WalkerError.unsupportedContentPart(type: type, path: path)
        }
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
        switch type {
        case "message":
            guard options.includes(role: item["role"]?.stringValue), fields.contains(.content) else { return }
            try JSONTextVisitor.members(&item, "content") { try content(&$0, path: "\(path).content", visit) }
        case "function_call", "custom_tool_call":
            guard options.includes(role: "assistant"), fields.contains(.toolArguments) else { return }
            let key = type == "function_call" ? "arguments" : "input"
            try JSONTextVisitor.members(&item, key) { try JSONTextVisitor.arguments(&$0, path: "\(path).\(key)", strict: true, visit) }
        case "function_call_output", "custom_tool_call_output":
            guard options.includes(role: "tool"), fields.contains(.toolOutputs) else { return }
            try JSONTextVisitor.members(&item, "output") { output in
                if case .array = output {
                    try content(&output, path: "\(path).output", visit)
                } else {
                    try JSONTextVisitor.string(&output, path: "\(path).output", strict: true, visit)
                }
            }
        case "reasoning":
            guard options.includes(role: "assistant"), fields.contains(.content) else { return }
            try JSONTextVisitor.members(&item, "summary") { try content(&$0, path: "\(path).summary", visit) }
        case "item_reference":
            return
        default:
            throw WalkerError.unsupportedItemType(type: type, path: path)
        }
    }
}
