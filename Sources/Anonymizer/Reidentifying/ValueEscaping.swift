/// How a restored value is written into its context.
public enum ValueEscaping: Sendable, Hashable {
    /// Verbatim (plain text).
    case none
    /// Escaped for the inside of a JSON string literal (RFC 8259 §7), for restoring into
    /// tool-call arguments, which are JSON text carried in a string.
    case jsonString

    /// Appends `value`'s UTF-8, escaped as this context needs, to `out` (amortized: linear in
    /// `value`, never in `out`).
    func append(_ value: String, to out: inout [UInt8]) {
        switch self {
        case .none: out.append(contentsOf: value.utf8)
        case .jsonString: JSONValue.appendEscaped(value, to: &out)
        }
    }
}
