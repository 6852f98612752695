/// Short random ids for `request.id` in logs: 12 hex digits (48 bits) is unique enough to
/// correlate log lines, short enough to read.
enum RequestID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() & 0xFFFF_FFFF_FFFF
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }
}
