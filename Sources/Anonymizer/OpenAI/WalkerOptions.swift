/// Which parts of a request are anonymized. The default is everything the provider would
/// show the model: every role, every text field.
public struct WalkerOptions: Sendable, Hashable {
    /// Text fields a walker may visit.
    public struct Fields: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Message content (chat `messages[].content`, responses `input`, `prompt`, embeddings `input`).
        public static let content = Fields(rawValue: 1 << 0)
        /// Chat `messages[].name`.
        public static let names = Fields(rawValue: 1 << 1)
        /// Tool-call arguments (`tool_calls[].function.arguments`, responses `function_call.arguments`).
        public static let toolArguments = Fields(rawValue: 1 << 2)
        /// Responses `function_call_output.output` / `custom_tool_call_output.output`.
        public static let toolOutputs = Fields(rawValue: 1 << 3)
        /// Top-level `user`.
        public static let user = Fields(rawValue: 1 << 4)
        /// String values of top-level `metadata`.
        public static let metadata = Fields(rawValue: 1 << 5)
        /// Chat `prediction.content`.
        public static let prediction = Fields(rawValue: 1 << 6)
        /// Responses `instructions`.
        public static let instructions = Fields(rawValue: 1 << 7)

        public static let all: Fields = [.content, .names, .toolArguments, .toolOutputs, .user, .metadata, .prediction, .instructions]
    }

    /// Roles whose messages are anonymized; nil means every role. Responses-API tool items
    /// count as `assistant` (`function_call`) and `tool` (`function_call_output`).
    public var roles: Set<String>?
    public var fields: Fields

    public init(roles: Set<String>? = nil, fields: Fields = .all) {
        self.roles = roles
        self.fields = fields
    }

    func includes(role: String?) -> Bool {
        guard let roles else { return true }
        return role.map { roles.contains($0) } ?? false
    }
}
