import HTTP1
import Sockets

/// A raw HTTP/1.1 client over a real loopback socket: sends bytes verbatim and parses
/// responses just enough to check them (status, fields, Content-Length / chunked / close bodies).
public final class TestClient {
    public let socket: AsyncSocket
    public var buffer: [UInt8] = []
    public let timeout: Duration

    public init(socket: AsyncSocket, timeout: Duration) {
        self.socket = socket
        self.timeout = timeout
    }

    public static func connect(port: Int, host: String = "127.0.0.1", timeout: Duration = .seconds(10)) async throws -> TestClient {
        TestClient(socket: try await AsyncSocket.connect(host: host, port: port, deadline: .now + timeout), timeout: timeout)
    }

    public func send(_ text: String) async throws { try await send(Array(text.utf8)) }
    public func send(_ bytes: [UInt8]) async throws { try await socket.write(bytes, deadline: .now + timeout) }

    /// Reads more bytes into `buffer`; false at end of stream.
    @discardableResult
    public func fill() async throws -> Bool {
        try await socket.read(into: &buffer, deadline: .now + timeout) > 0
    }

    /// Reads through the next CRLF CRLF and returns the status code and fields.
    public func readHead() async throws -> (status: Int, fields: HTTPFields) {
        while true {
            if let end = buffer.firstRange(of: [13, 10, 13, 10]) {
                let text = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<end.upperBound)
                var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
                let statusLine = lines.removeFirst().split(separator: " ")
                var fields = HTTPFields()
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    fields.append(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: " "))
                }
                return (Int(statusLine[1]) ?? 0, fields)
            }
            guard try await fill() else { throw TestClientError.closedEarly }
        }
    }

    /// Reads one whole response. `head` means a HEAD request (no body whatever the fields say).
    public func readResponse(head: Bool = false) async throws -> TestResponse {
        let (status, fields) = try await readHead()
        var body: [UInt8] = []
        if head || status == 204 || status == 304 || status < 200 {
            // no body
        } else if let length = fields["Content-Length"].flatMap({ Int($0) }) {
            body = try await readExactly(length)
        } else if fields["Transfer-Encoding"]?.lowercased() == "chunked" {
            while let chunk = try await readChunk() { body += chunk }
        } else {
            body = try await readUntilClosed()
        }
        return TestResponse(status: status, fields: fields, body: body)
    }

    public func readExactly(_ count: Int) async throws -> [UInt8] {
        while buffer.count < count {
            guard try await fill() else { throw TestClientError.closedEarly }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer.prefix(count))
    }

    public func readLine() async throws -> String {
        while true {
            if let end = buffer.firstRange(of: [13, 10]) {
                defer { buffer.removeSubrange(..<end.upperBound) }
                return String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
            }
            guard try await fill() else { throw TestClientError.closedEarly }
        }
    }

    /// One chunk of a chunked body; nil after the last-chunk (and its empty trailer).
    public func readChunk() async throws -> [UInt8]? {
        let sizeLine = try await readLine()
        guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw TestClientError.badChunk }
        if size == 0 {
            _ = try await readLine()
            return nil
        }
        let data = try await readExactly(size)
        _ = try await readExactly(2)
        return data
    }

    public func readUntilClosed() async throws -> [UInt8] {
        while try await fill() {}
        defer { buffer = [] }
        return buffer
    }

    /// True when the server closes the connection (EOF or reset) within the timeout.
    public func isClosedByServer() async -> Bool {
        do {
            while try await fill() {}
            return true
        } catch SocketError.disconnected {
            return true
        } catch {
            return false
        }
    }

    public func close() { socket.close() }
}

public enum TestClientError: Error { case closedEarly, badChunk }

public struct TestResponse {
    public var status: Int
    public var fields: HTTPFields
    public var body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }

    public init(status: Int, fields: HTTPFields, body: [UInt8]) {
        self.status = status
        self.fields = fields
        self.body = body
    }
}

extension String {
    public func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
