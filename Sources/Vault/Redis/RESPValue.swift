/// One RESP2 value (https://redis.io/docs/latest/develop/reference/protocol-spec/).
/// Bulk strings are bytes, not text: the vault stores sealed binary values.
public enum RESPValue: Sendable, Equatable {
    /// `+OK\r\n`
    case simpleString(String)
    /// `-ERR message\r\n`
    case error(String)
    /// `:42\r\n`
    case integer(Int64)
    /// `$3\r\nabc\r\n`; nil is the null bulk string `$-1\r\n` (GET of a missing key).
    case bulkString([UInt8]?)
    /// `*2\r\n…`; nil is the null array `*-1\r\n`.
    case array([RESPValue]?)

    /// The wire form (the encoder clients need is only "array of bulk strings", see
    /// ``command(_:)``; the full encoder keeps the decoder tests symmetric).
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    func append(to out: inout [UInt8]) {
        switch self {
        case .simpleString(let s): out += Array("+\(s)\r\n".utf8)
        case .error(let s): out += Array("-\(s)\r\n".utf8)
        case .integer(let n): out += Array(":\(n)\r\n".utf8)
        case .bulkString(nil): out += Array("$-1\r\n".utf8)
        case .bulkString(let bytes?):
            out += Array("$\(bytes.count)\r\n".utf8)
            out += bytes
            out += [13, 10]
        case .array(nil): out += Array("*-1\r\n".utf8)
        case .array(let items?):
            out += Array("*\(items.count)\r\n".utf8)
            for item in items { item.append(to: &out) }
        }
    }

    /// A command as clients send it: an array of bulk strings (RESP spec, "Sending commands
    /// to a Redis server"). Binary-safe, so sealed values go as they are.
    public static func command(_ arguments: [[UInt8]]) -> [UInt8] {
        RESPValue.array(arguments.map { .bulkString($0) }).encoded
    }

    public static func command(_ arguments: String...) -> [UInt8] {
        command(arguments.map { Array($0.utf8) })
    }
}
