// API CONTRACT (skeleton): the HTTP1 owner replaces the bodies, keeps these signatures.

/// Serialises responses (RFC 9112 §4, §7.1). No I/O.
public enum HTTPResponseEncoder {
    /// Status line and header section, ending with the empty line.
    public static func encodeHead(_ head: HTTPResponseHead) -> [UInt8] { [] }
    /// One chunk of a chunked body (`size CRLF data CRLF`); empty input encodes nothing.
    public static func encodeChunk(_ bytes: some Collection<UInt8>) -> [UInt8] { [] }
    /// The last-chunk and empty trailer section.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
}
