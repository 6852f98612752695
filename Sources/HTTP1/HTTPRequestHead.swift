/// The parsed request line and header section (RFC 9112 §3, §5).
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: HTTPMethod
    /// The request-target exactly as sent (origin-form `/path?query` in practice).
    public var target: String
    public var version: HTTPVersion
    public var fields: HTTPFields

    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, fields: HTTPFields = HTTPFields()) {
        self.method = method
        self.target = target
        self.version = version
        self.fields = fields
    }

    /// The path component of the target, without the query.
    public var path: String {
        if let q = target.firstIndex(of: "?") { return String(target[..<q]) }
        return target
    }

    /// The query component of the target, without the `?`, if any.
    public var query: String? {
        guard let q = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: q)...])
    }
}

/// A response status line and header section.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: HTTPStatus
    public var version: HTTPVersion
    public var fields: HTTPFields

    public init(status: HTTPStatus, version: HTTPVersion = .http1_1, fields: HTTPFields = HTTPFields()) {
        self.status = status
        self.version = version
        self.fields = fields
    }
}
