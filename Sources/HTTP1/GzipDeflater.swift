import CZlib

/// gzip compression (RFC 1952) with zlib, one shot. Used by tests and for compressed fixtures.
public enum GzipDeflater {
    /// The gzip encoding of `bytes`. windowBits 15 + 16 asks zlib for a gzip wrapper (zlib.h,
    /// deflateInit2); `deflateBound` sizes the output so one `Z_FINISH` call completes.
    /// Throws 500 only if zlib itself fails (out of memory).
    public static func deflate(_ bytes: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) throws(HTTPParserError) -> [UInt8] {
        let failure = HTTPParserError(status: .internalServerError, message: "zlib deflate failed")
        guard bytes.count <= Int(UInt32.max) else { throw failure }
        var stream = z_stream()
        guard CZlib_deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK else {
            throw failure
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let written: Int? = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                guard CZlib.deflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
                return out.count - Int(stream.avail_out)
            }
        }
        guard let written else { throw failure }
        output.removeSubrange(written...)
        return output
    }
}
