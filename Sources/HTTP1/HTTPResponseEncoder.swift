/// Serialises responses (RFC 9112 §4, §7.1). No I/O.
///
/// Response splitting is impossible by construction, since `encodeHead` cannot fail:
/// - a field whose name is not a token (RFC 9110 §5.1) is dropped — there is no safe repair;
/// - every byte of a value or reason phrase that is not allowed there (CR, LF, NUL, other CTLs,
///   DEL) is replaced by SP, the same repair RFC 9110 §5.5 prescribes for recipients;
/// - a status code outside 100…999 is sent as 500.
/// Callers that want to notice bad input check `isValidFieldName` / `isValidFieldValue` first.
public enum HTTPResponseEncoder {
    /// Status line and header section, ending with the empty line.
    public static func encodeHead(_ head: HTTPResponseHead) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + head.fields.fields.count * 48)
        let code = (100...999).contains(head.status.code) ? head.status.code : 500
        let reason = code == head.status.code ? head.status.reasonPhrase : HTTPStatus.defaultReason(for: code)
        out.append(contentsOf: "HTTP/\(head.version.major).\(head.version.minor) \(code) ".utf8)
        appendSanitized(reason, to: &out)
        out.append(contentsOf: crlf)
        for field in head.fields where isValidFieldName(field.name) {
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            appendSanitized(field.value, to: &out)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: crlf)
        return out
    }

    /// A whole response with a `Content-Length` body (replacing any Content-Length or
    /// Transfer-Encoding in `head`).
    public static func encode(_ head: HTTPResponseHead, body: [UInt8]) -> [UInt8] {
        var head = head
        head.fields.remove(name: "transfer-encoding")
        head.fields.set(name: "Content-Length", value: String(body.count))
        return encodeHead(head) + body
    }

    /// One chunk of a chunked body (`size CRLF data CRLF`); empty input encodes nothing,
    /// since an empty chunk would be the last-chunk and end the body early.
    public static func encodeChunk(_ bytes: some Collection<UInt8>) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 20)
        out.append(contentsOf: String(bytes.count, radix: 16).utf8)
        out.append(contentsOf: crlf)
        out.append(contentsOf: bytes)
        out.append(contentsOf: crlf)
        return out
    }

    /// The last-chunk and empty trailer section.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// The interim `100 Continue` response (RFC 9110 §15.2.1).
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    public static func isValidFieldName(_ name: String) -> Bool {
        HTTPSyntax.isToken(name.utf8)
    }

    public static func isValidFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy(HTTPSyntax.isFieldValueChar)
    }

    static let crlf: [UInt8] = [HTTPSyntax.cr, HTTPSyntax.lf]

    static func appendSanitized(_ text: String, to out: inout [UInt8]) {
        for b in text.utf8 {
            out.append(HTTPSyntax.isFieldValueChar(b) ? b : HTTPSyntax.sp)
        }
    }
}
