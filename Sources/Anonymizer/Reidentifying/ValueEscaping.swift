/// How a restored value is written into its context.
public enum ValueEscaping: Sendable, Hashable {
    /// Verbatim (plain text).
    case none
    /// Escaped for the inside of a JSON string literal (RFC 8259 §7), for restoring into
    /// tool-call arguments, which are JSON text carried in a string.
    case jsonString

    func append(_ value: String, to out: inout String.UnicodeScalarView) {
        switch self {
        case .none: out.append(contentsOf: value.unicodeScalars)
        case .jsonString: JSONValue.appendEscaped(value, to: &out)
        }
    }
}
