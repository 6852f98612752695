/// Status and fields of the final response head.
struct ResponseHead: Sendable {
    var status: Int
    var headers: [(String, String)]
}

/// Assembles the final response head from the lines libcurl hands to CURLOPT_HEADERFUNCTION(3): "called once for
/// each header ... only complete header lines", status line and the empty line that ends a head included, for every
/// head of the exchange — 1xx interim heads (RFC 9110 §15.2) come first and are skipped; chunked trailers come after
/// the body and are ignored. Pure: no libcurl, tested line by line.
struct ResponseHeadParser {
    enum Event: Equatable {
        /// The line was absorbed; more lines are expected (or the head is already complete and this was a trailer).
        case needMore
        /// A 1xx head ended; the final head follows.
        case interim
        /// The final head ended.
        case complete
        /// The head exceeded `maxBytes`.
        case tooLarge
        /// The line is not a status line or field line.
        case malformed
    }

    let maxBytes: Int
    private var seenBytes = 0
    private var status: Int?
    private var fields: [(String, String)] = []
    /// The final head, once `.complete` was returned.
    private(set) var head: ResponseHead?

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// libcurl's buffer, read in place: no copy of the line into an array on the transfer thread.
    mutating func consume(line raw: UnsafeRawBufferPointer) -> Event {
        consume(bytes: raw[...])
    }

    mutating func consume(line raw: [UInt8]) -> Event {
        consume(bytes: raw[...])
    }

    private mutating func consume<Bytes: BidirectionalCollection<UInt8>>(bytes raw: Bytes) -> Event
    where Bytes.SubSequence == Bytes {
        if head != nil { return .needMore }
        seenBytes += raw.count
        guard seenBytes <= maxBytes else { return .tooLarge }
        var line = raw[...]
        while let last = line.last, last == 0x0A || last == 0x0D { line.removeLast() }

        guard let currentStatus = status else {
            guard let parsed = Self.parseStatusLine(line) else { return .malformed }
            status = parsed
            return .needMore
        }
        if line.isEmpty {
            // 101 would switch protocols, which this client never asks for; every other 1xx is interim.
            if (100..<200).contains(currentStatus), currentStatus != 101 {
                status = nil
                fields.removeAll()
                return .interim
            }
            head = ResponseHead(status: currentStatus, headers: fields)
            return .complete
        }
        if line.first == 0x20 || line.first == 0x09 {
            // RFC 9112 §5.2: obsolete line folding; replace the fold with a single space.
            guard !fields.isEmpty else { return .malformed }
            let continuation = String(decoding: Self.trimmed(line), as: UTF8.self)
            fields[fields.count - 1].1 += " " + continuation
            return .needMore
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
              line[..<colon].allSatisfy(UpstreamRequest.isTokenByte) else { return .malformed }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: Self.trimmed(line[line.index(after: colon)...]), as: UTF8.self)
        fields.append((name, value))
        return .needMore
    }

    /// "HTTP/1.1 200 OK", "HTTP/2 200" (libcurl's spelling for HTTP/2 and 3): the three digits after the version.
    static func parseStatusLine<Bytes: BidirectionalCollection<UInt8>>(_ line: Bytes) -> Int?
    where Bytes.SubSequence == Bytes {
        guard line.starts(with: "HTTP/".utf8) else { return nil }
        guard let space = line.firstIndex(of: 0x20) else { return nil }
        let digits = line[line.index(after: space)...].prefix(3)
        guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let rest = line[line.index(after: space)...].dropFirst(3)
        guard rest.isEmpty || rest.first == 0x20 else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    static func trimmed<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes
    where Bytes.SubSequence == Bytes {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice.removeFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice.removeLast() }
        return slice
    }
}

extension ResponseHead {
    /// libcurl inflates the codings it advertised through CURLOPT_ACCEPT_ENCODING(3) before the write callback sees
    /// the body, so `Content-Encoding` and the coded `Content-Length` no longer describe the bytes we deliver:
    /// drop both when every listed coding is one libcurl decodes.
    func removingDecodedContentCoding() -> ResponseHead {
        let codings = headers.filter { $0.0.lowercased() == "content-encoding" }
            .flatMap { $0.1.split(separator: ",") }
            .map { $0.trimmingSpaces().lowercased() }
            .filter { !$0.isEmpty && $0 != "identity" }
        guard !codings.isEmpty, codings.allSatisfy(Self.decodedCodings.contains) else { return self }
        var copy = self
        copy.headers.removeAll { ["content-encoding", "content-length"].contains($0.0.lowercased()) }
        return copy
    }

    static let decodedCodings: Set<String> = ["gzip", "x-gzip", "deflate", "br", "zstd"]
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
