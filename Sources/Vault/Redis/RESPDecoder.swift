/// An incremental RESP2 reply decoder: bytes in (any split), values out, no I/O.
///
/// `next()` returns nil until a whole value is buffered and consumes nothing until then, so a
/// reply cut anywhere — even inside `\r\n` — decodes the same as one delivered whole (tested
/// with the drip-feed verifier). Bounded: lines, bulk lengths, array sizes and nesting all have
/// limits, so a confused or hostile server cannot make Veil allocate without end.
public struct RESPDecoder: Sendable {
    public struct Limits: Sendable {
        public var maxLineBytes = 64 * 1024
        public var maxBulkBytes = 64 * 1024 * 1024
        public var maxArrayCount = 1024 * 1024
        public var maxDepth = 8
        public init() {}
    }

    public let limits: Limits
    private var buffer: [UInt8] = []
    private var offset = 0

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Bytes received but not yet returned as a value.
    public var bufferedCount: Int { buffer.count - offset }

    public mutating func feed(_ bytes: some Collection<UInt8>) {
        if offset > 0, offset >= buffer.count / 2 {  // compact: drop what was consumed
            buffer.removeFirst(offset)
            offset = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete value, or nil when more bytes are needed.
    public mutating func next() throws(RESPError) -> RESPValue? {
        guard let (value, end) = try parse(at: offset, depth: 0) else { return nil }
        offset = end
        return value
    }

    /// Parses one value starting at `i`; nil when incomplete. Returns the index past it.
    private func parse(at i: Int, depth: Int) throws(RESPError) -> (RESPValue, Int)? {
        guard depth <= limits.maxDepth else { throw .tooDeep }
        guard i < buffer.count else { return nil }
        let type = buffer[i]
        guard let (line, afterLine) = try line(from: i + 1) else { return nil }
        switch type {
        case UInt8(ascii: "+"):
            return (.simpleString(String(decoding: line, as: UTF8.self)), afterLine)
        case UInt8(ascii: "-"):
            return (.error(String(decoding: line, as: UTF8.self)), afterLine)
        case UInt8(ascii: ":"):
            return (.integer(try Self.integer(line)), afterLine)
        case UInt8(ascii: "$"):
            let length = try Self.integer(line)
            if length == -1 { return (.bulkString(nil), afterLine) }
            guard length >= 0, length <= limits.maxBulkBytes else { throw .lengthOutOfRange(length) }
            let end = afterLine + Int(length)
            guard end + 2 <= buffer.count else { return nil }
            guard buffer[end] == 13, buffer[end + 1] == 10 else { throw .missingTerminator }
            return (.bulkString(Array(buffer[afterLine..<end])), end + 2)
        case UInt8(ascii: "*"):
            let count = try Self.integer(line)
            if count == -1 { return (.array(nil), afterLine) }
            guard count >= 0, count <= limits.maxArrayCount else { throw .lengthOutOfRange(count) }
            var items: [RESPValue] = []
            var cursor = afterLine
            for _ in 0..<count {
                guard let (item, next) = try parse(at: cursor, depth: depth + 1) else { return nil }
                items.append(item)
                cursor = next
            }
            return (.array(items), cursor)
        default:
            throw .unknownType(type)
        }
    }

    /// The bytes up to the next CRLF starting at `start`, and the index after the CRLF.
    private func line(from start: Int) throws(RESPError) -> (ArraySlice<UInt8>, Int)? {
        var j = start
        while j < buffer.count {
            if buffer[j] == 13 {
                guard j + 1 < buffer.count else { return nil }
                guard buffer[j + 1] == 10 else { throw .missingTerminator }
                return (buffer[start..<j], j + 2)
            }
            if buffer[j] == 10 { throw .missingTerminator }  // a bare LF is not RESP
            j += 1
            if j - start > limits.maxLineBytes { throw .lineTooLong }
        }
        if j - start > limits.maxLineBytes { throw .lineTooLong }
        return nil
    }

    private static func integer(_ line: ArraySlice<UInt8>) throws(RESPError) -> Int64 {
        guard let n = Int64(String(decoding: line, as: UTF8.self)) else { throw .invalidInteger }
        return n
    }
}

/// A reply that is not valid RESP2 (or exceeds a limit); the connection cannot be trusted after it.
public enum RESPError: Error, Sendable, Equatable {
    case unknownType(UInt8)
    case invalidInteger
    case missingTerminator
    case lineTooLong
    case lengthOutOfRange(Int64)
    case tooDeep
}
