/// How a request member that no walker reads as message text is treated (issue #15, item 4:
/// fail closed). Every string value of a request is either anonymized, or forwarded raw because
/// its rule says it is not text, or the request is refused; nothing is left out because Veil
/// does not know the field.
///
/// - ``Leaf/text`` (the default, also for every member no rule names): every string value inside
///   is anonymized; member names are structure and are kept.
/// - ``Leaf/token``: a value of the API itself (model, ids, enum-valued parameters such as `role`,
///   `type`, `tool_choice` modes, reasoning effort). Forwarded raw when it is identifier-shaped
///   (``isToken(_:)``); any other string there is anonymized like text.
/// - ``Leaf/opaque``: forwarded as it is — media data and the URLs the provider fetches, file
///   ids, provider signatures and encrypted blobs, JSON-schema property names (`required`).
/// - ``Leaf/schema``: a JSON schema (``schema(_:path:_:)``).
/// - ``Leaf/verbatim``: text that cannot change without changing its meaning (a JSON-schema
///   `pattern`): forwarded raw when nothing is detected in it, else the request is refused.
struct FieldRule: Sendable {
    enum Leaf: Sendable { case text, token, opaque, schema, verbatim }

    var leaf: Leaf
    /// Rules of an object's members (an unnamed member is ``text``); arrays apply the rule to each element.
    var members: [String: FieldRule]

    init(_ leaf: Leaf, _ members: [String: FieldRule] = [:]) {
        self.leaf = leaf
        self.members = members
    }

    static let text = FieldRule(.text)
    static let token = FieldRule(.token)
    static let opaque = FieldRule(.opaque)
    static let schema = FieldRule(.schema)
    static let verbatim = FieldRule(.verbatim)

    /// An object (or a string token) whose named members follow `members`, others text.
    static func object(_ members: [String: FieldRule]) -> FieldRule { FieldRule(.token, members) }

    /// Identifier-shaped: 1–256 ASCII letters, digits and `_ - . : /`. No spaces, no `@`, no `+`:
    /// no sentence, e-mail address or international phone number passes as a token.
    static func isToken(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 256 else { return false }
        return s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x3A || b == 0x2F
        }
    }

    /// Applies the rule to `value`.
    func apply(_ value: inout JSONValue, path: @autoclosure () -> String, _ visit: TextVisit) throws {
        switch leaf {
        case .opaque: return
        case .schema: try FieldRule.schema(&value, path: path(), visit); return
        default: break
        }
        switch value {
        case .string(var s):
            switch leaf {
            case .token where Self.isToken(s): return
            case .verbatim: try visit(&s, .verbatim(path: path()))
            default: try visit(&s, .text)
            }
            value = .string(s)
        case .array(var items):
            let base = path()
            for i in items.indices { try apply(&items[i], path: "\(base)[\(i)]", visit) }
            value = .array(items)
        case .object:
            try rest(&value, path: path(), handled: [], visit)
        case .number, .bool, .null:
            return
        }
    }

    /// Applies the member rules to every member of the object `value` except the `handled` ones
    /// (which a walker has read itself, or deliberately skipped for its role and field options).
    func rest(_ value: inout JSONValue, path: String, handled: Set<String>, _ visit: TextVisit) throws {
        guard case .object(var members) = value else { return }
        for i in members.indices where !handled.contains(members[i].key) {
            let key = members[i].key
            try (self.members[key] ?? .text).apply(&members[i].value, path: path.isEmpty ? key : "\(path).\(key)", visit)
        }
        value = .object(members)
    }

    // MARK: JSON schema

    /// Keywords whose value is a subschema.
    static let subschemaKeywords: Set<String> = [
        "additionalProperties", "additionalItems", "unevaluatedProperties", "unevaluatedItems", "items", "contains",
        "propertyNames", "not", "if", "then", "else", "anyOf", "oneOf", "allOf", "prefixItems",
    ]
    /// Keywords whose value maps names to subschemas.
    static let schemaMapKeywords: Set<String> = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]
    /// Keywords whose values are the schema language's own (types, formats, references).
    static let schemaTokenKeywords: Set<String> = [
        "type", "format", "$ref", "$schema", "$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef",
        "contentEncoding", "contentMediaType",
    ]
    /// Keywords whose values are property names (they must stay equal to the `properties` keys).
    static let schemaNameKeywords: Set<String> = ["required", "dependentRequired"]

    /// A JSON schema (tool parameters, `input_schema`, `response_format.json_schema.schema`):
    /// `description`, `title`, `default`, `enum`, `const`, `examples`, `$comment` and any keyword
    /// Veil does not know are text; property names and structural keywords' values (`"type":
    /// "string"`) are kept; `pattern` is verbatim; subschemas (`properties`, `items`,
    /// `anyOf`/`oneOf`/`allOf`, `$defs`, …) are walked the same way, however deep.
    static func schema(_ value: inout JSONValue, path: String, _ visit: TextVisit) throws {
        switch value {
        case .object(var members):
            for i in members.indices {
                let key = members[i].key
                let p = "\(path).\(key)"
                if subschemaKeywords.contains(key) {
                    if case .array(var items) = members[i].value {
                        for j in items.indices { try schema(&items[j], path: "\(p)[\(j)]", visit) }
                        members[i].value = .array(items)
                    } else {
                        try schema(&members[i].value, path: p, visit)
                    }
                } else if schemaMapKeywords.contains(key), case .object(var named) = members[i].value {
                    for j in named.indices { try schema(&named[j].value, path: "\(p).\(named[j].key)", visit) }
                    members[i].value = .object(named)
                } else if schemaTokenKeywords.contains(key) {
                    try FieldRule.token.apply(&members[i].value, path: p, visit)
                } else if schemaNameKeywords.contains(key) {
                    continue
                } else if key == "pattern" {
                    try FieldRule.verbatim.apply(&members[i].value, path: p, visit)
                } else {
                    try FieldRule.text.apply(&members[i].value, path: p, visit)
                }
            }
            value = .object(members)
        case .bool, .null, .number:
            return
        default:
            try FieldRule.text.apply(&value, path: path, visit)  // not a schema: read as text
        }
    }
}

extension FieldRule {
    /// `cache_control` (both APIs' prompt caching): `{"type": "ephemeral", "ttl": "1h"}`.
    static let cacheControl = FieldRule.object(["type": .token, "ttl": .token])

    /// A tool definition, in any of the shapes both APIs take: chat `{type, function: {name,
    /// description, parameters, strict}}`, Responses `{type, name, description, parameters}`,
    /// Anthropic `{name, description, input_schema}`, legacy chat `functions[]`. Descriptions and
    /// every field not named here (built-in tools' settings, a custom tool's grammar) are text.
    static let tool: FieldRule = {
        let function: [String: FieldRule] = [
            "type": .token, "name": .token, "parameters": .schema, "input_schema": .schema,
            "cache_control": .cacheControl, "vector_store_ids": .token, "search_context_size": .token,
        ]
        var members = function
        members["function"] = .object(function)
        return .object(members)
    }()

    /// `tool_choice`: a mode (`auto`, `none`, `required`, `any`) or `{type, name}` / `{type, function: {name}}`
    /// / `{type: "allowed_tools", mode, tools: [...]}`.
    static let toolChoice = FieldRule.object([
        "type": .token, "name": .token, "mode": .token, "function": .object(["name": .token]),
        "tools": .object(["type": .token, "name": .token, "function": .object(["name": .token])]),
    ])

    /// A structured-output format: chat `response_format`, Responses `text.format`, Anthropic `output_format`.
    static let outputFormat = FieldRule.object([
        "type": .token, "name": .token, "schema": .schema,
        "json_schema": .object(["name": .token, "schema": .schema]),
    ])
}
