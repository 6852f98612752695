import HTTP1

/// A complete request as handlers see it: head plus the whole body (bounded by `HTTPLimits`,
/// de-chunked and gzip-inflated by the server).
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// Values of `:name` segments matched by the router.
    public var pathParameters: [String: String]
    /// Unique per request, for logs (`request.id`).
    public var id: String

    public init(head: HTTPRequestHead, body: [UInt8] = [], pathParameters: [String: String] = [:], id: String = "") {
        self.head = head
        self.body = body
        self.pathParameters = pathParameters
        self.id = id
    }

    public var method: HTTPMethod { head.method }
    public var path: String { head.path }
    public var fields: HTTPFields { head.fields }
}
