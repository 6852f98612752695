import CZlib

/// Undoes `Content-Encoding: gzip` / `deflate` on a request body with zlib, bounded.
public enum GzipInflater {
    /// Output is produced in slices of at most this many bytes.
    static let sliceBytes = 64 * 1024

    /// Inflates a gzip (or zlib) body; throws 413 as soon as the output would exceed `limit`,
    /// 400 for corrupt data.
    ///
    /// windowBits 15 + 32 makes zlib detect a gzip or zlib header by itself (zlib.h,
    /// inflateInit2). Each `inflate` call gets at most `limit + 1 - produced` bytes of room, so a
    /// gzip bomb is stopped after `limit + 1` output bytes and never allocates more. Concatenated
    /// gzip members are accepted (RFC 1952 §2.2); anything after the last member is corrupt data.
    public static func inflate(_ bytes: [UInt8], limit: Int) throws(HTTPParserError) -> [UInt8] {
        let limit = max(limit, 0)
        guard bytes.count <= Int(UInt32.max) else { throw .bodyTooLarge() }
        var stream = z_stream()
        guard CZlib_inflateInit2(&stream, 15 + 32) == Z_OK else {
            throw HTTPParserError(status: .internalServerError, message: "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var slice = [UInt8](repeating: 0, count: min(sliceBytes, limit + 1))
        let outcome: Outcome = bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let room = min(slice.count, limit + 1 - output.count)
                var produced = 0
                let rc = slice.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(room)
                    let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced = room - Int(stream.avail_out)
                    return rc
                }
                output.append(contentsOf: slice[0..<produced])
                if output.count > limit { return .tooLarge }
                switch rc {
                case Z_STREAM_END:
                    guard stream.avail_in > 0 else { return .done }
                    guard inflateReset(&stream) == Z_OK else { return .corrupt }
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible. Every call has output room, so the input ran out
                    // before the end of the stream: truncated.
                    return .corrupt
                case Z_MEM_ERROR:
                    return .outOfMemory
                default:  // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR
                    return .corrupt
                }
            }
        }
        switch outcome {
        case .done: return output
        case .tooLarge: throw .bodyTooLarge()
        case .corrupt: throw .badRequest("corrupt or truncated compressed body")
        case .outOfMemory: throw HTTPParserError(status: .internalServerError, message: "zlib out of memory")
        }
    }

    private enum Outcome {
        case done, tooLarge, corrupt, outOfMemory
    }
}
