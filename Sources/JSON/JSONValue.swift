/// A JSON value that keeps what a proxy must not disturb: object member order (and duplicate
/// keys) and numbers as their original literal text (no float round-off of `1e400` or big ids).
public enum JSONValue: Sendable, Hashable {
    /// Members in document order; duplicates kept.
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number literal exactly as written (RFC 8259 §6 grammar, validated by the parser).
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .object(let members):
            hasher.combine(0)
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        case .array(let items): hasher.combine(1); hasher.combine(items)
        case .string(let s): hasher.combine(2); hasher.combine(s)
        case .number(let n): hasher.combine(3); hasher.combine(n)
        case .bool(let b): hasher.combine(4); hasher.combine(b)
        case .null: hasher.combine(5)
        }
    }

    /// An integer number value.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }
}
