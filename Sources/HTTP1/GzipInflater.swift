// API CONTRACT (skeleton): the HTTP1 owner implements it with zlib (CZlib).
import CZlib

public enum GzipInflater {
    /// Inflates a gzip (or zlib) body; throws 413 as soon as the output would exceed `limit`,
    /// 400 for corrupt data.
    public static func inflate(_ bytes: [UInt8], limit: Int) throws(HTTPParserError) -> [UInt8] { bytes }
}
