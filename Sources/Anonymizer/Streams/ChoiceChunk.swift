/// What chat and legacy completions stream chunks share: `choices[]`, each with its `index`,
/// inside an envelope (`id`, `object`, `model`, …) that a synthetic final chunk repeats.
enum ChoiceChunk {
    /// The chunk's members except `choices` and `usage`; nil when it is not an object.
    static func envelope(of chunk: JSONValue) -> [(key: String, value: JSONValue)]? {
        guard case .object(let members) = chunk else { return nil }
        return members.filter { $0.key != "choices" && $0.key != "usage" }
    }

    /// Applies `body` to every choice of every `choices` member, with the choice's `index`
    /// (its position when it has none).
    static func forEachChoice(_ chunk: inout JSONValue, _ body: (inout JSONValue, _ index: Int) -> Void) {
        JSONTextVisitor.members(&chunk, "choices") { choices in
            JSONTextVisitor.elements(&choices) { choice, position in
                body(&choice, choice["index"]?.intValue ?? position)
            }
        }
    }
}
