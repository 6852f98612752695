/// What kind of string a walker hands to its visitor.
enum TextKind {
    /// Plain text.
    case text
    /// Tool-call arguments that did not parse as JSON: JSON text carried in a string, so
    /// restored values must be JSON-escaped.
    case unparsedJSON
    /// Text that must go out unchanged or not at all (a JSON-schema `pattern`): the request is
    /// refused when anything is detected in it.
    case verbatim(path: String)
}

/// Called for each selected string, in document order; may replace it.
typealias TextVisit = (inout String, TextKind) throws -> Void

/// In-place helpers shared by the request and response walkers.
enum JSONTextVisitor {
    /// Applies `body` to the value of EVERY member named `key` (a provider's parser may use
    /// the last duplicate, so none may be skipped).
    static func members(_ value: inout JSONValue, _ key: String, _ body: (inout JSONValue) throws -> Void) rethrows {
        guard case .object(var members) = value, members.contains(where: { $0.key == key }) else { return }
        for i in members.indices where members[i].key == key { try body(&members[i].value) }
        value = .object(members)
    }

    /// Applies `body` to every element of an array (with its index).
    static func elements(_ value: inout JSONValue, _ body: (inout JSONValue, Int) throws -> Void) rethrows {
        guard case .array(var items) = value else { return }
        for i in items.indices { try body(&items[i], i) }
        value = .array(items)
    }

    /// `metadata`: string values of a flat object (both APIs allow only strings there). Any other
    /// shape is still sent to the provider, so every string inside it is anonymized as text
    /// (member names are kept).
    static func metadata(_ value: inout JSONValue, _ visit: TextVisit) throws {
        try FieldRule.text.apply(&value, path: "metadata", visit)
    }

    /// Visits a string field; null is skipped; anything else is an error when `strict`.
    static func string(_ value: inout JSONValue, path: @autoclosure () -> String, strict: Bool, _ visit: TextVisit) throws {
        switch value {
        case .string(var s):
            try visit(&s, .text)
            value = .string(s)
        case .null: return
        default:
            if strict { throw WalkerError.invalidShape(path: path(), expected: "a string") }
        }
    }

    /// Visits tool-call arguments: JSON text inside a string. When it parses, every string
    /// value (not keys) inside is visited and the JSON re-serialized; otherwise the whole
    /// string is visited as `.unparsedJSON`.
    static func arguments(_ value: inout JSONValue, path: @autoclosure () -> String, strict: Bool, keys: Bool = false, _ visit: TextVisit) throws {
        guard case .string(var s) = value else {
            if strict, !value.isNull { throw WalkerError.invalidShape(path: path(), expected: "a string") }
            return
        }
        if var inner = try? JSONParser.parse(s) {
            try allStrings(&inner, keys: keys, visit)
            s = inner.serialized()
        } else {
            try visit(&s, .unparsedJSON)
        }
        value = .string(s)
    }

    /// Visits every string value in a tree (and member keys when `keys`), in document order.
    static func allStrings(_ value: inout JSONValue, keys: Bool, _ visit: TextVisit) rethrows {
        switch value {
        case .string(var s):
            try visit(&s, .text)
            value = .string(s)
        case .array(var items):
            for i in items.indices { try allStrings(&items[i], keys: keys, visit) }
            value = .array(items)
        case .object(var members):
            for i in members.indices {
                if keys { try visit(&members[i].key, .text) }
                try allStrings(&members[i].value, keys: keys, visit)
            }
            value = .object(members)
        case .number, .bool, .null: return
        }
    }
}
