extension JSONValue {
    /// Compact JSON text (no insignificant whitespace), members in stored order, numbers as
    /// their original literal, strings escaped per RFC 8259 §7.
    public func serialized() -> String {
        var out = String.UnicodeScalarView()
        write(to: &out)
        return String(out)
    }

    /// `serialized()` as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] { Array(serialized().utf8) }

    func write(to out: inout String.UnicodeScalarView) {
        switch self {
        case .object(let members):
            out.append("{")
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(",") }
                out.append("\"")
                Self.appendEscaped(member.key, to: &out)
                out.append("\"")
                out.append(":")
                member.value.write(to: &out)
            }
            out.append("}")
        case .array(let items):
            out.append("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(",") }
                item.write(to: &out)
            }
            out.append("]")
        case .string(let s):
            out.append("\"")
            Self.appendEscaped(s, to: &out)
            out.append("\"")
        case .number(let literal): out.append(contentsOf: literal.unicodeScalars)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").unicodeScalars)
        case .null: out.append(contentsOf: "null".unicodeScalars)
        }
    }

    /// Appends `s` escaped for the inside of a JSON string literal (without quotes):
    /// `"` and `\` escaped, U+0000…U+001F as short escapes or `\u00XX`.
    public static func appendEscaped(_ s: String, to out: inout String.UnicodeScalarView) {
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\"); out.append("\"")
            case "\\": out.append("\\"); out.append("\\")
            case "\n": out.append("\\"); out.append("n")
            case "\r": out.append("\\"); out.append("r")
            case "\t": out.append("\\"); out.append("t")
            case "\u{08}": out.append("\\"); out.append("b")
            case "\u{0C}": out.append("\\"); out.append("f")
            case "\u{00}"..."\u{1F}":
                out.append(contentsOf: "\\u00".unicodeScalars)
                let hex = Array("0123456789abcdef".unicodeScalars)
                out.append(hex[Int(scalar.value >> 4)])
                out.append(hex[Int(scalar.value & 0xF)])
            default: out.append(scalar)
            }
        }
    }

    /// `s` escaped for the inside of a JSON string literal (without quotes).
    public static func escaped(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        appendEscaped(s, to: &out)
        return String(out)
    }
}
