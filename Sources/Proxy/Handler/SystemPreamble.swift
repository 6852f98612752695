import Anonymizer

/// Tells the provider's model to keep placeholders verbatim (off by default). Chat: a system
/// message first (or prepended to an existing first system message); Responses: `instructions`.
struct SystemPreamble: Sendable {
    let text: String

    func insert(into body: JSONValue, endpoint: OpenAIEndpoint) -> JSONValue {
        guard case .object(var members) = body else { return body }
        switch endpoint {
        case .chatCompletions:
            guard let i = members.firstIndex(where: { $0.key == "messages" }),
                  case .array(var messages) = members[i].value else { return body }
            if case .object(var first) = messages.first,
               first.contains(where: { $0.key == "role" && $0.value == .string("system") }),
               let c = first.firstIndex(where: { $0.key == "content" }),
               case .string(let existing) = first[c].value {
                first[c].value = .string(text + "\n\n" + existing)
                messages[0] = .object(first)
            } else {
                messages.insert(.object([(key: "role", value: .string("system")), (key: "content", value: .string(text))]), at: 0)
            }
            members[i].value = .array(messages)
        case .responses:
            if let i = members.firstIndex(where: { $0.key == "instructions" }), case .string(let existing) = members[i].value {
                members[i].value = .string(text + "\n\n" + existing)
            } else {
                members.append((key: "instructions", value: .string(text)))
            }
        case .completions, .embeddings:
            return body
        }
        return .object(members)
    }
}
