/// Incremental event-stream parser: upstream body chunks in, complete events out.
/// Handles CRLF, LF and CR line endings and events split across any chunk boundary.
/// The buffered partial event is bounded: a stream that never ends an event fails.
public struct SSEParser: Sendable {
    public struct TooLarge: Error, Sendable {}

    private var line: [UInt8] = []
    private var pendingCR = false
    private var event: String?
    private var dataLines: [String] = []
    private var otherLines: [String] = []
    private var bufferedBytes = 0
    public let maxEventBytes: Int

    public init(maxEventBytes: Int = 4 * 1024 * 1024) {
        self.maxEventBytes = maxEventBytes
    }

    /// True while part of an event is buffered.
    public var hasPartialEvent: Bool { !line.isEmpty || event != nil || !dataLines.isEmpty || !otherLines.isEmpty }

    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(TooLarge) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if pendingCR {
                pendingCR = false
                if byte == UInt8(ascii: "\n") { continue }  // CRLF: the CR already ended the line
            }
            switch byte {
            case UInt8(ascii: "\r"):
                pendingCR = true
                if let e = endLine() { events.append(e) }
            case UInt8(ascii: "\n"):
                if let e = endLine() { events.append(e) }
            default:
                line.append(byte)
                bufferedBytes += 1
                if bufferedBytes > maxEventBytes { throw TooLarge() }
            }
        }
        return events
    }

    /// Ends the stream: a final event without its blank line is dispatched (lenient, as browsers do not,
    /// but providers sometimes omit the last blank line and losing text would be worse).
    public mutating func finish() -> ServerSentEvent? {
        if !line.isEmpty { _ = endLine() }
        return dispatch()
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix(":") {
            otherLines.append(text)
            return nil
        }
        let name: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            name = Substring(text)
            value = ""
        }
        switch name {
        case "data": dataLines.append(String(value))
        case "event": event = String(value)
        default: otherLines.append(text)
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            event = nil
            dataLines.removeAll()
            otherLines.removeAll()
            bufferedBytes = 0
        }
        if dataLines.isEmpty && event == nil && otherLines.isEmpty { return nil }
        return ServerSentEvent(event: event, data: dataLines.joined(separator: "\n"), otherLines: otherLines, hasData: !dataLines.isEmpty)
    }
}
