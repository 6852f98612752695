/// What the incremental parser yields, in order, for each request on a connection:
/// `.head`, zero or more `.body`, then `.end`. Pipelined requests follow one another.
public enum HTTPRequestPart: Sendable, Equatable {
    case head(HTTPRequestHead)
    case body([UInt8])
    case end
}

/// A bytes-in, parts-out HTTP/1.1 request parser (RFC 9112). No I/O.
/// Feed bytes with `append`, then call `next()` until it returns nil (needs more bytes).
///
/// The parser is a state machine over one growing buffer: complete lines are consumed as soon
/// as they arrive (each byte is scanned once, the scan resumes where it stopped), body bytes are
/// handed out as they arrive in parts of at most `maxBodyPartBytes`, and consumed bytes are
/// compacted away on the next `append`. After a thrown error the parser stays failed: the
/// connection must answer `error.status` and close, since framing can no longer be trusted.
public struct HTTPRequestParser: Sendable {
    public let limits: HTTPLimits

    /// The largest `.body` part handed out at once.
    public static let maxBodyPartBytes = 64 * 1024

    enum State: Sendable, Equatable {
        case head
        case fixedBody
        case chunkSize
        case chunkData
        case chunkDataEnd
        case trailers
        case endPending
        case failed(HTTPParserError)
    }

    var buffer: [UInt8] = []
    /// First byte not yet consumed.
    var readIndex = 0
    /// Where the line scanner resumes; bytes in `readIndex..<scanIndex` hold no line terminator.
    var scanIndex = 0
    var state: State = .head
    var head = HeadBuilder()
    /// Bytes left in the fixed-length body or in the current chunk.
    var bodyRemaining = 0
    /// De-chunked body bytes so far (bounded by `limits.maxBodyBytes`).
    var bodyTotal = 0
    /// Bytes of the chunked trailer section so far (bounded by `limits.maxHeaderBytes`).
    var trailerBytes = 0

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Buffers bytes; ignored once the parser has failed (the connection is closing anyway).
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if case .failed = state { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete part, nil when more input is needed.
    public mutating func next() throws(HTTPParserError) -> HTTPRequestPart? {
        if case .failed(let error) = state { throw error }
        do {
            return try step()
        } catch {
            state = .failed(error)
            buffer = []
            readIndex = 0
            scanIndex = 0
            throw error
        }
    }

    /// True when bytes of an unfinished request are buffered (used for slow-header timeouts).
    /// Empty lines already skipped before a request line do not count: a keep-alive client that
    /// sends CRLF after a body is idle, not slow (they still count toward the header limit).
    public var isMidRequest: Bool {
        state != .head || isReadingHead
    }

    /// True while the head of a request is incomplete: what a slow-header (slowloris) timeout watches.
    public var isReadingHead: Bool {
        state == .head && (head.requestLine != nil || readIndex < buffer.count)
    }

    /// The target of the request whose head is being read (or failed), once its request line
    /// is parsed: a server answers a bad head in the error shape of the route it was for.
    public var requestTarget: String? { head.requestLine?.target }

    /// Bytes appended but not yet handed out or consumed; a server stops reading while this
    /// grows (pipelined requests queue here) to keep memory bounded.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    mutating func step() throws(HTTPParserError) -> HTTPRequestPart? {
        while true {
            switch state {
            case .head:
                return try parseHead()
            case .fixedBody:
                guard let part = takeBody() else { return nil }
                if bodyRemaining == 0 { state = .endPending }
                return .body(part)
            case .chunkSize:
                guard try parseChunkSize() else { return nil }
            case .chunkData:
                guard let part = takeBody() else { return nil }
                if bodyRemaining == 0 { state = .chunkDataEnd }
                return .body(part)
            case .chunkDataEnd:
                guard try parseChunkDataEnd() else { return nil }
            case .trailers:
                guard try parseTrailers() else { return nil }
            case .endPending:
                state = .head
                head = HeadBuilder()
                bodyTotal = 0
                trailerBytes = 0
                return .end
            case .failed(let error):
                throw error
            }
        }
    }

    /// Hands out up to `bodyRemaining` buffered bytes.
    mutating func takeBody() -> [UInt8]? {
        let count = min(buffer.count - readIndex, bodyRemaining, Self.maxBodyPartBytes)
        guard count > 0 else { return nil }
        let part = Array(buffer[readIndex..<(readIndex + count)])
        readIndex += count
        scanIndex = readIndex
        bodyRemaining -= count
        return part
    }

    /// Drops consumed bytes: all of them when everything was consumed (the common case, free),
    /// otherwise only once they are at least half the buffer, so compaction stays amortised O(1).
    mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
        } else {
            return
        }
        scanIndex -= readIndex
        readIndex = 0
    }
}
