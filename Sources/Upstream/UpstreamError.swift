// Errors of the upstream client. A struct with static members (as in async-http-client's HTTPClientError)
// so new kinds can be added without breaking `switch`es; equality compares the kind only, which lets tests write
// `#expect(throws: UpstreamError.timeout)` and callers write `error == .connectFailed`.

/// Why an upstream exchange failed, with the libcurl code and message when libcurl reported it.
public struct UpstreamError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// DNS, TCP connect or proxy connect failed (nothing reached the upstream).
        case connectFailed
        /// Connect, first-byte, idle-stream, total timeout or the caller's deadline expired.
        case timeout
        /// TLS handshake or certificate verification failed.
        case tls
        /// The upstream answered something that is not valid HTTP, closed mid-response, or sent an oversized head.
        case protocolError
        /// The body exceeded the bound given to `collect(upTo:)`.
        case bodyTooLarge
        /// The caller cancelled (task cancellation, dropped body) or the client shut down.
        case cancelled
        /// The request cannot be sent as given (bad path, header name or value).
        case invalidRequest
    }

    public let kind: Kind
    /// The `CURLcode` that ended the transfer, when libcurl reported the failure.
    public let curlCode: Int?
    /// A short explanation: `curl_easy_strerror(3)` text or our own; never contains header values or bodies.
    public let message: String

    public init(kind: Kind, curlCode: Int? = nil, message: String = "") {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message.isEmpty ? kind.rawValue : message
    }

    public static let connectFailed = UpstreamError(kind: .connectFailed)
    public static let timeout = UpstreamError(kind: .timeout)
    public static let tls = UpstreamError(kind: .tls)
    public static let protocolError = UpstreamError(kind: .protocolError)
    public static let bodyTooLarge = UpstreamError(kind: .bodyTooLarge)
    public static let cancelled = UpstreamError(kind: .cancelled)
    public static let invalidRequest = UpstreamError(kind: .invalidRequest)

    /// The status a gateway answers its own client with (RFC 9110 §15.6.5 504 Gateway Timeout for timeouts,
    /// §15.6.3 502 Bad Gateway for every other upstream failure).
    public var httpStatus: Int {
        kind == .timeout ? 504 : 502
    }

    public var description: String {
        if let curlCode { return "upstream \(kind.rawValue) (curl \(curlCode)): \(message)" }
        return "upstream \(kind.rawValue): \(message)"
    }

    public static func == (lhs: UpstreamError, rhs: UpstreamError) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}
