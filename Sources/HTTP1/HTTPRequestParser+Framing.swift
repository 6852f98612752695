/// Message body length (RFC 9112 §6.3), decided once per request from its head.
extension HTTPRequestParser {
    enum BodyFraming: Equatable {
        case none
        case length(Int)
        case chunked
    }

    /// Every ambiguity is an error: two parsers disagreeing about where a body ends is
    /// request smuggling, so nothing here is "repaired".
    static func framing(of head: HTTPRequestHead, limits: HTTPLimits) throws(HTTPParserError) -> BodyFraming {
        let transferEncodings = head.fields.values(for: "transfer-encoding")
        let contentLengths = head.fields.values(for: "content-length")
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.1: TE in HTTP/1.0 means faulty framing; TE with CL is a smuggling attempt.
            if head.version == .http1_0 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            if !contentLengths.isEmpty { throw .badRequest("both Transfer-Encoding and Content-Length") }
            let codings = HTTPSyntax.listElements(transferEncodings)
            if codings.isEmpty { throw .badRequest("empty Transfer-Encoding") }
            // Only a single `chunked` is implemented; anything else (gzip, chunked twice, a
            // coding after chunked) is a transfer coding we do not understand: 501 (§6.1).
            guard codings == ["chunked"] else { throw .notImplemented("unsupported transfer coding") }
            return .chunked
        }
        if !contentLengths.isEmpty {
            let length = try parseContentLength(contentLengths)
            if length > limits.maxBodyBytes { throw .bodyTooLarge() }
            return length == 0 ? .none : .length(length)
        }
        // §6.3 item 7: a request with neither is a request with no body.
        return .none
    }

    /// Content-Length = 1*DIGIT (RFC 9110 §8.6). Repeated fields or a list are accepted only
    /// when every element is the same number (§8.6 allows that); anything else is 400.
    /// A value too large for `Int` is valid syntax but certainly over the limit: `Int.max`.
    static func parseContentLength(_ values: [String]) throws(HTTPParserError) -> Int {
        var result: Int?
        for element in values.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = HTTPSyntax.trimOWS(element).utf8
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .badRequest("invalid Content-Length")
            }
            var value = 0
            for d in digits {
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(d - UInt8(ascii: "0")))
                if o1 || o2 {
                    value = Int.max
                    break
                }
                value = sum
            }
            if let previous = result, previous != value { throw .badRequest("conflicting Content-Length values") }
            result = value
        }
        guard let length = result else { throw .badRequest("invalid Content-Length") }
        return length
    }
}
