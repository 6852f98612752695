// API CONTRACT (skeleton): the HTTP1 owner replaces the bodies, keeps these signatures.

/// What the incremental parser yields, in order, for each request on a connection:
/// `.head`, zero or more `.body`, then `.end`. Pipelined requests follow one another.
public enum HTTPRequestPart: Sendable, Equatable {
    case head(HTTPRequestHead)
    case body([UInt8])
    case end
}

/// A bytes-in, parts-out HTTP/1.1 request parser (RFC 9112). No I/O.
/// Feed bytes with `append`, then call `next()` until it returns nil (needs more bytes).
public struct HTTPRequestParser: Sendable {
    public let limits: HTTPLimits

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) {}

    /// The next complete part, nil when more input is needed.
    public mutating func next() throws(HTTPParserError) -> HTTPRequestPart? { nil }

    /// True when bytes of an unfinished request are buffered (used for slow-header timeouts).
    public var isMidRequest: Bool { false }
}

/// A request the parser rejects; `status` is what the client gets before the connection closes.
public struct HTTPParserError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    public var message: String

    public init(status: HTTPStatus, message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code): \(message)" }
}
