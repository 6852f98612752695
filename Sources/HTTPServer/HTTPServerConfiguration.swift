import HTTP1

/// Everything that shapes how the server listens and how long it waits.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind: `127.0.0.1`, `0.0.0.0`, `::1`, `::` or a host name (getaddrinfo).
    public var host: String
    /// Port to bind; 0 asks the kernel for an ephemeral one (see `HTTPServer.waitUntilListening`).
    public var port: Int
    /// listen(2) backlog.
    public var backlog: Int
    /// Header and body size limits per request.
    public var limits: HTTPLimits
    /// Time allowed from a request's first byte (or the connection's accept) until its header
    /// section is complete, and the longest pause between body reads. Slowloris → 408, close.
    public var headerTimeout: Duration
    /// How long an idle keep-alive connection waits for its next request before it is closed;
    /// also the longest a response write may wait for a client that does not read.
    public var idleTimeout: Duration
    /// On `shutdown()`, how long in-flight requests and streams may run before they are cut.
    public var shutdownGrace: Duration
    /// Connections over this number are answered 503 and closed.
    public var maxConnections: Int
    /// Time allowed for a request's whole body, from the end of its head (whatever the pace of
    /// the reads). A body that takes longer gets 408 and the connection closes.
    public var bodyTimeout: Duration
    /// Request body bytes all connections together may hold at once, from the first body byte
    /// read (a declared Content-Length is counted in full before reading) until the request
    /// is answered. A body that would go past it gets 503 + `Retry-After` and the connection
    /// closes. Should be at least `limits.maxBodyBytes`, or the largest bodies never fit.
    public var maxBufferedBodyBytes: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        backlog: Int = 1024,
        limits: HTTPLimits = HTTPLimits(),
        headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        shutdownGrace: Duration = .seconds(10),
        maxConnections: Int = 10_000,
        bodyTimeout: Duration = .seconds(30),
        maxBufferedBodyBytes: Int = 256 * 1024 * 1024
    ) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.limits = limits
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.shutdownGrace = shutdownGrace
        self.maxConnections = maxConnections
        self.bodyTimeout = bodyTimeout
        self.maxBufferedBodyBytes = maxBufferedBodyBytes
    }
}
