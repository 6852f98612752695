/// A JSON text that is not valid RFC 8259 JSON, with the byte offset where parsing stopped.
public struct JSONError: Error, Hashable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case unexpectedEnd
        case unexpectedCharacter(UInt8)
        case invalidNumber
        case invalidEscape
        /// `\u` escapes forming a lone surrogate, which a Swift string cannot hold.
        case invalidUnicodeEscape
        /// Unescaped U+0000…U+001F inside a string (RFC 8259 §7).
        case controlCharacterInString
        case invalidUTF8
        case tooDeep(limit: Int)
        case trailingContent
    }

    public var kind: Kind
    /// Byte offset in the UTF-8 input.
    public var offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch kind {
        case .unexpectedEnd: what = "unexpected end of input"
        case .unexpectedCharacter(let b):
            what = (0x21...0x7E).contains(b) ? "unexpected character '\(Character(Unicode.Scalar(b)))'" : "unexpected byte 0x\(String(b, radix: 16))"
        case .invalidNumber: what = "invalid number"
        case .invalidEscape: what = "invalid escape sequence"
        case .invalidUnicodeEscape: what = "invalid \\u escape (lone surrogate)"
        case .controlCharacterInString: what = "unescaped control character in string"
        case .invalidUTF8: what = "invalid UTF-8"
        case .tooDeep(let limit): what = "nesting deeper than \(limit)"
        case .trailingContent: what = "unexpected content after the JSON value"
        }
        return "invalid JSON at byte \(offset): \(what)"
    }
}
