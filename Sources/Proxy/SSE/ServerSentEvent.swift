/// One Server-Sent Event as framed on the wire (WHATWG HTML §9.2 "event stream").
/// Only the fields Veil rewrites are modelled; any other field lines are kept verbatim.
public struct ServerSentEvent: Sendable, Equatable {
    /// `event:` value, if present.
    public var event: String?
    /// The `data:` lines joined with `\n`, as the spec defines the event's data.
    public var data: String
    /// Field lines other than `event`/`data` (`id:`, `retry:`, comments), in order, without line endings.
    public var otherLines: [String]
    /// The event had at least one `data:` line. An event without one (a `: keep-alive` comment,
    /// a lone `id:` or `retry:`) dispatches nothing on the client and must be written back without
    /// a `data:` line: inventing `data: ` made the openai SDK parse an empty string as JSON
    /// (issue #15, item 9).
    public var hasData: Bool

    public init(event: String? = nil, data: String, otherLines: [String] = [], hasData: Bool = true) {
        self.event = event
        self.data = data
        self.otherLines = otherLines
        self.hasData = hasData || !data.isEmpty
    }

    /// Serialises the event, terminated by the blank line that dispatches it.
    public var encoded: [UInt8] {
        var out = ""
        for line in otherLines { out += line + "\n" }
        if let event { out += "event: \(event)\n" }
        // A data value with newlines must be split into several data lines.
        if hasData {
            for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
                out += "data: \(line)\n"
            }
        }
        out += "\n"
        return Array(out.utf8)
    }
}
