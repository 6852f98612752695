import HTTP1

/// How one response is framed and whether the connection survives it — the pure core of the
/// connection's keep-alive logic (RFC 9112 §6, §9.3), tested without sockets.
public struct ResponsePlan: Sendable, Equatable {
    public enum Framing: Sendable, Equatable {
        /// No body by definition (1xx, 204, 304): no Content-Length either (RFC 9110 §8.6).
        case none
        case contentLength(Int)
        /// `Transfer-Encoding: chunked` (HTTP/1.1 clients).
        case chunked
        /// Body ends when the connection closes (HTTP/1.0 clients cannot take chunked, RFC 9112 §7).
        case closeDelimited
    }

    public var framing: Framing
    /// False for HEAD and bodiless statuses: the head is sent as for GET, no body bytes.
    public var writesBody: Bool
    public var keepAlive: Bool

    /// - Parameters:
    ///   - streamed: the handler returned `.stream` (length unknown up front).
    ///   - bodyCount: the length of a `.bytes` body.
    ///   - draining: the server is shutting down; finish this exchange, then close.
    public init(request: HTTPRequestHead, status: HTTPStatus, streamed: Bool, bodyCount: Int, draining: Bool) {
        let bodiless = (100..<200).contains(status.code) || status.code == 204 || status.code == 304
        let isHead = request.method == .head
        writesBody = !bodiless && !isHead
        if bodiless {
            framing = .none
        } else if !streamed {
            framing = .contentLength(bodyCount)
        } else if request.version == .http1_0 {
            framing = .closeDelimited
        } else {
            framing = .chunked
        }
        let closesToDelimit = framing == .closeDelimited && writesBody
        // RFC 9112 §9.3: HTTP/1.1 persists unless `close`; HTTP/1.0 only with `keep-alive`.
        keepAlive = request.keepAlive && !draining && !closesToDelimit
    }

    /// Replaces the handler's framing fields with the server's own, and adds `Connection`.
    public func apply(to fields: inout HTTPFields, requestVersion: HTTPVersion) {
        fields.remove(name: "Content-Length")
        fields.remove(name: "Transfer-Encoding")
        fields.remove(name: "Connection")
        switch framing {
        case .none, .closeDelimited: break
        case .contentLength(let count): fields.append(name: "Content-Length", value: String(count))
        case .chunked: fields.append(name: "Transfer-Encoding", value: "chunked")
        }
        if !keepAlive {
            fields.append(name: "Connection", value: "close")
        } else if requestVersion == .http1_0 {
            fields.append(name: "Connection", value: "keep-alive")
        }
    }
}
