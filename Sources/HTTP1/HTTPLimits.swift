/// Bounds on what one request may make the server hold in memory.
public struct HTTPLimits: Sendable, Equatable {
    /// Request line plus header section, in bytes (over → 431; an over-long request line → 414/400).
    public var maxHeaderBytes: Int
    /// Body bytes after de-chunking, and after gzip inflation (over → 413).
    public var maxBodyBytes: Int

    public init(maxHeaderBytes: Int = 32 * 1024, maxBodyBytes: Int = 10 * 1024 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}
