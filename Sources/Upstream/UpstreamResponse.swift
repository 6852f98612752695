/// The final response head and its streaming body. `execute` returns it as soon as the head is complete.
public struct UpstreamResponse: Sendable {
    public let status: Int
    /// Field lines of the final head in order, duplicates kept (1xx heads and trailers excluded). When libcurl
    /// decoded a content coding, `Content-Encoding` and `Content-Length` are removed: they describe bytes the
    /// caller never sees.
    public let headers: [(String, String)]
    public let body: UpstreamBody

    public init(status: Int, headers: [(String, String)], body: UpstreamBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Values of every field named `name` (case-insensitive), in order.
    public func headerValues(_ name: String) -> [String] {
        let lower = name.lowercased()
        return headers.filter { $0.0.lowercased() == lower }.map(\.1)
    }
}
