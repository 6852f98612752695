/// The error body shape every OpenAI client understands:
/// `{"error":{"message":"…","type":"…","param":null,"code":"…"}}`.
public struct OpenAIErrorBody: Sendable, Equatable {
    public var message: String
    public var type: String
    public var code: String?

    public init(message: String, type: String, code: String? = nil) {
        self.message = message
        self.type = type
        self.code = code
    }

    public var json: [UInt8] {
        var out = "{\"error\":{\"message\":"
        out += Self.quote(message)
        out += ",\"type\":" + Self.quote(type)
        out += ",\"param\":null,\"code\":" + (code.map(Self.quote) ?? "null")
        out += "}}"
        return Array(out.utf8)
    }

    /// JSON string literal (RFC 8259 §7).
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
